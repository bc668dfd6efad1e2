/**
 * The guided tour: scenes written as data. Each scene names a run (raw text, exactly as URL keys give
 * it), where the playhead starts and at what speed, and a list of steps: a caption to show, how far to
 * play before pausing (a simulated time or the first trace event of a kind), the parts of the stage to
 * highlight, speaker notes, and "your turn" gates that wait for the audience to crash a host. The
 * scene engine (src/app/scene-engine.ts) plays them; the embed reads `getScene(id)?.run`. Pure data.
 *
 * Captions mark glossary terms as `[[term]]` or `[[term|words shown]]` (see src/scenarios/glossary.ts);
 * they agree with research/domain-facts.md and say where the model simplifies.
 */
import type { RawRun } from './run-spec';

/** A part of the stage a step can highlight (the view draws a ring and names it to screen readers). */
export type StagePart = 'hostA' | 'hostB' | 'link' | 'client' | 'xclock' | 'eventChannel' | 'memory' | 'outputBuffer' | 'rounds';

/**
 * Where a step's playback stops: at a simulated time (µs), or at the first trace event of `type`
 * (optionally of `actor`) at or after the step's start, plus `afterUs` more.
 */
export type PausePoint =
  | { readonly atUs: number }
  | {
      readonly event: string;
      /** Only events of this actor (`client`, `hostB.remus`). */
      readonly actor?: string;
      /** Wait this long after the event (µs). */
      readonly afterUs?: number;
    };

/** A "your turn" gate: the step waits until the user crashes `host` (a button or `K` does it for them). */
export interface SceneGate {
  readonly action: 'crash';
  readonly host: 'A' | 'B';
  /** What the screen asks of the audience. */
  readonly prompt: string;
}

export interface SceneStep {
  /** Narration shown while the step is current; `[[term]]` links to the glossary. */
  readonly caption: string;
  /** On entering the step, play until here, then pause. Absent: the step shows the paused stage. */
  readonly playTo?: PausePoint;
  /** Playback speed for this step (one of SPEEDS); the scene's speed otherwise. */
  readonly speed?: number;
  readonly highlight?: readonly StagePart[];
  /** A gate: the step cannot be left until the user does this (forward does it for them). */
  readonly gate?: SceneGate;
  /** For the speaker only (the notes window). */
  readonly notes?: string;
  /**
   * A live step plays on with no pause point, until the presenter moves on: the run extends as it
   * plays (a scene whose run names no `until` is live). For the climax after a takeover.
   */
  readonly live?: boolean;
}

export interface Scene {
  /** Url-safe id, e.g. `unprotected-dies`. */
  readonly id: string;
  readonly title: string;
  /** The run, as raw text the way URL keys give it (see RawRun in src/scenarios/run-spec.ts). */
  readonly run: RawRun;
  /** Playhead at the scene's start (µs). */
  readonly startUs: number;
  /** Speed at the scene's start: one of SPEEDS in src/app/playback.ts. */
  readonly speed: number;
  readonly steps: readonly SceneStep[];
  /** One line for the scene list. */
  readonly summary: string;
}


const CRASH_A: SceneGate = { action: 'crash', host: 'A', prompt: 'Your turn: crash host A (press K, or the button)' };
const CRASH_B: SceneGate = { action: 'crash', host: 'B', prompt: 'Your turn: crash host B, which runs the VM now (press K, or the button)' };
const POWER_OFF_A: SceneGate = { action: 'crash', host: 'A', prompt: 'Your turn: power off host A (press K, or the button)' };

