/**
 * Heartbeats and the failure detector as plain data on the world's clock: while a host is up, it sends
 * its peer a heartbeat every `heartbeatMs` and counts `failureTimeoutMs` of silence from the last one it
 * heard. They are most of a run's events, so they are timers here rather than transitions of the host
 * machine, which is told only what they decide (`peer.silent`, and a heartbeat heard after that) and
 * stays the one place that says whether the peer is believed alive. The trace is the one the machine's
 * own timers wrote: `heartbeat.sent` in the host's name, the same instants, the same order.
 * @see ../../shared/DESIGN.md §5 (Failure detection) and ../machines/host.machine.ts
 */
import type { HostEmitted } from '../machines/host.machine';
import { ms } from '../sim/time';
import type { HostId } from './frame';
import { suspectsPeer } from './hosts';
import type { WorldState } from './state';

/** Starts host `h`'s heartbeats and its watch on the peer (as the host comes up). */
export function startHeartbeats(w: WorldState, h: HostId): void {
  armBeat(w, h);
  armSilence(w, h);
}

/** Stops host `h`'s heartbeats and its watch, in the instant it goes down. */
export function stopHeartbeats(w: WorldState, h: HostId): void {
  const t = w.heartbeats[h];
  if (t.beat) w.queue.cancel(t.beat);
  if (t.silence) w.queue.cancel(t.silence);
  t.beat = null;
  t.silence = null;
}

/** A heartbeat from the peer reached up host `h`: the silence starts again (and a peer declared dead is back). */
export function heartbeatHeard(w: WorldState, h: HostId): void {
  const t = w.heartbeats[h];
  if (t.silence) w.queue.cancel(t.silence);
  if (suspectsPeer(w, h)) w.cast.hosts[h].send({ type: 'heartbeat.received' });
  armSilence(w, h);
}

function armBeat(w: WorldState, h: HostId): void {
  w.heartbeats[h].beat = w.queue.push(w.clock.now() + ms(w.params.heartbeatMs), {
    run: () => {
      w.emitAs<HostEmitted>(`host${h}`, { type: 'heartbeat.sent', host: h });
      armBeat(w, h);
    },
  });
}

function armSilence(w: WorldState, h: HostId): void {
  w.heartbeats[h].silence = w.queue.push(w.clock.now() + ms(w.params.failureTimeoutMs), {
    run: () => {
      w.heartbeats[h].silence = null;
      w.cast.hosts[h].send({ type: 'peer.silent' });
    },
  });
}
