/**
 * Scenarios `remus` and `naive`: Remus checkpointing with output buffering (Cully et al., NSDI 2008),
 * and the same without buffering, the broken contrast. Both run the same protocol; `naive` only sets
 * bufferOutput=false.
 */
import { BASE_SIMPLIFICATIONS, BASE_SOURCES, WORLD_PARAMS } from './common';
import type { PhaseDef, ScenarioDef, Source } from './scenario';

/** Where a fault can be scheduled in a checkpointing run (Remus and naive snapshots alike). */
const PHASES: readonly PhaseDef[] = [
  { name: 'epoch', numbered: 'checkpoint', title: 'as epoch N ends (the guest pauses for checkpoint N)', actor: 'hostA.remus', type: 'checkpoint.pause' },
  { name: 'checkpoint', numbered: 'checkpoint', title: 'while checkpoint N is in flight (sent, not yet acknowledged)', actor: 'hostA.remus', type: 'checkpoint.resume' },
  { name: 'acked', numbered: 'sync', title: 'after B acknowledges checkpoint N, before A hears it', actor: 'hostB.remus', type: 'state.ack' },
];

const REMUS_PARAMS = [...WORLD_PARAMS, 'epochMs', 'suspendUs', 'bufferOutput', 'fencing', 'fenceMs', 'bootMs'];

const REMUS_SOURCES: readonly Source[] = [
  {
    tag: 'REMUS',
    cite: 'B. Cully et al., "Remus: High Availability via Asynchronous Virtual Machine Replication", NSDI 2008, §2–3',
    used: 'Epochs of 25 ms; pause, copy to a staging buffer, resume, send, acknowledge, then release the buffered output; disk writes held on the backup until the checkpoint is complete; failover from the last complete checkpoint; "running the system tens of milliseconds in the past".',
  },
  {
    tag: 'REMUSTOOLS',
    cite: 'Xen tools/remus (python), sch_queue.c, block-remus.c, libxl_remus.c',
    used: 'The shipped tool\'s 200 ms interval and 1000 ms heartbeat timeout; the 10 MiB output buffer whose overflow drops packets; the next checkpoint at max(start + interval, commit).',
  },
  ...BASE_SOURCES,
];

const REMUS_SIMPLIFICATIONS: readonly string[] = [
  ...BASE_SIMPLIFICATIONS,
  'A checkpoint pauses the guest for suspendUs plus 1 µs per dirty page (the copy to the staging buffer), then sends the pages and one page of vCPU state as one transfer.',
  'Failure detection is the same heartbeat detector for every technique, so comparisons measure techniques: Remus itself declared its peer dead when the checkpoint stream timed out. Remus has no fencing; the fenced preset is an extension of this lab.',
  'After a failover the restored guest resends the network output of the epochs the backup holds but the primary never released, as its TCP stack would; output of later epochs vanished with their state.',
  'The initial full copy to B is taken as done before t = 0 (checkpoint 0).',
  'A restarted host (restart:A@… or the Restart host button) boots in bootMs (illustrative: 3 s here, minutes on a real server), rejoins empty and is resynchronized by Xen\'s live-migration save loop, the same rounds as pre-copy, while the VM runs on unprotected: the window of vulnerability, which the timeline shades. When the copy is complete the technique protects the VM again with the roles swapped (the survivor as primary). Remus started protection the same way (its remus command, later xl remus, runs the migration stream to the backup and keeps sending checkpoints instead of ending it); after a failover an operator ran it again from the new primary to a repaired host. The lab starts it as soon as the host is up, and does not fail back.',
];

export const remus: ScenarioDef = {
  id: 'remus',
  title: 'Remus checkpointing',
  summary:
    'Every epoch the VM is paused for a moment, its dirty pages copied and sent to host B; it runs on speculatively while every output waits in a buffer until B acknowledges the checkpoint that produced it. Kill host A and B resumes from the last complete checkpoint: the client never saw anything B does not know.',
  params: REMUS_PARAMS,
  defaults: { bufferOutput: true },
  defaultPreset: 'default',
  protocol: 'remus',
  phases: PHASES,
  presets: {
    default: { title: 'Paper (25 ms epochs)', values: {} },
    'as-shipped': { title: 'As shipped (200 ms epochs, 1 s timeout)', values: { epochMs: 200, failureTimeoutMs: 1000 } },
    busy: { title: 'Busy guest (more dirty pages per epoch)', values: { dirtyPagesPerSec: 40_000, hotSetPages: 8192, packetsPerSec: 40 } },
    fenced: { title: 'With fencing (an extension of this lab: Remus itself has none)', values: { fencing: true } },
  },
  defaultUntilUs: 20_000_000,
  sources: REMUS_SOURCES,
  simplifications: REMUS_SIMPLIFICATIONS,
};

export const naive: ScenarioDef = {
  id: 'naive',
  title: 'Naive snapshots (broken)',
  summary:
    'Remus without output buffering: output leaves host A at once, before the backup holds the state that produced it. Crash A in that window and B resumes from an older state the client has already seen past: the client detects the rollback and its session resets.',
  params: REMUS_PARAMS,
  defaults: { bufferOutput: false },
  defaultPreset: 'default',
  protocol: 'remus',
  phases: PHASES,
  presets: {
    default: { title: 'Frequent frames, long epochs (easy to break)', values: { clockHz: 4, epochMs: 500 } },
    paper: { title: 'Paper epochs (25 ms)', values: {} },
    'as-shipped': { title: 'As shipped (200 ms epochs, 1 s timeout)', values: { epochMs: 200, failureTimeoutMs: 1000 } },
  },
  defaultUntilUs: 20_000_000,
  sources: REMUS_SOURCES,
  simplifications: [...REMUS_SIMPLIFICATIONS, 'Naive snapshots are Remus with bufferOutput=false: network output leaves at once and disk writes reach the backup at once; everything else is identical.'],
};
