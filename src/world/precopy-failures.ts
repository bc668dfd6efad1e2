/**
 * Failures during a pre-copy migration, by Clark's commitment rule: each host decides only from what
 * it has heard (its failure detector, the messages that arrived); until A commits, A is primary and
 * an unanswered migration aborts, the VM resuming on A; once A has committed, A never runs the VM
 * again, so if B dies (or never gets the commit) before activation, the VM is lost. A cut link is
 * found by the same detector as a crash.
 * @see research/domain-facts.md §1.2 (stage 4, commitment) and DESIGN §5 (Failure detection)
 */
import type { HostId } from './frame';
import type { ProtocolPart, WorldPort } from './port';
import type { Migration } from './precopy-figures';

interface Helpers {
  /** The engine on A runs (A is up). */
  readonly engineLive: () => boolean;
  /** The receiving side on B runs (B is up). */
  readonly targetLive: () => boolean;
  /** Sends a control message of `kind` from host `from` to its peer. */
  readonly control: (from: HostId, kind: string) => void;
}

type FailureHooks = Required<Pick<ProtocolPart, 'peerDead' | 'hostDown' | 'recoveryPending' | 'vmSurvivesLossOf' | 'linkCut' | 'linkHealed'>>;

export function precopyFailureHooks(port: WorldPort, m: Migration, { engineLive, targetLive, control }: Helpers): FailureHooks {
  const { times, engine, target } = m;
  const now = () => port.now();
  const started = () => engine.actor.getSnapshot().value !== 'idle';

  /**
   * A committed and then heard nothing from B. Past the commitment point A never runs the VM again
   * (Clark §3.3): it throws its suspended copy away. If B never activates, the VM is lost.
   */
  function giveUpAfterCommit(): void {
    m.discardedOnA = true;
    port.destroyGuest('A');
    port.discardVm('A');
    const bActivates = port.isUp('B') && target.getSnapshot().value === 'activating';
    port.note(
      `host A committed and now hears nothing from host B. Past the commitment point A never runs the VM again, so it discards its suspended copy${bActivates ? '; host B, which got the commit, will run the VM.' : ': no copy of the VM runs anywhere, and none will (the VM is lost, as in Clark).'}`,
    );
    if (!bActivates) port.vmLost();
  }

  return {
    peerDead(h: HostId): void {
      if (h === 'A' && port.isUp('A')) {
        if (times.committedAtUs === null && engineLive()) engine.abort(now(), 'host B does not answer');
        else if (times.committedAtUs !== null && !m.activationConfirmed && !m.discardedOnA && port.vmHost() === 'A') giveUpAfterCommit();
      }
      // B drops its copy unless A's commit reached it (the target ignores this once it has the commit).
      if (h === 'B' && targetLive()) target.send({ type: 'source.failed' });
    },

    recoveryPending(): string | null {
      if (times.committedAtUs === null || times.activatedAtUs !== null || !targetLive()) return null;
      const state = target.getSnapshot().value;
      if (state === 'activating') return 'host B, which got the commit, was still activating the VM';
      if (state === 'imageComplete' && !port.suspectsPeer('B')) return "host B, holding a complete image, had neither A's commit nor a failure to act on";
      return null;
    },

    hostDown(h: HostId): void {
      // B died after A let go of its copy, before the VM ran on B: nothing can run the VM now.
      if (h === 'B' && m.discardedOnA && times.activatedAtUs === null) port.vmLost();
    },

    vmSurvivesLossOf(h: HostId): boolean {
      // After A's commit, B holds a complete, consistent image: the migration completes without A
      // (unless the commit is cut off on its way: then B drops its image and says so).
      return h === 'A' && times.committedAtUs !== null && port.isUp('B');
    },

    linkCut(): void {
      // Nobody knows yet: the hosts find out from their failure detectors, as for a crash.
      if (engineLive() && started() && !m.aborted) m.lostToCut = true;
    },

    linkHealed(): void {
      // The link is back before either detector fired. The migration's stream lost what was on the
      // wire: a migration still in its rounds gives up (A hears B again, and B's reset of the stream);
      // after committing, A sends its commit again, as TCP would.
      if (times.committedAtUs === null && engineLive() && !m.aborted && started() && m.lostToCut) engine.abort(now(), 'the link was cut and its stream broke');
      else if (times.committedAtUs !== null && !m.activationConfirmed && !m.discardedOnA && port.isUp('A')) control('A', 'commit');
    },
  };
}
