/**
 * The pre-copy engine (host A's side: the save loop of src/sim/save-loop.ts and the stages of
 * src/machines/precopy.machine.ts, driven together by src/world/precopy-engine.ts) by its events, its
 * emitted events and its state alone: the world is played by the test, which answers
 * `migration.reserve`, confirms `guest.suspend` with `guest.suspended` at once (as the world does
 * once the pause has gone through), acknowledges each `batch.send` with `batch.sent`, writes guest
 * pages in between and finally reports `image.complete`.
 */
import { createActor, getInitialSnapshot, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { precopyMachine, type Batch, type PrecopyEmitted } from '../../src/machines/precopy.machine';
import { GuestMemory } from '../../src/sim/memory';
import { permutedPages, type SaveLoopSettings } from '../../src/sim/save-loop';
import { createPrecopyEngine } from '../../src/world/precopy-engine';

type Sent = Extract<PrecopyEmitted, { type: 'batch.send' }>;
type Trigger = 'migrate.start' | 'reserve.granted' | 'batch.sent' | 'image.complete';

function start(pages: number, over: Partial<SaveLoopSettings> = {}) {
  const memory = new GuestMemory(pages);
  const settings: SaveLoopSettings = { policy: 'xen3', rateLimit: 'none', skipRedirtied: false, linkBitsPerSec: 1e9, downtimeLimitMs: 300, ...over };
  const actor = createActor(precopyMachine);
  const engine = createPrecopyEngine(actor, memory, settings);
  const emitted: PrecopyEmitted[] = [];
  let now = 0;
  actor.on('*', (e) => {
    emitted.push(e as PrecopyEmitted);
    if (e.type === 'guest.suspend') engine.suspended(now);
  });
  actor.start();
  const at = (t: number) => (now = t);
  const send = (e: { type: Trigger } | { type: 'migrate.abort'; reason: string }) => {
    if (e.type === 'migrate.abort') engine.abort(now, e.reason);
    else if (e.type === 'migrate.start') engine.start(now);
    else if (e.type === 'reserve.granted') engine.granted(now);
    else if (e.type === 'batch.sent') engine.batchSent(now);
    else engine.imageComplete(now);
  };
  const batches = () => emitted.filter((e): e is Sent => e.type === 'batch.send');
  const types = () => emitted.map((e) => e.type);
  /** The loop's state and the machine's context together. */
  const ctx = () => ({ ...engine.loop, ...actor.getSnapshot().context });
  const value = () => actor.getSnapshot().value;
  /** Acknowledges batches until the engine has none in flight after `batch.sent`, or `limit` batches. */
  const ackAll = (limit = 10_000) => {
    for (let i = 0; i < limit && ctx().batchInFlight; i++) {
      now += 100;
      send({ type: 'batch.sent' });
    }
  };
  /** Starts the migration and grants the reservation. */
  const begin = () => {
    send({ type: 'migrate.start' });
    send({ type: 'reserve.granted' });
  };
  return { memory, actor, emitted, send, at, batches, types, ctx, value, ackAll, begin };
}

const pagesOf = (b: Sent) => Array.from(b.batch.pages);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('precopy machine: pure', () => {
  it('transition() gives the same next state and actions twice and changes nothing it was given', () => {
    const s0 = getInitialSnapshot(precopyMachine);
    const [reserving] = transition(precopyMachine, s0, { type: 'migrate.start', atUs: 5 });
    const progress = { steps: [{ kind: 'round.start' as const, round: 1, pages: 2048, final: false, rateBitsPerSec: 1e9 }], waits: 'batch' as const };
    const event = { type: 'reserve.granted' as const, atUs: 10, progress };
    const [a, actionsA] = transition(precopyMachine, reserving, event);
    const [b, actionsB] = transition(precopyMachine, reserving, event);
    expect(a.value).toBe('precopy');
    expect(b.value).toBe('precopy');
    expect(actionsA.map((x) => x.type)).toEqual(actionsB.map((x) => x.type));
    expect(a.context).toEqual(b.context);
    expect(reserving.value).toBe('reserving');
    // The machine holds no page and no memory: only the stage's two facts.
    expect(Object.keys(a.context).sort()).toEqual(['abortReason', 'suspendedAtUs']);
  });
});

describe('precopy engine: reservation', () => {
  it('is idle until migrate.start, then asks for a reservation and sends nothing before the grant', () => {
    const e = start(3000);
    expect(e.value()).toBe('idle');
    expect(e.emitted).toEqual([]);
    e.at(1_000_000);
    e.send({ type: 'migrate.start' });
    expect(e.value()).toBe('reserving');
    expect(e.types()).toEqual(['migration.reserve']);
    e.send({ type: 'batch.sent' }); // nothing to acknowledge yet
    expect(e.batches()).toEqual([]);
  });

  it('on the grant it enables log-dirty, starts round 1 with every page and sends the first batch', () => {
    const e = start(3000);
    e.begin();
    expect(e.types()).toEqual(['migration.reserve', 'logdirty.enable', 'round.start', 'batch.send']);
    expect(e.emitted[2]).toEqual({ type: 'round.start', round: 1, pages: 3000, final: false, rateBitsPerSec: 1e9 });
    expect(e.value()).toBe('precopy');
  });
});

describe('precopy engine: round 1', () => {
  it('sends every page in batches of at most 1024, one at a time: the next only after batch.sent', () => {
    const e = start(3000);
    e.begin();
    expect(e.batches()).toHaveLength(1);
    expect(pagesOf(e.batches()[0])).toEqual(range(0, 1024));
    expect(e.ctx().batchInFlight).toBe(true);
    e.at(40_000);
    e.send({ type: 'batch.sent' });
    expect(e.batches()).toHaveLength(2);
    expect(pagesOf(e.batches()[1])).toEqual(range(1024, 2048));
    e.at(80_000);
    e.send({ type: 'batch.sent' });
    expect(e.batches()).toHaveLength(3);
    expect(pagesOf(e.batches()[2])).toEqual(range(2048, 3000));
    for (const b of e.batches()) {
      expect(b.round).toBe(1);
      expect(b.final).toBe(false);
      expect(b.batch.final).toBe(false);
      expect(b.batch.pages.length).toBeLessThanOrEqual(1024);
      expect(b.batch.rateBitsPerSec).toBe(1e9);
    }
  });

  it('reads each page version when its batch is made', () => {
    const e = start(2048);
    e.memory.write(5);
    e.memory.write(5);
    e.memory.write(1500);
    e.begin(); // batch 1 (pages 0..1023) is read now: page 5 at version 2
    e.memory.write(1500); // before batch 2 is read: version 2
    e.memory.write(5); // after page 5 left: not in batch 1's copy
    e.send({ type: 'batch.sent' });
    const [b1, b2] = e.batches().map((b) => b.batch);
    expect(b1.versions[5]).toBe(2);
    expect(b2.versions[1500 - 1024]).toBe(2);
  });

  it('closing a round CLEANs the bitmap and plans the pages dirtied during it, in the order first dirtied', () => {
    const e = start(3000);
    e.memory.write(7); // before the round: cleaned by round 1's CLEAN, sent anyway in round 1
    e.at(1_000_000);
    e.begin();
    expect(e.memory.dirtyCount).toBe(0);
    for (const p of [2999, 12, 400, 12, 2999, 77, 1800, 5, 900, 2500]) e.memory.write(p);
    for (let p = 100; p < 150; p++) e.memory.write(p); // 50 more: round 2 will send 59 (>= 50)
    e.at(1_050_000);
    e.send({ type: 'batch.sent' });
    e.at(1_090_000);
    e.send({ type: 'batch.sent' });
    expect(e.types()).not.toContain('round.end');
    e.at(1_100_000);
    e.send({ type: 'batch.sent' });
    const dirtied = [2999, 12, 400, 77, 1800, 5, 900, 2500, ...range(100, 150)];
    const end = e.emitted.find((x) => x.type === 'round.end');
    expect(end).toEqual({ type: 'round.end', round: 1, sent: 3000, skipped: 0, dirtied: dirtied.length, final: false });
    expect(e.memory.dirtyCount).toBe(0);
    expect(e.ctx().rounds).toEqual([
      { index: 1, pagesSent: 3000, pagesSkipped: 0, startUs: 1_000_000, endUs: 1_100_000, rateBitsPerSec: 1e9, pagesDirtied: dirtied.length, final: false },
    ]);
    // Round 2 starts at once with those pages.
    const starts = e.emitted.filter((x) => x.type === 'round.start');
    expect(starts[1]).toEqual({ type: 'round.start', round: 2, pages: dirtied.length, final: false, rateBitsPerSec: 1e9 });
    const b = e.batches()[3];
    expect(b.round).toBe(2);
    expect(pagesOf(b)).toEqual(dirtied);
    expect(e.ctx().roundStartUs).toBe(1_100_000);
    expect(e.ctx().totalSent).toBe(3000);
  });

  it('a page written while its batch is on the wire is sent again in the next round, with its new version', () => {
    const e = start(2048);
    e.begin();
    e.memory.write(10); // page 10 is in the batch on the wire: it must go again
    e.send({ type: 'batch.sent' });
    e.memory.write(2000); // page 2000 is in the batch on the wire too
    e.send({ type: 'batch.sent' });
    const round2 = e.batches()[2];
    expect(round2.round).toBe(2);
    expect(pagesOf(round2)).toEqual([10, 2000]);
    expect(Array.from(round2.batch.versions)).toEqual([1, 1]);
  });
});

describe('precopy engine: skipRedirtied', () => {
  it('skips pages dirtied since the round began (PEEK before each batch), counts them, and sends them next round', () => {
    const e = start(3000, { skipRedirtied: true });
    // With the skip, round 1 scans in Xen 2005's permute() order.
    const order = Array.from(permutedPages(3000));
    e.begin(); // batch 1 = the first 1024 pages of the order, read before any write
    expect(pagesOf(e.batches()[0])).toEqual(order.slice(0, 1024));
    e.memory.write(order[1500]); // dirtied again before its batch is made: skipped
    e.memory.write(order[2500]); // likewise
    e.memory.write(order[3]); // already sent in batch 1: not skippable, goes next round
    e.send({ type: 'batch.sent' });
    const b2 = pagesOf(e.batches()[1]);
    expect(b2).not.toContain(order[1500]);
    expect(b2).toHaveLength(1024);
    expect(b2[0]).toBe(order[1024]);
    expect(b2[b2.length - 1]).toBe(order[2048]); // the scan went one page further to fill the batch
    e.send({ type: 'batch.sent' });
    const b3 = pagesOf(e.batches()[2]);
    expect(b3).not.toContain(order[2500]);
    expect(b3).toEqual(order.slice(2049).filter((p) => p !== order[2500]));
    e.send({ type: 'batch.sent' });
    const end = e.emitted.find((x) => x.type === 'round.end');
    expect(end).toMatchObject({ round: 1, sent: 2998, skipped: 2, dirtied: 3 });
    expect(e.ctx().rounds[0]).toMatchObject({ pagesSent: 2998, pagesSkipped: 2 });
    // Round 2 sends the skipped pages and the re-dirtied one: every page reaches B.
    expect(pagesOf(e.batches()[3]).sort((a, b) => a - b)).toEqual([order[3], order[1500], order[2500]].sort((a, b) => a - b));
  });

  it("round 1's order with the skip is Xen 2005's permute(): every page once, bits rotated by 10 within 2^12 for 3000 pages", () => {
    const order = Array.from(permutedPages(3000));
    expect(new Set(order).size).toBe(3000);
    expect(Math.min(...order)).toBe(0);
    expect(Math.max(...order)).toBe(2999);
    // permute(1) = (1 >> 2 | 1 << 10) & 4095 = 1024; permute(2) = 2048; permute(3) = 3072 >= 3000, so again: 3072 >> 2 | ... = 768.
    expect(order.slice(0, 4)).toEqual([0, 1024, 2048, 768]);
    // 1024 pages or fewer keep their order (the rotation needs more than 10 bits).
    expect(Array.from(permutedPages(1024))).toEqual(Array.from({ length: 1024 }, (_, i) => i));
  });

  it('is off by default: a page dirtied before its batch is made is sent in this round and the next', () => {
    const e = start(3000);
    e.begin();
    e.memory.write(1500);
    e.send({ type: 'batch.sent' });
    expect(pagesOf(e.batches()[1])).toContain(1500);
    e.send({ type: 'batch.sent' });
    e.send({ type: 'batch.sent' });
    expect(e.emitted.find((x) => x.type === 'round.end')).toMatchObject({ sent: 3000, skipped: 0, dirtied: 1 });
  });
});

describe('precopy engine: the stop rule and stop-and-copy', () => {
  it('after a round that sent < 50 pages: precopy.stop, guest.suspend, then a final round of what is still dirty, flagged final', () => {
    const e = start(1024);
    e.at(1_000_000);
    e.begin();
    for (let p = 0; p < 30; p++) e.memory.write(p);
    e.at(1_033_000);
    e.send({ type: 'batch.sent' }); // round 1 ends; round 2 sends 30
    expect(e.types().filter((t) => t === 'round.end')).toHaveLength(1);
    e.memory.write(500);
    e.memory.write(501);
    e.at(1_034_000);
    e.send({ type: 'batch.sent' }); // round 2 ends: 30 < 50
    const tail = e.types().slice(e.types().lastIndexOf('round.end'));
    expect(tail).toEqual(['round.end', 'precopy.stop', 'guest.suspend', 'round.start', 'batch.send']);
    expect(e.emitted.find((x) => x.type === 'precopy.stop')).toEqual({ type: 'precopy.stop', reason: 'few-pages' });
    expect(e.value()).toEqual({ stopAndCopy: 'sending' });
    expect(e.ctx().suspendedAtUs).toBe(1_034_000);
    expect(e.ctx().stopReason).toBe('few-pages');
    const final = e.batches()[e.batches().length - 1];
    expect(final.round).toBe(3);
    expect(final.final).toBe(true);
    expect(final.batch.final).toBe(true);
    expect(pagesOf(final)).toEqual([500, 501]);
    expect(e.emitted.filter((x) => x.type === 'round.start').pop()).toEqual({ type: 'round.start', round: 3, pages: 2, final: true, rateBitsPerSec: 1e9 });
  });

  it('xen-v2: fewer than 50 dirty pages at a round end stop pre-copy; the final round sends them', () => {
    const e = start(3000, { policy: 'xen-v2' });
    e.begin();
    for (let p = 0; p < 10; p++) e.memory.write(p);
    e.ackAll();
    expect(e.emitted.find((x) => x.type === 'precopy.stop')).toEqual({ type: 'precopy.stop', reason: 'few-pages' });
    expect(e.ctx().rounds.filter((r) => !r.final)).toHaveLength(1);
    const final = e.batches()[e.batches().length - 1];
    expect(final.final).toBe(true);
    expect(pagesOf(final)).toEqual(range(0, 10));
  });

  it('the final round ignores skipRedirtied: a page dirtied before its batch is made is sent, not skipped', () => {
    const e = start(2500, { policy: 'stop-and-copy', skipRedirtied: true });
    e.begin(); // the final round's first batch: pages 0..1023
    e.memory.write(2000);
    e.send({ type: 'batch.sent' });
    expect(pagesOf(e.batches()[1])).toEqual(range(1024, 2048));
    e.ackAll();
    expect(e.ctx().rounds[0]).toMatchObject({ pagesSent: 2500, pagesSkipped: 0 });
  });

  it('flags the final batch final even with no dirty page: it carries the vCPU state', () => {
    const e = start(1024);
    e.begin();
    // Round 1 (1024 pages) ends with nothing dirty; round 2 plans 0 pages and ends at once, 0 < 50: stop.
    e.send({ type: 'batch.sent' });
    expect(e.emitted.find((x) => x.type === 'precopy.stop')).toEqual({ type: 'precopy.stop', reason: 'few-pages' });
    const final = e.batches()[e.batches().length - 1];
    expect(final.final).toBe(true);
    expect(final.batch.pages.length).toBe(0);
    expect(e.ctx().batchInFlight).toBe(true);
    expect(e.value()).toEqual({ stopAndCopy: 'sending' });
    e.send({ type: 'batch.sent' });
    expect(e.value()).toEqual({ stopAndCopy: 'imageSent' });
  });

  it('stops after 5 live rounds under xen-v2 when the dirt never falls below 50', () => {
    const e = start(2048, { policy: 'xen-v2' });
    e.begin();
    const ends = () => e.types().filter((t) => t === 'round.end').length;
    for (let round = 1; round <= 5; round++) {
      expect(e.types()).not.toContain('guest.suspend');
      for (let p = 0; p < 100; p++) e.memory.write(p);
      while (ends() < round) e.send({ type: 'batch.sent' });
    }
    expect(e.emitted.find((x) => x.type === 'precopy.stop')).toEqual({ type: 'precopy.stop', reason: 'max-rounds' });
    expect(e.ctx().rounds.map((r) => r.pagesSent)).toEqual([2048, 100, 100, 100, 100]);
  });

  it('stop-and-copy: no live round; suspend at the grant, then every page, the last batch final', () => {
    const e = start(2500, { policy: 'stop-and-copy' });
    e.memory.write(3);
    e.begin();
    expect(e.types()).toEqual(['migration.reserve', 'logdirty.enable', 'guest.suspend', 'round.start', 'batch.send']);
    expect(e.emitted[3]).toEqual({ type: 'round.start', round: 1, pages: 2500, final: true, rateBitsPerSec: 1e9 });
    e.ackAll();
    const sent = e.batches();
    expect(sent.map((b) => b.batch.pages.length)).toEqual([1024, 1024, 452]);
    expect(sent.map((b) => b.final)).toEqual([false, false, true]);
    expect(e.ctx().rounds).toHaveLength(1);
    expect(e.ctx().rounds[0]).toMatchObject({ index: 1, pagesSent: 2500, final: true });
    expect(e.ctx().stopReason).toBe('stop-and-copy');
  });

  it('image.complete → migration.commit → the final state (done: an abort can no longer reach it)', () => {
    const e = start(1024);
    e.begin();
    e.ackAll();
    expect(e.value()).toEqual({ stopAndCopy: 'imageSent' });
    expect(e.types()).not.toContain('migration.commit');
    e.at(2_000_000);
    e.send({ type: 'image.complete' });
    expect(e.types()[e.types().length - 1]).toBe('migration.commit');
    expect(e.value()).toBe('committed');
    expect(e.actor.getSnapshot().status).toBe('done');
    expect(e.ctx().rounds.map((r) => [r.index, r.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(e.ctx().totalSent).toBe(1024);
  });

  it('image.complete before the final batch has gone does not commit', () => {
    const e = start(1024);
    e.begin();
    e.send({ type: 'batch.sent' }); // final batch made, not yet sent
    e.send({ type: 'image.complete' });
    expect(e.types()).not.toContain('migration.commit');
    expect(e.value()).toEqual({ stopAndCopy: 'sending' });
  });
});

describe('precopy engine: adaptive rate', () => {
  it("round 1 goes at 100 Mbit/s; the limit rises to dirty rate + 50; the final round goes at the link's speed", () => {
    const e = start(2048, { rateLimit: 'adaptive' });
    e.at(0);
    e.begin();
    expect(e.emitted.find((x) => x.type === 'round.start')).toMatchObject({ round: 1, rateBitsPerSec: 100e6 });
    expect(e.batches()[0].batch.rateBitsPerSec).toBe(100e6);
    // 2048 pages at 100 Mbit/s: 671,088.64 µs. Dirty 4096 ... only 2048 pages exist: dirty all of them.
    for (let p = 0; p < 2048; p++) e.memory.write(p);
    e.at(335_545);
    e.send({ type: 'batch.sent' });
    e.at(671_089);
    e.send({ type: 'batch.sent' }); // round 1 ends: 2048 pages in 0.671 s = 100 Mbit/s dirty → limit 150
    expect(e.ctx().rateBitsPerSec).toBeCloseTo(150e6, -3);
    expect(e.emitted.filter((x) => x.type === 'round.start')[1]).toMatchObject({ round: 2 });
    expect((e.emitted.filter((x) => x.type === 'round.start')[1] as { rateBitsPerSec: number }).rateBitsPerSec).toBeCloseTo(150e6, -3);
    // Nothing more dirtied: round 2 sends 2048, the limit stays, round 3 sends 0 → stop-and-copy at the cap.
    e.ackAll();
    const rates = e.ctx().rounds.map((r) => r.rateBitsPerSec);
    expect(rates[0]).toBe(100e6);
    expect(rates[1]).toBeCloseTo(150e6, -3);
    // The stop-and-copy round goes at the link's full speed, not the 500 Mbit/s cap (Clark §5.3).
    expect(rates[rates.length - 1]).toBe(1e9);
    expect(e.batches()[e.batches().length - 1].batch.rateBitsPerSec).toBe(1e9);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1]);
  });

  it('never above the link: on a 64 Mbit/s link every batch goes at 64 Mbit/s', () => {
    const e = start(1024, { rateLimit: 'adaptive', linkBitsPerSec: 64e6 });
    e.begin();
    e.ackAll();
    expect(e.batches().map((b: Sent) => (b.batch as Batch).rateBitsPerSec)).toEqual(e.batches().map(() => 64e6));
  });
});

describe('precopy engine: abort before commitment', () => {
  const abortIn = (setup: (e: ReturnType<typeof start>) => void) => {
    const e = start(2048);
    setup(e);
    e.at(9_000_000);
    e.send({ type: 'migrate.abort', reason: 'host B does not answer' });
    return e;
  };

  it('while reserving: migration.aborted without resuming the guest (it never stopped)', () => {
    const e = abortIn((x) => x.send({ type: 'migrate.start' }));
    expect(e.emitted[e.emitted.length - 1]).toEqual({ type: 'migration.aborted', reason: 'host B does not answer', resumeGuest: false });
    expect(e.value()).toBe('aborted');
    expect(e.ctx().abortReason).toBe('host B does not answer');
  });

  it('during pre-copy: aborted with resumeGuest false, and done (no more batches)', () => {
    const e = abortIn((x) => x.begin());
    expect(e.emitted[e.emitted.length - 1]).toMatchObject({ type: 'migration.aborted', resumeGuest: false });
    expect(e.value()).toBe('aborted');
    expect(e.actor.getSnapshot().status).toBe('done');
  });

  it('during stop-and-copy (the guest is suspended): resumeGuest true', () => {
    const e = abortIn((x) => {
      x.begin();
      x.send({ type: 'batch.sent' });
      x.send({ type: 'batch.sent' }); // round 2 of 0 pages → stop → suspended, final batch on the wire
      expect(x.types()).toContain('guest.suspend');
    });
    expect(e.emitted[e.emitted.length - 1]).toMatchObject({ type: 'migration.aborted', resumeGuest: true });
    expect(e.value()).toBe('aborted');
  });

  it('with the image sent but not yet committed: resumeGuest true, and no commit', () => {
    const e = abortIn((x) => {
      x.begin();
      x.ackAll();
      expect(x.value()).toEqual({ stopAndCopy: 'imageSent' });
    });
    expect(e.emitted[e.emitted.length - 1]).toMatchObject({ type: 'migration.aborted', resumeGuest: true });
    expect(e.types()).not.toContain('migration.commit');
    expect(e.actor.getSnapshot().status).toBe('done');
  });

  it('before the migration starts it is ignored', () => {
    const e = abortIn(() => {});
    expect(e.emitted).toEqual([]);
    expect(e.value()).toBe('idle');
  });
});
