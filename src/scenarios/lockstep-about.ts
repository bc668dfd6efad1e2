/** Scenario `lockstep`'s "About the model": its sources and simplifications (loaded on demand). */
import { BASE_SIMPLIFICATIONS, BASE_SOURCES } from './common-about';
import type { ScenarioAbout } from './scenario';

export const about: ScenarioAbout = {
  summary:
    "Host B runs the same VM by replaying a log: host A records every non-deterministic input (a timer interrupt, an arriving packet, a request) and sends it down the logging channel. An output leaves only after B acknowledged the entries before it. Kill host A and B replays to the end of the log and goes live; no memory ever crosses the link.",
  sources: [
    {
      tag: 'VMFT',
      cite: 'D. J. Scales, M. Nelson and G. Venkitachalam, "The Design of a Practical System for Fault-Tolerant Virtual Machines", ACM SIGOPS OSR 44(4), 2010, §2–3',
      used: 'Deterministic replay over a logging channel; the Output Rule (§2.2: "the primary VM may not send an output to the external world, until the backup VM has received and acknowledged the log entry associated with the operation producing the output"); the backup goes live after consuming its log, outputs may be repeated and TCP drops the duplicates; split brain avoided by an atomic test-and-set on shared storage; the backup typically lags by less than 100 ms (§3.2); logging bandwidth in Table 1 (docs/fidelity.md).',
    },
    {
      tag: 'HBFT',
      cite: 'T. C. Bressoud and F. B. Schneider, "Hypervisor-based Fault-tolerance", SOSP 1995',
      used: 'The primary and backup hypervisors run the same instruction stream, interrupts delivered at the same points (epoch boundaries); the backup is promoted when the primary fails.',
    },
    ...BASE_SOURCES,
  ],
  simplifications: [
    ...BASE_SIMPLIFICATIONS,
    'The lab runs one guest: the backup\'s replay is modelled, not run. Its state after replaying entries up to n is the primary\'s just before the primary took input n + 1 (replay runs on deterministically until the next input it lacks), or the primary\'s as it stopped when every entry arrived.',
    "The inputs logged are the lab's guest's: each xclock timer interrupt, background packet and disk write trigger, TCP acknowledgement or timeout, and client request (32 bytes each, plus the packet for an arriving one). A real guest takes far more (timer interrupts at hundreds per second, every rdtsc read, DMA completions), so real logging channels carry more: VMware measured 0.5 to 18 Mbit/s (Table 1).",
    'Each entry is sent at once and acknowledged on arrival; VMware buffers entries and flushes them, and the output rule waits for the flush. Only network outputs wait for the rule (disk writes go to shared storage, not modelled).',
    'Instruction counting is not modelled: an entry is delivered to the backup\'s replay at the point the primary took it (Bressoud and Schneider delivered interrupts at epoch boundaries, VMware at the exact instruction).',
    'Who goes live alone is settled by a test-and-set on shared storage that both hosts reach instantly; the loser halts (the lab powers it off). So a cut link gives no split brain here, with or without fencing.',
    'Failure detection is the lab\'s heartbeat detector (VMware also watched the logging traffic, with a timeout of a few seconds).',
  ],
};
