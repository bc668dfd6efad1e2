/**
 * Post-copy's arithmetic on the source: which page the background push sends next. Every page is
 * sent once, by the push or on demand after a network fault (`markSent` tells which were). Without
 * pre-paging ("push only") the push walks memory from page 0 up; with bubbling (Hines et al., Fig. 2:
 * single pivot, both directions) each network fault makes the faulted page the pivot, and the bubble
 * grows around it one page each way per step (the backward edge, then the forward one), skipping pages
 * already sent; an edge that reaches an end of memory stops and the other goes on. When both have, every
 * page was sent. Before the first fault the pivot is page 0 (the bubble grows forward only). Pure data.
 * @see ../../docs/fidelity.md (Post-copy) and research/domain-facts.md §5
 */

/** How the push picks pages: bubbling around the last faulted page, or in order from page 0. */
export type Prepaging = 'bubbling' | 'none';

/** Pages in one pushed batch (1 MiB): a faulted page waits behind at most one batch's worth on the link. */
export const PUSH_BATCH_PAGES = 256;

export class PushOrder {
  /** 1 for each page already sent (pushed, or pulled after a fault). */
  readonly sent: Uint8Array;
  private count = 0;
  /** No page below it is unsent. */
  private low = 0;
  private pivot = -1;
  private forward = 0;
  private backward = 0;
  /** The edge that goes next (the backward one first, as in Hines's Fig. 2). */
  private forwardTurn = false;

  constructor(readonly pageCount: number, readonly prepaging: Prepaging) {
    this.sent = new Uint8Array(pageCount);
  }

  /** Pages sent so far. */
  get sentCount(): number {
    return this.count;
  }

  get done(): boolean {
    return this.count === this.pageCount;
  }

  /** Marks page `page` as sent; false when it already was (it is never sent twice). */
  markSent(page: number): boolean {
    if (this.sent[page] === 1) return false;
    this.sent[page] = 1;
    this.count++;
    return true;
  }

  /** A network fault on page `page`: with bubbling, the push goes on around it. */
  fault(page: number): void {
    if (this.prepaging !== 'bubbling') return;
    this.pivot = page;
    this.forward = page + 1;
    this.backward = page - 1;
    this.forwardTurn = false;
  }

  /** The next up to `max` pages to push, in order, each marked sent. */
  next(max: number): number[] {
    const out: number[] = [];
    while (out.length < max && this.count < this.pageCount) {
      const page = this.pick();
      if (page < 0) break;
      this.markSent(page);
      out.push(page);
    }
    return out;
  }

  /** The next unsent page: from the bubble while it can grow, else the lowest unsent one. */
  private pick(): number {
    while (this.pivot >= 0) {
      const canForward = this.forward < this.pageCount;
      const canBackward = this.backward >= 0;
      if (!canForward && !canBackward) {
        this.pivot = -1;
        break;
      }
      const goForward = canForward && (this.forwardTurn || !canBackward);
      const page = goForward ? this.forward++ : this.backward--;
      this.forwardTurn = !goForward;
      if (this.sent[page] === 0) return page;
    }
    while (this.low < this.pageCount && this.sent[this.low] === 1) this.low++;
    return this.low < this.pageCount ? this.low : -1;
  }
}
