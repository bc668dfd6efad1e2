/**
 * The page's keyboard shortcuts, shared by the lab and the compare view: Space play/pause, → step,
 * ← step back, + / = faster, − slower. Ignored while a person is typing in (or focused on) a control,
 * and with Alt, Ctrl or Meta held.
 */

/** What the shortcuts drive: the session-like part both pages' sessions have. */
export interface KeyTarget {
  toggle(): void;
  step(): void;
  stepBack(): void;
  faster(direction: 1 | -1): void;
}

/** Whether a key event's target is a control that takes keys of its own. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('input, select, textarea, button, summary, [contenteditable]') !== null;
}

/** A window keydown handler that drives `target` from the shortcuts. */
export function keyHandler(target: KeyTarget): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
    if (e.key === ' ') {
      e.preventDefault();
      target.toggle();
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      target.step();
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      target.stepBack();
    } else if (e.key === '+' || e.key === '=') target.faster(1);
    else if (e.key === '-') target.faster(-1);
  };
}
