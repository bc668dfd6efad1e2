/** Scenario `colo`'s "About the model": its sources and simplifications (loaded on demand). */
import { BASE_SIMPLIFICATIONS, BASE_SOURCES } from './common-about';
import type { ScenarioAbout } from './scenario';

export const about: ScenarioAbout = {
  summary:
    "Both hosts run the VM on the same inputs. A proxy on host A holds each output until the secondary's copy of it arrives: equal, it leaves at once, and host B already holds an equally good state without copying a page; different, both VMs stop for a checkpoint of the primary's dirty pages, and the output leaves after it. Kill host A and the secondary simply goes on.",
  sources: [
    {
      tag: 'COLO',
      cite: 'Y. Dong et al., "COLO: COarse-grained LOck-stepping Virtual Machines for Non-stop Service", ACM SoCC 2013 (abstract)',
      used: 'Both VMs run on the same inputs; the secondary is a valid replica as long as it gives the same responses; identical responses are released, a different one is withheld until the primary\'s state has been synchronized to the secondary; so the secondary can always take over.',
    },
    {
      tag: 'QEMUCOLO',
      cite: 'QEMU docs/COLO-FT.txt, net/colo-compare.c, migration/colo.c and migration/options.c',
      used: 'The proxy compares the primary\'s and the secondary\'s packets (TCP by payload) and releases the primary\'s on a match; a difference asks for a checkpoint; both VMs stop for it, the primary\'s dirty pages and device state go to the secondary, and the primary resumes once the secondary has loaded them; x-checkpoint-delay, the periodic checkpoint, 20,000 ms by default, restarted by every checkpoint; failover by x-colo-lost-heartbeat (no heartbeat of its own).',
    },
    ...BASE_SOURCES,
  ],
  simplifications: [
    ...BASE_SIMPLIFICATIONS,
    'The lab runs one guest: the secondary is modelled, not run. It produces each output the primary does, at the same instant, or one link latency later for a reply to a client request (the proxy forwards the request to it first); its counterpart then crosses the link to the proxy. Its state is taken as the primary\'s at the moment it produced its latest output: equal from the client\'s side, which is all COLO asks of it.',
    'When the two VMs diverge is a seeded Poisson process (divergencePerSec, illustrative: the COLO paper\'s rates per workload were not read here). The first output the primary produces after a divergence differs from the secondary\'s; a checkpoint makes them equal again. The proxy compares whole outputs (QEMU compares TCP payloads by sequence range, per connection, and gives up waiting for a partner after 3 s).',
    "Both VMs stay stopped for the whole checkpoint: the pause is the transfer of the dirty pages plus a round trip. Every output held when it began leaves once B acknowledged it, as the paper says (QEMU's code flushes the proxy's queue as the checkpoint begins).",
    'The checkpoint carries every page the primary dirtied since the last one (as Remus\'s does); QEMU also reloads the pages the secondary itself dirtied from its cache of the last checkpoint, which costs time on B but no link traffic.',
    'Disk writes are not compared: COLO\'s block replication mirrors the primary\'s writes to the secondary\'s disk, which the lab does not draw.',
    'Failure detection is the lab\'s heartbeat detector, as for every technique (QEMU\'s COLO has none of its own: an operator or a cluster manager issues x-colo-lost-heartbeat).',
  ],
};
