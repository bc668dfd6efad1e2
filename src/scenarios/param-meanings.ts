/**
 * What each parameter means, in one line: the parameter panel's help under each field and the
 * <kemari-lab> element's manifest print it. Apart from the catalogue (./params.ts), which the page's
 * first load carries, so that the words load with the panel.
 */
import type { ParamName } from './params';

export const PARAM_MEANINGS: Readonly<Record<ParamName, string>> = {
  memoryMiB: 'Size of the guest memory, in 4 KiB pages of which log-dirty tracking keeps account.',
  memoryPages: 'The same size in 4 KiB pages; when given, it wins over memoryMiB.',
  bandwidthMbps: 'Bandwidth of the replication link between the hosts (10^6 bits per second per Mbit).',
  latencyUs: 'One-way latency of the replication link, added to every transfer.',
  dirtyPagesPerSec: 'How many page writes per second the background writer makes while the vCPU runs.',
  hotSetPages: 'The pages the background writer keeps rewriting (the writable working set).',
  warmSetPages: 'A second tier of the writable working set, just after the hot set, rewritten at its own, lower rate (0: none).',
  warmDirtyPagesPerSec: 'Page writes per second into the warm set while the vCPU runs.',
  coolSetPages: 'A third tier, after the warm set, written more slowly still: memory a workload touches now and then (0: none).',
  coolDirtyPagesPerSec: 'Page writes per second into the cool set while the vCPU runs.',
  writer: 'Whether the background writer walks its hot set in order or picks seeded random pages.',
  framebufferPages: 'Pages the xclock dirties at each redraw (its window in the framebuffer).',
  clockHz: 'How many times per guest second the xclock redraws and sends a VNC frame.',
  packetsPerSec: 'Other network packets the guest sends (seeded Poisson arrivals).',
  diskWritesPerSec: 'Disk writes the guest makes through blkfront (seeded Poisson arrivals).',
  requestsPerSec: "Requests the client sends the guest (VNC input events, seeded Poisson arrivals; 0: none): each reaches the guest through its host's netback, changes its state and is answered with a VNC frame.",
  heartbeatMs: 'Each host sends its peer a heartbeat this often over the replication link (less than failureTimeoutMs).',
  failureTimeoutMs: 'A host declares its peer dead after this long without a heartbeat (more than heartbeatMs, or it suspects a live peer).',
  clientTimeoutMs: "Optional: the VNC viewer gives up (session lost) after this long without a new frame; 0 turns it off (the connection's TCP alone decides: it gives up after 15 retransmissions, about 15 minutes).",
  migrateAtMs: 'When the migration from host A to host B starts.',
  stopPolicy: 'When pre-copy gives way to stop-and-copy: Xen 3.x (<50 pages, 29 rounds, 3N), Xen migration v2 (<50 dirty, 5 rounds), QEMU (remaining fits the downtime limit) or no live rounds.',
  downtimeLimitMs: 'QEMU policy: stop when the remaining pages can be sent within this time at the current bandwidth.',
  rateLimit: "Clark's adaptive rate: start at 100 Mbit/s, then the measured dirty rate + 50 Mbit/s when higher (never falling), at most 500; the stop-and-copy round goes at the link's full speed.",
  skipRedirtied: 'Skip a page dirtied again since the round began, round 1 included: it will be sent in a later round anyway (Clark §5.4, to_skip). Xen 2.0 to 4.5 always did this; migration v2 (Xen 4.6 on) does not.',
  trapEvents: "Kemari's hook: hold each frontend notify until B has the state that issued it. Off, each output is synchronized only after it left (sync-before-output breaks).",
  fencing: 'Before taking over, B powers A off through its management board, so two copies never run (off: a cut link causes split brain).',
  fenceMs: 'How long powering the old primary off through its management board takes.',
  bootMs: 'How long a restarted host takes to power on, boot its hypervisor and rejoin as the standby (illustrative: a real server takes minutes; shortened so that the repair fits a demo).',
  epochMs: 'How often Remus checkpoints the VM (25 ms in the paper, 200 ms in the shipped tool).',
  suspendUs: 'Pausing the guest for a checkpoint, before its dirty pages are copied (Remus cut it to about 100 µs).',
  bufferOutput: 'Hold network output until the backup acknowledges the checkpoint that produced it (Remus). Off: naive snapshots, and the output-commit rule breaks.',
  resumeMs: 'Time for the VM to resume on host B after commitment (Clark measured 9–40 ms).',
  migrationSuspendMs: 'Time to suspend the VM on host A before the final round (xend asks the guest through xenstore and waits); counted in the downtime. Remus §2.3 measured 30–40 ms for this path.',
  divergencePerSec: "COLO: how often the two VMs' outputs start to differ (the workload's non-determinism: timers, thread scheduling, random numbers), as seeded Poisson arrivals; the first output after each differs at the proxy and forces a checkpoint (illustrative: the COLO paper's own rates were not read here).",
  checkpointIntervalMs: "COLO: the longest the VMs run without a checkpoint; every checkpoint, for whatever cause, starts it again (QEMU's x-checkpoint-delay, 20,000 ms by default; 4,000 here, so that it shows within a 20 s run).",
  prepaging: 'Post-copy: which pages the background push sends next. Bubbling (Hines et al.) pushes the pages around the last faulted page first, both ways in turn; none pushes memory in order from page 0.',
};
