/**
 * Remus arithmetic: how long a checkpoint keeps the guest paused, when the next one starts, and the
 * timing model of domain-facts §2.5 (period and added output latency). Pure.
 * @see research/domain-facts.md §2.5 and §3.2
 */
import type { Micros } from './time';

/** Copying one 4 KiB page into the staging buffer while paused (a memcpy at about 4 GB/s). */
export const COPY_US_PER_PAGE = 1;
/** The output buffer's limit: `FIFO_BUF (10*1024*1024)` bytes in sch_queue.c; overflow drops packets. */
export const OUTPUT_BUFFER_BYTES = 10 * 1024 * 1024;

/** The guest's pause for a checkpoint of `dirtyPages` pages: suspend, then copy to the staging buffer. */
export function checkpointPauseUs(suspendUs: Micros, dirtyPages: number): Micros {
  return suspendUs + dirtyPages * COPY_US_PER_PAGE;
}

/** When checkpoint k+1 pauses the guest: one epoch after checkpoint k paused it, but never before k committed. */
export function nextPauseAtUs(lastPauseAtUs: Micros, epochUs: Micros, lastCommitAtUs: Micros | null): Micros {
  return Math.max(lastPauseAtUs + epochUs, lastCommitAtUs ?? 0);
}

/** Model period of checkpoints: max(epoch, pause + transmit + ack). */
export function modelPeriodUs(epochUs: Micros, pauseUs: Micros, transmitUs: Micros, ackUs: Micros): number {
  return Math.max(epochUs, pauseUs + transmitUs + ackUs);
}

/** Model mean added latency of an output produced uniformly within an epoch: epoch/2 + pause + transmit + ack. */
export function modelMeanAddedLatencyUs(epochUs: Micros, pauseUs: Micros, transmitUs: Micros, ackUs: Micros): number {
  return epochUs / 2 + pauseUs + transmitUs + ackUs;
}
