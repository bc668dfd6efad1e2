/**
 * The sources and simplifications of the foundation (hosts, event channel, xclock, client) that every
 * scenario's "About the model" panel lists: loaded with a scenario's own, on demand.
 */
import type { Source } from './scenario';

export const BASE_SOURCES: readonly Source[] = [
  {
    tag: 'XENHDR',
    cite: 'Xen public headers: event_channel.h, io/ring.h, io/netif.h, io/blkif.h',
    used: 'Event-channel ports with PENDING and MASK bits (an upcall only on the 0→1 edge of an unmasked port); split drivers with shared rings (netif TX 256 slots, blkif 32).',
  },
  {
    tag: 'CLARK',
    cite: 'C. Clark et al., "Live Migration of Virtual Machines", NSDI 2005, §5.1',
    used: 'Log-dirty tracking: guest writes mark pages in a dirty bitmap that is read and cleared between rounds.',
  },
  {
    tag: 'KEMARI',
    cite: 'Y. Tamura, "Kemari v1.0 released", xen-devel, 25 Nov 2008; Xen Summit Boston 2008',
    used: 'The demo this lab re-enacts: an xclock watched over VNC keeps ticking when the primary host is powered off.',
  },
];

export const BASE_SIMPLIFICATIONS: readonly string[] = [
  'Time is simulated in whole microseconds; the guest\'s wallclock equals simulated time, and the clock starts at 00:00:00.',
  'Hosts fail by stopping (fail-stop): no Byzantine behaviour, no slow or flaky hosts.',
  'Backends in dom0 process a ring the instant their event-channel upcall arrives (no dom0 scheduling delay); the public network to the client adds a fixed 200 µs.',
  'The xclock\'s redraw dirties a fixed number of framebuffer pages and sends one VNC frame of 1,500 bytes; packets and disk writes arrive as seeded Poisson streams.',
  'The background writer makes floor(rate × run time) writes exactly, into a hot set at the start of memory; the framebuffer is the last pages of memory.',
  "The client's VNC session is one TCP connection: each xclock frame is a segment the guest keeps until the client acknowledges it and resends on timeout (RFC 6298 with Linux's 200 ms floor, doubling, 120 s cap, giving up after 15 retransmissions), all unacknowledged segments at once (no congestion window). The client takes segments in order, holds those after a gap, and judges them by sequence number and content: a frame overdue by 0.1 s stalls the session (it recovers when frames come), a rollback resets it, and it is lost only when a TCP gives up or the optional viewer watchdog clientTimeoutMs (off by default) fires.",
  'Background packets are not modelled as TCP: if a full Remus output buffer drops them they are counted as lost (dropped VNC frames are resent by the guest\'s TCP).',
  'Heartbeats and acknowledgements are 64-byte control messages that overtake bulk data on the replication link.',
];
