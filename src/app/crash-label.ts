/**
 * The label of the button that crashes host A, the same in the lab and the embed: the technique's
 * descriptor says it (Kemari's demo powers host A off, as the paper's did; elsewhere it crashes).
 */
import { techniqueOf } from '../view/techniques/index';

export function crashALabel(scenario: string): string {
  return techniqueOf(scenario).crashALabel;
}
