/**
 * Fits a box's content inside it by scaling it down (never up): for the panels a tour step puts in
 * the spotlight, which must be seen whole on a 720p projector. The content keeps the box's width (its
 * charts are drawn for it) and is scaled about its top centre until its height fits. A Svelte action:
 * `<div use:fitInside><div>…</div></div>`; it refits whenever the box or its content resizes.
 */

/** The scale at which content `height` tall fits a box `availH` tall (≤ 1; 1 before layout). */
export function fitScale(availH: number, height: number): number {
  if (availH <= 0 || height <= 0) return 1;
  return Math.min(1, availH / height);
}

export function fitInside(node: HTMLElement): { destroy(): void } {
  const inner = node.firstElementChild as HTMLElement | null;
  if (!inner || typeof ResizeObserver === 'undefined') return { destroy: () => {} };
  inner.style.transformOrigin = '50% 0';
  // The content's own height is not changed by the transform, so refitting cannot loop.
  const refit = () => {
    const s = fitScale(node.clientHeight, inner.offsetHeight);
    inner.style.transform = s < 1 ? `scale(${s})` : '';
  };
  const observer = new ResizeObserver(refit);
  observer.observe(node);
  observer.observe(inner);
  return { destroy: () => observer.disconnect() };
}
