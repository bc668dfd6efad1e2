/**
 * Xen split-driver shared rings, reduced to what the lesson needs: the frontend produces requests
 * (`reqProd`), the backend consumes them (`reqCons`) and answers (`rspProd`). The ring lives in guest
 * memory, which is why a backup that has the guest's memory can rebuild its backend rings (Kemari).
 * Pure functions over immutable values.
 * @see research/domain-facts.md §6 (Split drivers & shared rings)
 */
import type { VncFrame } from './client-rules';

/** Ring sizes with 4 KiB pages: netif TX 256, blkif 32. */
export const NET_RING_SIZE = 256;
export const BLK_RING_SIZE = 32;

/** An output the guest asks a backend to perform. */
export interface IoRequest {
  /** Guest-wide output number, from 1, in issue order. */
  readonly id: number;
  readonly kind: 'vnc' | 'packet' | 'disk';
  readonly bytes: number;
  /** The guest state version when it was issued. */
  readonly stateVersion: number;
  /** The VNC frame, for `vnc` requests. */
  readonly frame?: VncFrame;
}

/** A shared ring's indexes and its outstanding requests. */
export interface Ring {
  readonly size: number;
  readonly reqProd: number;
  readonly reqCons: number;
  readonly rspProd: number;
  /** Requests produced and not yet consumed, oldest first. */
  readonly outstanding: readonly IoRequest[];
}

export function createRing(size: number): Ring {
  return { size, reqProd: 0, reqCons: 0, rspProd: 0, outstanding: [] };
}

/** Whether the ring has room for another request. */
export function hasRoom(ring: Ring): boolean {
  return ring.reqProd - ring.rspProd < ring.size;
}

/** The frontend puts a request on the ring. */
export function pushRequest(ring: Ring, request: IoRequest): Ring {
  return { ...ring, reqProd: ring.reqProd + 1, outstanding: [...ring.outstanding, request] };
}

/** The backend consumes and answers the `count` oldest requests. */
export function consumeRequests(ring: Ring, count: number): Ring {
  const n = Math.min(count, ring.outstanding.length);
  return { ...ring, reqCons: ring.reqCons + n, rspProd: ring.rspProd + n, outstanding: ring.outstanding.slice(n) };
}
