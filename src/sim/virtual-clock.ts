/**
 * A virtual clock for XState actors: `createActor(machine, { clock })` makes every `after` delay and
 * delayed event run on simulated time, through the shared event queue (so timers due at the same
 * instant fire in the order they were armed). XState gives delays in milliseconds; they become whole
 * microseconds, rounded to the nearest µs. Pure: time only moves when the world pops the queue.
 */
import type { ActorOptions, AnyActorLogic } from 'xstate';
import { EventQueue, type QueueEntry } from './event-queue';
import { ms, type Micros } from './time';

/** The clock shape XState accepts (its `Clock` type is not exported). */
export type XStateClock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

/** An entry of the shared queue: a callback to run at its instant, tagged for the trace. */
export interface Scheduled {
  readonly run: () => void;
}

/** Simulated time source shared by the world and every actor. */
export class VirtualClock implements XStateClock {
  private current: Micros = 0;

  constructor(private readonly queue: EventQueue<Scheduled>) {}

  /** The current simulated instant (µs). */
  now(): Micros {
    return this.current;
  }

  /** Moves time forward to `at`; never backwards. Called by the world as it pops the queue. */
  advanceTo(at: Micros): void {
    if (at < this.current) throw new RangeError(`time cannot go back from ${this.current} to ${at}`);
    this.current = at;
  }

  /**
   * Runs `read` with `now()` answering `at`, an instant already passed: the world projects the frame
   * of its last instant after its clock moved on to where a caller stopped. `read` only reads.
   */
  readAt<T>(at: Micros, read: () => T): T {
    if (at > this.current) throw new RangeError(`cannot read the future: ${at} > ${this.current}`);
    const current = this.current;
    this.current = at;
    try {
      return read();
    } finally {
      this.current = current;
    }
  }

  /** Runs `fn` after `delayMs` simulated milliseconds (the lean runner's `after` timers); `unschedule` takes the handle. */
  schedule(delayMs: number, fn: () => void): QueueEntry<Scheduled> {
    // Timer callbacks take no arguments and no `this`: the entry runs them as they are.
    return this.queue.push(this.current + Math.max(0, ms(delayMs)), { run: fn });
  }

  /** Cancels a timer armed by `schedule` (or `setTimeout`). */
  unschedule(handle: unknown): void {
    if (handle && typeof handle === 'object') this.queue.cancel(handle as QueueEntry<Scheduled>);
  }

  /** XState's timer hook: `schedule` under the name XState calls. */
  setTimeout(fn: (...args: unknown[]) => void, delayMs: number): QueueEntry<Scheduled> {
    return this.schedule(delayMs, fn as () => void);
  }

  /** XState's timer hook: `unschedule` under the name XState calls. */
  clearTimeout(id: unknown): void {
    this.unschedule(id);
  }
}
