/**
 * While the client's session is stalled, whether it can recover: a copy of the VM still runs (its TCP
 * will deliver what is due), a copy may still start (a takeover or an activation under way), or no
 * copy runs anywhere and none will. Read from the frame alone. Pure.
 * @see ../../shared/DESIGN.md §5 (Client: session states)
 */
import { coloOf } from './colo-words';
import type { Frame } from '../world/frame';
import { migrationPart, replicationPart } from './protocol-parts';

/**
 * How a copy of the VM may still start while none runs: host B activating a migration it holds whole
 * (after A's commit), fencing host A before it takes over, or yet to take over; null when nothing will.
 */
export function copyToCome(frame: Frame): 'activation' | 'fencing' | 'takeover' | null {
  const bUp = frame.hosts.B.power === 'up';
  const m = migrationPart(frame);
  if (m) return m.stage >= 4 && bUp && m.outcome === 'in-progress' && !m.postcopy ? 'activation' : null;
  const r = replicationPart(frame);
  if (!r || !bUp || r.takeoverAtUs !== null) return null;
  return r.backup === 'fencing' ? 'fencing' : r.backup === 'standby' ? 'takeover' : null;
}

/** One sentence for a stalled session, or null when the session is not stalled. */
export function sessionProspect(frame: Frame): string | null {
  if (frame.client.sessionState !== 'stalled') return null;
  const { host, state } = frame.vm;
  if (host !== null && state === 'paused') return `The VM is paused on host ${host}, not lost: the session can recover.`;
  if (host !== null && state !== 'destroyed') return `The VM still runs on host ${host}: the session can recover.`;
  const coming = copyToCome(frame);
  if (coming === 'activation') return 'No copy of the VM runs right now; host B holds it whole and will start it.';
  if (coming === 'takeover' && coloOf(replicationPart(frame))) return "Host B's secondary VM is ready; its output reaches the client once B takes over.";
  if (coming !== null) return 'No copy of the VM runs right now; host B may still take over.';
  return 'No copy of the VM runs anywhere: this session cannot recover.';
}
