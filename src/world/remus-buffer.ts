/**
 * Remus's output buffer and checkpoint pipeline as plain data: network output held per epoch until
 * the backup acknowledges the checkpoint that closes it (a 10 MiB buffer whose overflow drops
 * packets), the added latency of each released output, and the last few checkpoints' times (pause,
 * resume, arrival, commit) for the checkpoint lanes. Named steps over one record; pure but for the
 * `release` callback.
 * @see research/domain-facts.md §3.2 (the pipelined checkpoint), §3.3 (the output buffer)
 */
import { OUTPUT_BUFFER_BYTES } from '../sim/remus';
import type { IoRequest } from '../sim/ring';
import type { Micros } from '../sim/time';
import type { BufferedEpoch, CheckpointFrame, CheckpointTimes } from './replication-frame';

/** How many released outputs the latency chart keeps, and how many checkpoints the lanes show. */
const RECENT_LATENCIES = 200;
const PIPELINE_LENGTH = 8;

interface Held {
  readonly request: IoRequest;
  readonly checkpoint: number;
  readonly producedAtUs: Micros;
}

export interface OutputBuffer {
  held: Held[];
  bytes: number;
  /** Packets dropped because the buffer was full. */
  dropped: number;
  /** Of those, VNC frames (the guest's TCP sends them again). */
  droppedFrames: number;
  /** Every added latency (µs), and the last ones released, for the chart. */
  readonly latencies: number[];
  recent: CheckpointFrame['latencies'];
  outOfOrderReleases: number;
  lastReleasedCheckpoint: number;
  /** The last few checkpoints' times, oldest first. */
  readonly pipeline: CheckpointTimes[];
  /** Bumped whenever the buffer or the pipeline changes (the frame's cache key). */
  version: number;
}

export function createOutputBuffer(): OutputBuffer {
  return { held: [], bytes: 0, dropped: 0, droppedFrames: 0, latencies: [], recent: [], outOfOrderReleases: 0, lastReleasedCheckpoint: 0, pipeline: [], version: 0 };
}

/** Holds a packet produced now for `checkpoint` (the one that will close its epoch); false when the buffer is full and it is dropped. */
export function holdPacket(b: OutputBuffer, request: IoRequest, checkpoint: number, now: Micros): boolean {
  if (b.bytes + request.bytes > OUTPUT_BUFFER_BYTES) {
    b.dropped++;
    if (request.kind === 'vnc') b.droppedFrames++;
    return false;
  }
  b.version++;
  b.held.push({ request, checkpoint, producedAtUs: now });
  b.bytes += request.bytes;
  return true;
}

/** Releases every output held for checkpoints up to `upTo`, in order, through `send`. */
export function releaseUpTo(b: OutputBuffer, upTo: number, now: Micros, send: (request: IoRequest) => void): void {
  releaseWhere(b, (held) => held.checkpoint <= upTo, now, send);
}

/** Releases, in order, the outputs held for which `due` is true (COLO: those the secondary's matched), through `send`. */
export function releaseWhere(b: OutputBuffer, due: (held: Held, i: number) => boolean, now: Micros, send: (request: IoRequest) => void): void {
  b.version++;
  const keep: Held[] = [];
  for (let i = 0; i < b.held.length; i++) {
    const held = b.held[i];
    if (!due(held, i)) {
      keep.push(held);
      continue;
    }
    if (held.checkpoint < b.lastReleasedCheckpoint) b.outOfOrderReleases++;
    b.lastReleasedCheckpoint = held.checkpoint;
    b.latencies.push(now - held.producedAtUs);
    b.recent = [...b.recent.slice(-(RECENT_LATENCIES - 1)), { releasedAtUs: now, addedUs: now - held.producedAtUs, kind: held.request.kind === 'vnc' ? 'vnc' : 'packet' }];
    b.bytes -= held.request.bytes;
    send(held.request);
  }
  b.held = keep;
}

/** Empties the buffer (the copy that held it is gone); returns what it held. */
export function drain(b: OutputBuffer): readonly Held[] {
  b.version++;
  const held = b.held;
  b.held = [];
  b.bytes = 0;
  return held;
}

/** What the buffer holds, per epoch, oldest first. */
export function bufferedEpochs(b: OutputBuffer): BufferedEpoch[] {
  const byEpoch = new Map<number, BufferedEpoch>();
  for (const held of b.held) {
    const prev = byEpoch.get(held.checkpoint) ?? { checkpoint: held.checkpoint, outputs: 0, bytes: 0 };
    byEpoch.set(held.checkpoint, { checkpoint: held.checkpoint, outputs: prev.outputs + 1, bytes: prev.bytes + held.request.bytes });
  }
  return [...byEpoch.values()];
}

/** Checkpoint `n` paused the guest now, with `pages` dirty pages. */
export function checkpointBegins(b: OutputBuffer, n: number, now: Micros, pages: number): void {
  b.version++;
  b.pipeline.push({ checkpoint: n, pauseAtUs: now, resumeAtUs: null, arrivedAtUs: null, committedAtUs: null, pages });
  if (b.pipeline.length > PIPELINE_LENGTH) b.pipeline.shift();
}

/** Notes a later time of checkpoint `n` (resumed, arrived, committed). */
export function checkpointTimes(b: OutputBuffer, n: number, change: Partial<CheckpointTimes>): void {
  b.version++;
  const i = b.pipeline.findIndex((c) => c.checkpoint === n);
  if (i < 0) return;
  // A new record (a frame may hold the old one), built field by field: one shape whatever changed.
  const c = b.pipeline[i];
  b.pipeline[i] = {
    checkpoint: c.checkpoint,
    pauseAtUs: c.pauseAtUs,
    resumeAtUs: change.resumeAtUs !== undefined ? change.resumeAtUs : c.resumeAtUs,
    arrivedAtUs: change.arrivedAtUs !== undefined ? change.arrivedAtUs : c.arrivedAtUs,
    committedAtUs: change.committedAtUs !== undefined ? change.committedAtUs : c.committedAtUs,
    pages: c.pages,
  };
}
