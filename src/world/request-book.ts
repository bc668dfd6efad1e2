/**
 * The client's requests as plain data: how many were sent and lost, each unanswered one's send time,
 * and each answered one's latency (send to the first arrival of its answer); and their figures. A leaf
 * module: the world state holds a book, ./requests.ts fills it.
 */
import type { Micros } from '../sim/time';

/** What happened to the client's requests so far. */
export interface RequestBook {
  sent: number;
  /** Requests that reached no running copy of the VM. */
  lost: number;
  /** Each unanswered request's send time, by its number. */
  readonly pending: Map<number, Micros>;
  /** Each answered request's latency (send to the first arrival of its answer), in order of answer. */
  readonly latencies: number[];
}

export function createRequestBook(): RequestBook {
  return { sent: 0, lost: 0, pending: new Map(), latencies: [] };
}

/** The requests' figures (DESIGN §10 `metrics.requests`): sent, answered, lost, not yet answered, and the reply latency. */
export interface RequestFigures {
  readonly sent: number;
  readonly answered: number;
  readonly lost: number;
  readonly unanswered: number;
  /** From a request's sending to its answer's first arrival at the client (µs); null before the first answer. */
  readonly latencyUs: { readonly mean: number; readonly p95: number; readonly max: number } | null;
}

const memo = new WeakMap<RequestBook, RequestFigures>();

/** The book's figures now (the same object until a request is sent, answered or lost). */
export function requestFigures(book: RequestBook): RequestFigures {
  const last = memo.get(book);
  const l = book.latencies;
  if (last && last.sent === book.sent && last.answered === l.length && last.lost === book.lost) return last;
  const sorted = [...l].sort((a, b) => a - b);
  const latencyUs = l.length === 0 ? null : { mean: l.reduce((a, b) => a + b, 0) / l.length, p95: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)], max: sorted[sorted.length - 1] };
  const figures = { sent: book.sent, answered: l.length, lost: book.lost, unanswered: book.pending.size, latencyUs };
  memo.set(book, figures);
  return figures;
}