export const SCENES: readonly Scene[] = [
  {
    id: 'unprotected-dies',
    title: 'The unprotected VM dies',
    summary: 'One host, one copy: crash it and the clock stops for good.',
    run: { scenario: 'unprotected', preset: 'default', until: '8s' },
    startUs: 0,
    speed: 1,
    steps: [
      {
        caption:
          'A guest VM ([[domU]]) runs on host A. Each second its xclock redraws and sends the picture as a VNC frame through its network [[frontend/backend|frontend]]; the client outside shows the last frame it got.',
        highlight: ['hostA', 'xclock'],
        playTo: { atUs: 2_500_000 },
        notes: 'Point at the clock: it is what a user would see over VNC. Host B is up but idle: it holds no copy of the VM.',
      },
      {
        caption: 'Host B is up, but nothing copies the VM to it. What happens when host A dies?',
        highlight: ['hostB'],
        gate: CRASH_A,
        notes: 'Let someone in the audience call the moment, or press K.',
      },
      {
        caption:
          'Host A stopped dead ([[fail-stop]]). Host B hears no [[heartbeat]] for 300 ms and declares A dead, but it has nothing to resume. The clock is frozen.',
        highlight: ['hostB', 'xclock'],
        playTo: { event: 'peer.dead', afterUs: 200_000 },
        notes: 'The 300 ms failure timeout is the model\'s illustrative default, the same for every technique.',
      },
      {
        caption:
          'No frame comes, and none will: the session is stalled, and with no copy of the VM running anywhere it cannot recover (the TCP sender died with host A; only a viewer watchdog would call it lost). Everything the VM held in memory died with it.',
        highlight: ['client', 'xclock'],
        playTo: { event: 'heartbeat.sent', actor: 'hostB', afterUs: 2_000_000 },
        notes: 'The model\'s crashes are clean fail-stop: no half-sent packets, no torn disk writes.',
      },
    ],
  },
  {
    id: 'live-migration',
    title: 'Live migration',
    summary: 'Pre-copy moves a running 512 MiB VM from A to B; the clock pauses for about 50 ms.',
    run: { scenario: 'migration', preset: 'idle' },
    startUs: 0,
    speed: 1,
    steps: [
      {
        caption:
          '[[live-migration|Live migration]] moves a running VM from host A to host B by [[pre-copy]] (Clark et al. 2005). At 1 s host B reserves room for it and host A turns on [[log-dirty]] tracking.',
        highlight: ['hostA', 'hostB'],
        playTo: { event: 'round.start' },
        notes: 'Clark §3.3 stages: reservation, iterative pre-copy, stop-and-copy, commitment, activation.',
      },
      {
        caption:
          'Round 1 sends every page, 1024 pages (4 MiB) per batch over the 1 Gbit/s link, while the VM keeps running on A. The 520 pages it wrote meanwhile are dirty again: round 2 sends them.',
        highlight: ['memory', 'link'],
        playTo: { event: 'round.end' },
        speed: 2,
        notes: '512 MiB at 1 Gbit/s takes about 4.3 s. A square of the grid may stand for several pages.',
      },
      {
        caption:
          'Round 2 takes only 17 ms, so just 3 pages are dirtied during it; round 3 sends those. A round under 50 pages ends the live rounds: [[stop-and-copy]] pauses the VM and sends what is left with the vCPU state.',
        highlight: ['memory', 'rounds'],
        playTo: { event: 'guest.suspend' },
        speed: 0.01,
        notes: 'Xen 3.x rules: stop after a live round under 50 pages, after 29 live rounds, or once more than 3× the memory was sent.',
      },
      {
        caption:
          'B holds a consistent copy and says so; A agrees ([[commitment]]) and lets its copy go. The VM resumes on B, which sends a gratuitous ARP so the network finds it there.',
        highlight: ['hostB'],
        playTo: { event: 'vm.activated' },
        speed: 0.01,
        notes: 'Until commitment A is primary: if B or the link fails the VM keeps running on A; if A fails before commitment the VM is lost. Migration is not high availability.',
      },
      {
        caption: 'The clock ticks on from B. It paused only for the [[downtime]], about 50 ms here (the 30 ms suspend handshake on A and the 20 ms resume on B), and nobody watching noticed.',
        highlight: ['xclock', 'hostB'],
        playTo: { event: 'vm.activated', afterUs: 1_500_000 },
        speed: 1,
        notes: 'The model takes migrationSuspendMs=30 (Remus §2.3 measured 30–40 ms for Xen 3\'s suspend path) and resumeMs=20 (Clark measured 9–40 ms depending on the guest) as fixed costs.',
      },
    ],
  },
  {
    id: 'rounds-shrink',
    title: 'Why rounds shrink',
    summary: 'Each round is shorter than the one before, so fewer pages are dirtied during it.',
    run: { scenario: 'migration', preset: 'game-server' },
    startUs: 900_000,
    speed: 2,
    steps: [
      {
        caption:
          'A game server (64 MiB, Quake-like) rewrites a small hot set, a warm set and a cooler one. Round 1 sends 14,438 of its 16,384 pages at 100 Mbit/s, Clark\'s adaptive starting rate, in 4.7 s, skipping pages written again before it reached them.',
        highlight: ['memory', 'link'],
        playTo: { event: 'round.end' },
        notes: 'rateLimit=adaptive: start at 100 Mbit/s, then the measured dirty rate + 50 Mbit/s when that is higher, capped at 500. skipRedirtied: a page dirtied again before its batch waits for the next round (Xen 2.0 to 4.5).',
      },
      {
        caption:
          'Round 2 sends the 3167 pages dirtied during round 1 (and not again since), so it is shorter, and fewer pages are dirtied meanwhile: 1256, 695, 483, 347… Each round shrinks because the link outruns the writer.',
        highlight: ['rounds', 'memory'],
        playTo: { event: 'precopy.stop' },
        speed: 1,
        notes: 'The writer picks pages at random in each tier (36 hot pages, 256 warm, 5120 cool), each at its own rate; pages written twice in a round count once.',
      },
      {
        caption: 'Round 15 sends 48 pages and skips fewer than 50 in all: [[stop-and-copy]] suspends the VM (20 ms), sends the last 37 pages and the VM resumes on B after a [[downtime]] of about 62 ms, as Clark measured (60 ms).',
        highlight: ['rounds', 'xclock'],
        playTo: { event: 'vm.activated', afterUs: 500_000 },
        speed: 0.1,
      },
    ],
  },
  {
    id: 'rounds-do-not-shrink',
    title: 'When rounds don\'t shrink',
    summary: 'A diabolical writer rewrites its hot set faster than any round can send it.',
    run: { scenario: 'migration', preset: 'diabolical' },
    startUs: 900_000,
    speed: 10,
    steps: [
      {
        caption:
          'This guest rewrites a 256 MiB [[hot set]] faster than the link can send it (like Clark\'s "diabolical" MMuncher). Round 1 skips it, as it is rewritten before the scan gets there, and sends the other half of the 512 MiB at 100 Mbit/s in 22 s.',
        highlight: ['memory', 'link'],
        playTo: { event: 'round.end' },
        notes: 'The model\'s writer is steady; real workloads come in bursts.',
      },
      {
        caption:
          'The rate climbs with the measured dirty rate to the 500 Mbit/s cap, yet rounds 2 and 3 send almost nothing (1032 and 2048 pages): the hot set is dirty again before each page is reached. Round 3 at the cap sent more than round 2, so Xen stops trying, as in Clark\'s run.',
        highlight: ['rounds'],
        playTo: { event: 'precopy.stop' },
        notes: 'Other stop rules: Xen migration v2 stops after 5 rounds; QEMU when the rest fits in 300 ms of bandwidth.',
      },
      {
        caption:
          'So [[stop-and-copy]] carries the whole hot set, 65,544 pages at the link\'s 1 Gbit/s: a [[downtime]] of 2.2 s. The client\'s session stalls that long and then carries on: its TCP connection moved with the VM.',
        highlight: ['xclock', 'client'],
        playTo: { event: 'vm.activated', afterUs: 500_000 },
        speed: 1,
        notes: 'Clark\'s cure is to slow the writer down ("stunning rogue processes"), which the model does not do.',
      },
    ],
  },
  {
    id: 'post-copy',
    title: 'Post-copy: run first, copy after',
    summary: 'The VM runs on B at once and fetches its pages as it touches them; until the last arrives, a crash of either host loses it.',
    run: { scenario: 'postcopy', preset: 'touch-all' },
    startUs: 900_000,
    speed: 0.1,
    steps: [
      {
        caption:
          '[[post-copy|Post-copy]] turns migration around. At 1 s host A suspends the VM and sends only its vCPU state; host B resumes it 50 ms later, with none of its 131,072 pages: a [[downtime]] of 50 ms, whatever the memory.',
        highlight: ['hostA', 'hostB', 'xclock'],
        playTo: { event: 'vm.resumed', actor: 'hostB.postcopy' },
        notes: 'Hines et al. measured 0.6-1.8 s of downtime: their prototype also moved non-pageable memory then. The model keeps the ideal (the vCPU state only), as QEMU does.',
      },
      {
        caption:
          'The guest touches pages B does not have yet: each is a [[network fault]] that stalls its vCPU for a round trip to A (100 pages in its first millisecond). Meanwhile A pushes every page in the background ([[active push]]), [[bubbling]] around the last fault.',
        highlight: ['memory', 'link'],
        playTo: { event: 'network.fault', actor: 'hostB.postcopy', afterUs: 100_000 },
        notes: 'Faults are found once per millisecond of guest run time; a fault costs 2 × latency + one page on the wire, per page. Only writes fault in the model.',
      },
      {
        caption:
          'This guest sweeps through most of its memory, so it spends about two thirds of the next 4.3 s stalled, yet every page crosses only once. Until the last one has, neither host holds the whole VM.',
        highlight: ['hostB'],
        playTo: { atUs: 3_000_000 },
        speed: 1,
        gate: CRASH_B,
      },
      {
        caption:
          'Host B died with the newest state of the VM, and host A cannot take over: its pages are out of date (the VM ran on B). The VM is lost. In pre-copy a crash of B only aborts the move; in post-copy a crash of either host loses the VM (Hines et al., §3.4).',
        highlight: ['hostA', 'xclock'],
        playTo: { event: 'copy.stranded', actor: 'hostA.postcopy', afterUs: 500_000 },
        speed: 1,
        notes: 'A crash of A instead: B runs on until its detector fires, then gives up, as the pages it lacks were only on A. QEMU: "a failure of either side causes the guest to be lost"; its postcopy recovery survives a broken network, not a lost host.',
      },
    ],
  },
  {
    id: 'remus-buffering',
    title: 'Remus buffering',
    summary: 'Checkpoint every epoch; hold every output until its checkpoint is acknowledged.',
    run: { scenario: 'remus', preset: 'default', until: '6s' },
    startUs: 990_000,
    speed: 0.01,
    steps: [
      {
        caption:
          'Remus (Cully et al. 2008) sends host B a [[checkpoint]] every [[epoch]] of 25 ms: pause the VM for a moment, copy its dirty pages aside, let it run on ([[speculative execution]]) while the checkpoint travels.',
        highlight: ['hostA', 'link'],
        playTo: { event: 'checkpoint.resume' },
        notes: 'The paper used 25 ms epochs; the tool Xen shipped defaulted to 200 ms (preset as-shipped).',
      },
      {
        caption:
          'The frame the xclock drew at 1 s waits in the [[output buffer]]: it leaves only when B acknowledges the checkpoint holding the state that drew it. That is [[output commit]].',
        highlight: ['outputBuffer', 'client'],
        playTo: { event: 'frame.shown' },
        notes: 'The price: every output waits about half an epoch plus a checkpoint transfer.',
      },
      {
        caption: 'The client has shown the frame, and B already holds the state behind it.',
        highlight: ['hostB', 'client'],
        gate: CRASH_A,
      },
      {
        caption:
          'B hears no [[heartbeat]] for 300 ms, drops any half-received checkpoint and resumes from the last complete one. The client never saw anything B does not know: the clock pauses, then ticks on.',
        highlight: ['hostB', 'xclock'],
        playTo: { event: 'takeover', afterUs: 1_500_000 },
        speed: 1,
        notes: 'Output still in A\'s buffer dies with A: safe, the client never saw it (TCP would resend it).',
      },
    ],
  },
  {
    id: 'naive-breaks',
    title: 'Naive snapshots break',
    summary: 'Checkpoints without output buffering: the client sees a past the backup never had.',
    run: { scenario: 'naive', preset: 'default', until: '6s', faults: ['crash:A@3.3s'] },
    startUs: 0,
    speed: 1,
    steps: [
      {
        caption:
          'The same checkpoints (every 500 ms here) but no [[output buffer]]: each frame leaves at once. The clock sends 4 frames a second, so the client sees frames no checkpoint holds yet.',
        highlight: ['client', 'link'],
        playTo: { atUs: 3_260_000 },
        notes: 'Remus with bufferOutput=false. The long epoch and the 4 Hz clock make the break easy to see.',
      },
      {
        caption: 'Host A crashes at 3.3 s. B\'s last checkpoint is from 3.0 s, but the client has already shown frame 14, drawn at 3.25 s.',
        highlight: ['hostA', 'hostB'],
        playTo: { event: 'takeover' },
        speed: 0.25,
      },
      {
        caption:
          'B resumes from 3.0 s and sends frame 14 again, drawn from a different state: a [[rollback]]. Like TCP, the client resets the session. The [[output commit]] rule was broken.',
        highlight: ['client', 'xclock'],
        playTo: { event: 'session.reset', afterUs: 500_000 },
        notes: 'Frames carry sequence numbers: one at or below the last seen, with different content, is a rollback.',
      },
    ],
  },
  {
    id: 'kemari-takeover',
    title: 'The Kemari takeover',
    summary: 'Sync before every output; power off host A and the clock keeps ticking.',
    // A live run (no `until`): after the takeover the clock ticks on until the presenter moves on.
    run: { scenario: 'kemari', preset: 'stage' },
    startUs: 980_000,
    speed: 0.01,
    steps: [
      {
        caption:
          'Kemari (Tamura et al. 2008) has no epochs. When the guest\'s [[frontend/backend|frontend]] notifies its backend through the [[event channel]], the hypervisor traps the notify before [[dom0]] sees it.',
        highlight: ['eventChannel', 'hostA'],
        playTo: { event: 'evtchn.trapped' },
        notes: 'Kemari v1.0 targeted HVM guests with PV drivers on Xen 3.3.',
      },
      {
        caption:
          'The guest pauses; its dirty pages and vCPU state go to B ([[sync|a synchronization]]); B acknowledges; only then does the event reach the backend and the frame leave. [[output commit]], per event.',
        highlight: ['link', 'hostB'],
        playTo: { event: 'sync.release' },
        notes: 'No I/O, no syncs; a busy guest makes many small syncs (preset busy).',
      },
      {
        caption: 'Every frame the client has seen is already on B.',
        highlight: ['hostA'],
        gate: POWER_OFF_A,
        playTo: { atUs: 3_500_000 },
        speed: 1,
      },
      {
        caption:
          'B notices the silence, resumes from the last sync, rebuilds the backend rings and re-issues the pending event (a harmless duplicate at most). Watch the xclock: it stalls for a moment (the ring says how long), then keeps ticking on B: B took over 0.2–0.3 s after the crash, well under a second.',
        highlight: ['hostB', 'xclock'],
        live: true,
        speed: 1,
        notes:
          'Kemari\'s 2008 failover was manual; the 300 ms heartbeat timeout stands in for it. The "pause under a second" demo comes from the project brief, not a published measurement. The stage preset redraws the clock four times a second, so a frame falls due during the takeover and the pause shows. Without [[fencing]], cutting only the link gives split brain.',
      },
      {
        caption:
          'That is the whole trick: every output waited until B held the state that made it, so the client never saw anything B does not know, and B could pick up where A stopped. Next: a relative that keeps the backup running instead.',
        highlight: ['xclock'],
        live: true,
      },
    ],
  },
  {
    id: 'colo-compare',
    title: 'COLO: compare instead of copy',
    summary: 'Both hosts run the VM; outputs that agree leave at once, a difference brings a checkpoint.',
    // A live run (no `until`): after the takeover the clock ticks on until the presenter moves on.
    run: { scenario: 'colo', preset: 'default' },
    startUs: 500_000,
    speed: 0.1,
    steps: [
      {
        caption:
          'COLO (Dong et al. 2013) runs the VM on both hosts on the same inputs. The [[COLO proxy|proxy]] on A holds each output until the secondary\'s copy arrives: if they match it leaves at once, and no page is copied.',
        highlight: ['hostA', 'hostB', 'link'],
        playTo: { event: 'compare.match', actor: 'hostA.colo' },
        notes: 'QEMU\'s colo-compare compares TCP payloads per connection. The model does not run a second guest: the secondary produces what the primary does, one link latency later for a reply to a request.',
      },
      {
        caption:
          'At 1 s the secondary\'s frame differs: the VMs have drifted apart ([[divergence]]: timers, scheduling, random numbers). The proxy holds the frame and A asks for a [[checkpoint]].',
        highlight: ['hostA', 'client'],
        playTo: { event: 'compare.mismatch', actor: 'hostA.colo' },
        notes: 'How often outputs differ depends on the workload (divergencePerSec, 0.25/s here: illustrative). The COLO paper tuned the guest\'s TCP stack to make outputs more alike.',
      },
      {
        caption:
          'Both VMs stop; A\'s pages dirtied since the last checkpoint go to B (34 ms here). Both resume, equal again, and the frame leaves. With no difference for 4 s a timer checkpoints anyway (QEMU: 20 s).',
        highlight: ['link', 'hostB'],
        playTo: { event: 'checkpoint.commit', actor: 'hostA.colo' },
        notes: 'Unlike Remus, nothing is copied between checkpoints, and the checkpoint carries every page dirtied since the last one: the periodic timer bounds it.',
      },
      {
        caption: 'Every frame the client has seen was matched by the secondary or covered by a checkpoint.',
        highlight: ['hostA'],
        gate: CRASH_A,
        playTo: { atUs: 3_500_000 },
        speed: 1,
      },
      {
        caption:
          'B notices the silence and its secondary, which ran all along, simply goes on: the clock pauses for the failure timeout, then ticks on. Next: a backup that copies no memory.',
        highlight: ['hostB', 'xclock'],
        live: true,
        speed: 1,
        notes: 'QEMU\'s COLO has no heartbeat of its own: an operator or cluster manager issues x-colo-lost-heartbeat. The lab uses its own detector (300 ms), as for every technique.',
      },
    ],
  },
  {
    id: 'lockstep-replay',
    title: 'Lock-stepping: replay the inputs',
    summary: 'Log every input, replay it on B; an output waits only for the log to be acknowledged.',
    // A live run (no `until`): after the takeover the clock ticks on until the presenter moves on.
    run: { scenario: 'lockstep', preset: 'default' },
    startUs: 999_000,
    speed: 0.01,
    steps: [
      {
        caption:
          'A CPU is deterministic but for its inputs. Host A logs each (a timer interrupt, an arriving packet) down the [[logging channel]]; B feeds its copy the same inputs at the same points: [[deterministic replay]].',
        highlight: ['hostA', 'link'],
        playTo: { event: 'log.entry', actor: 'hostA.lockstep' },
        notes: 'VMware FT (Scales et al. 2010) logs at the exact instruction; Bressoud and Schneider (1995) delivered interrupts at the end of instruction-counted epochs.',
      },
      {
        caption:
          'The clock\'s frame is ready, but the [[output rule]] holds it until B acknowledges the entries before it: one round trip. No memory crosses the link, only the log.',
        highlight: ['hostB', 'client'],
        playTo: { event: 'log.acked', actor: 'hostA.lockstep' },
        notes: 'VMware measured 0.5 to 18 Mbit/s of logging for its workloads (Table 1); this guest needs a few kbit/s because it takes few inputs.',
      },
      {
        caption: 'B is a step behind, never more than the entries on their way.',
        highlight: ['hostA'],
        gate: CRASH_A,
        playTo: { atUs: 3_500_000 },
        speed: 1,
      },
      {
        caption:
          'B wins the [[test-and-set]] on shared storage, replays to the end of the log and goes live; what A had let out it produces again (TCP drops the duplicates). Next: being protected again.',
        highlight: ['hostB', 'xclock'],
        live: true,
        speed: 1,
        notes: 'The test-and-set is why a cut link gives no split brain here: the host that loses it halts. VMware says the backup typically lags by less than 100 ms.',
      },
    ],
  },
  {
    id: 'repair-cycle',
    title: 'After the takeover',
    summary: 'Restart the failed host, copy the VM back to it, and survive a second failure.',
    run: { scenario: 'kemari', preset: 'default', until: '16s', faults: ['crash:A@2s', 'restart:A@3s'] },
    startUs: 1_900_000,
    speed: 1,
    steps: [
      {
        caption:
          'Host A fails at 2 s and B takes over, as before. But now the VM runs with no backup at all: the shaded band on the timeline is the [[window of vulnerability]], and it grows until a second host holds the VM again.',
        highlight: ['hostB', 'xclock'],
        playTo: { event: 'takeover', afterUs: 500_000 },
        notes: 'After a failover Kemari and Remus run the VM unprotected until an operator brings a backup back.',
      },
      {
        caption: 'Host A was restarted at 3 s. It boots (3 s here; minutes on a real server) and rejoins empty: nothing it held before the crash is of any use.',
        highlight: ['hostA'],
        playTo: { event: 'host.up', actor: 'hostA' },
        notes: 'bootMs is illustrative. The Restart host A button (or Shift+K) restarts a host that is down.',
      },
      {
        caption:
          'B copies the running VM to A, live: every page, then the pages dirtied meanwhile, as a live migration does ([[resynchronization]]). If B failed now, the VM would be lost: A\'s copy is not complete.',
        highlight: ['link', 'hostA'],
        playTo: { event: 'migration.commit', actor: 'hostB.resync' },
        speed: 0.1,
        notes: 'The same save loop as the pre-copy scenes. A crash of B inside the band: try it afterwards with the Faults panel, or the sweep with crashBAt.',
      },
      {
        caption: 'A holds a complete copy: B protects the VM again, now as the primary, with A as its backup. The window closed; the timeline gives its length.',
        highlight: ['hostA', 'hostB'],
        playTo: { event: 'migration.commit', actor: 'hostB.resync', afterUs: 1_000_000 },
        speed: 1,
      },
      {
        caption: 'Every frame the client has seen is on A now.',
        highlight: ['hostB'],
        gate: CRASH_B,
      },
      {
        caption: 'A notices the silence and takes over from its last synchronization: the clock pauses, then ticks on. Two failures, one VM. Had B failed during the resynchronization, the VM would be gone. The tour ends here: Back revisits any step, or close the tour to try your own faults.',
        highlight: ['hostA', 'xclock'],
        playTo: { event: 'takeover', actor: 'hostA.kemari.2', afterUs: 2_000_000 },
        notes: 'rejoined-copy-current (the Rules panel) checks that a repaired host became the backup only with a complete, current copy.',
      },
    ],
  },
];

/** The scene with this id, or undefined. */
export function getScene(id: string): Scene | undefined {
  return SCENES.find((s) => s.id === id);
}
