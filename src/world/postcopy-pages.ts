/**
 * Post-copy's pages as plain data on the world's clock: A's push (batch after batch, in the order
 * src/sim/postcopy.ts picks), B's copy, the network faults and the guest's stalls. B looks for faults
 * once per millisecond of the guest's run time: the pages it wrote meanwhile that B lacks are requested
 * in one message, A sends those it has not sent yet ahead of the push (whose next batch then waits as
 * long as they took on the wire), and the vCPU stays paused for a round trip per page (at least) and
 * until every one of them arrived. Every page crosses once.
 * @see ./postcopy-protocol.ts (the stages) and ./postcopy-figures.ts (the record it changes)
 */
import { transmitUs } from '../sim/link-model';
import { PAGE_BITS, PAGE_BYTES } from '../sim/memory';
import { PUSH_BATCH_PAGES } from '../sim/postcopy';
import type { HostId } from './frame';
import type { WorldPort } from './port';
import { ON_B_NONE, ON_B_PULLED, type Postcopy } from './postcopy-figures';

/** How often B looks for pages the guest touched before they arrived (µs of simulated time while it runs). */
export const FAULT_CHECK_US = 1000;

interface Helpers {
  /** Whether host A is up and its engine in `state` (likewise B's). */
  readonly sourceIn: (state: string) => boolean;
  readonly targetIn: (state: string) => boolean;
  readonly control: (from: HostId, kind: string, body?: Record<string, unknown>) => void;
}

export interface PageMover {
  /** A pushes its next batch (and the next, as each leaves). */
  pushNext(): void;
  /** Pages reach B, pushed or pulled (ON_B_*). */
  arrive(pages: readonly number[], how: number): void;
  /** A answers B's network fault on `pages`. */
  serveFault(pages: readonly number[]): void;
  /** B looks for network faults a millisecond from now. */
  scheduleCheck(): void;
  /** The guest's stall ends now, whether its pages came or the VM is gone. */
  closeStall(): void;
}

export function createPageMover(port: WorldPort, m: Postcopy, { sourceIn, targetIn, control }: Helpers): PageMover {
  const memory = port.memory;
  const n = memory.pageCount;
  const { times, cells, onB, waiting, order } = m;
  /** One network fault's cost to the vCPU: the request's and the page's trips, and the page on the wire. */
  const perFaultUs = 2 * port.params.latencyUs + transmitUs(PAGE_BITS, m.linkBitsPerSec);
  let faultBatches = 0;
  /** Link time the pulled pages took ahead of the push: the next batch waits that long (one link, one bandwidth). */
  let yieldUs = 0;
  const now = () => port.now();

  /** Page `page` leaves A: its cell counts one more page sent and on the wire. */
  function leaves(page: number): void {
    cells.sent[page >> cells.shift]++;
    cells.inFlight[page >> cells.shift]++;
  }

  /** A marks `page` sent (never twice): false when it already was. */
  function markSent(page: number): boolean {
    if (!order.markSent(page)) return false;
    leaves(page);
    return true;
  }

  /** The last page left A: from now on a crash of A costs nothing. */
  function noteLastSent(): void {
    if (!order.done || times.lastPageSentAtUs !== null) return;
    times.lastPageSentAtUs = now();
    port.record('hostA.postcopy', 'push.done', { pages: n });
  }

  /** A pushes its next batch once the one before has left. */
  function pushNext(): void {
    if (!sourceIn('pushing')) return;
    if (yieldUs > 0) {
      port.at(now() + yieldUs, pushNext);
      yieldUs = 0;
      return;
    }
    const pages = order.next(PUSH_BATCH_PAGES);
    if (pages.length === 0) return;
    pages.forEach(leaves);
    m.pagesPushed += pages.length;
    m.version++;
    port.send({ from: 'A', to: 'B', kind: 'pages', bytes: pages.length * PAGE_BYTES, traffic: 'bulk', body: { pages } }, () => {
      noteLastSent();
      pushNext();
    });
  }

  /** Pages reach B, pushed or pulled. */
  function arrive(pages: readonly number[], how: number): void {
    for (const page of pages) {
      const c = page >> cells.shift;
      cells.inFlight[c]--;
      if (onB[page] !== ON_B_NONE) continue;
      onB[page] = how;
      m.onBCount++;
      cells.onB[c]++;
      if (how === ON_B_PULLED) cells.pulled[c]++;
      if (waiting[page] === 1) {
        waiting[page] = 0;
        if (m.stall) m.stall.remaining--;
      }
    }
    m.version++;
    if (m.stall && m.stall.remaining === 0) port.at(Math.max(now(), m.stall.minEndUs), endStall);
    if (m.onBCount === n && targetIn('degraded')) m.target.send({ type: 'pages.complete' });
  }

  function closeStall(): void {
    if (m.stall) m.stalledUs += now() - m.stall.sinceUs;
    m.stall = null;
  }

  function endStall(): void {
    const stall = m.stall;
    if (!stall || stall.remaining > 0) return;
    closeStall();
    if (!m.lost && port.vmHost() === 'B' && port.isUp('B')) {
      port.resumeGuest('B');
      scheduleCheck();
    }
  }

  function scheduleCheck(): void {
    port.at(now() + FAULT_CHECK_US, checkFaults);
  }

  /** The pages the guest on B wrote since the last look: those B lacks are network faults. */
  function checkFaults(): void {
    if (m.stall || m.lost || !targetIn('degraded') || port.vmHost() !== 'B') return;
    const written = memory.clean();
    const missing: number[] = [];
    for (const page of written) if (onB[page] === ON_B_NONE && waiting[page] === 0) missing.push(page);
    if (missing.length === 0) {
      scheduleCheck();
      return;
    }
    for (const page of missing) waiting[page] = 1;
    m.networkFaults += missing.length;
    m.lastFaultAtUs = now();
    m.stall = { sinceUs: now(), remaining: missing.length, minEndUs: now() + missing.length * perFaultUs };
    port.pauseGuest('B');
    port.record('hostB.postcopy', 'network.fault', { n: ++faultBatches, pages: missing.length, page: missing[0] });
    if (faultBatches === 1) port.note(`the guest on host B touches ${missing.length === 1 ? 'a page' : `${missing.length} pages`} it does not have yet: a network fault stalls its vCPU while host A sends ${missing.length === 1 ? 'it' : 'them'} (a round trip each).`);
    control('B', 'fault', { pages: missing });
  }

  /** A answers a network fault: the pages it has not sent yet go at once, ahead of the push. */
  function serveFault(pages: readonly number[]): void {
    if (!sourceIn('pushing')) return;
    if (pages.length > 0) order.fault(pages[0]);
    const now_ = now();
    const send = pages.filter(markSent);
    if (send.length === 0) return;
    m.pagesPulled += send.length;
    m.version++;
    const onWireUs = transmitUs(send.length * PAGE_BITS, m.linkBitsPerSec);
    yieldUs += onWireUs;
    port.at(now_ + onWireUs, () => {
      if (!port.isUp('A')) return;
      port.send({ from: 'A', to: 'B', kind: 'fault.pages', bytes: send.length * PAGE_BYTES, traffic: 'control', body: { pages: send } });
      noteLastSent();
    });
  }

  return { pushNext, arrive, serveFault, scheduleCheck, closeStall };
}
