/**
 * A tour step in words, as the tour bar and a scene embed both say it: the caption as plain text (no
 * glossary links) and a gate's prompt with the button that does it for the reader, worded as the
 * prompt is ("Power off host A for me" in Kemari's demo, "Crash host A for me" elsewhere). Pure.
 */
import { plainCaption } from '../scenarios/glossary';
import type { SceneGate, SceneStep } from '../scenarios/scenes';

/** A step as the embed words it: the caption without its glossary links, and its gate, if any. */
export interface StepWords {
  readonly caption: string;
  readonly gate: { readonly prompt: string; readonly button: string } | null;
}

/** The gate's button says what its prompt says: "Power off host A for me" or "Crash host A for me". */
export function gateButtonLabel(gate: SceneGate): string {
  return `${/power/i.test(gate.prompt) ? 'Power off' : 'Crash'} host ${gate.host} for me`;
}

/** The words of `step`. */
export function stepWords(step: SceneStep): StepWords {
  return { caption: plainCaption(step.caption), gate: step.gate ? { prompt: step.gate.prompt, button: gateButtonLabel(step.gate) } : null };
}
