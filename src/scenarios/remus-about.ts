/** Scenarios `remus` and `naive`: "About the model", their sources and simplifications (loaded on demand). */
import { BASE_SIMPLIFICATIONS, BASE_SOURCES } from './common-about';
import type { ScenarioAbout, Source } from './scenario';

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

export const remusAbout: ScenarioAbout = {
  summary:
    'Every epoch the VM is paused for a moment, its dirty pages copied and sent to host B; it runs on speculatively while every output waits in a buffer until B acknowledges the checkpoint that produced it. Kill host A and B resumes from the last complete checkpoint: the client never saw anything B does not know.',
  sources: REMUS_SOURCES,
  simplifications: REMUS_SIMPLIFICATIONS,
};

export const naiveAbout: ScenarioAbout = {
  summary:
    'Remus without output buffering: output leaves host A at once, before the backup holds the state that produced it. Crash A in that window and B resumes from an older state the client has already seen past: the client detects the rollback and its session resets.',
  sources: REMUS_SOURCES,
  simplifications: [...REMUS_SIMPLIFICATIONS, 'Naive snapshots are Remus with bufferOutput=false: network output leaves at once and disk writes reach the backup at once; everything else is identical.'],
};
