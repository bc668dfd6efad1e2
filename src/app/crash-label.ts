/**
 * The label of the button that crashes host A, the same in the lab and the embed: Kemari's demo
 * powers host A off (as the paper's did); elsewhere it crashes. Its own module so the embed's first
 * load does not carry the fault schedule.
 */
export function crashALabel(scenario: string): string {
  return scenario === 'kemari' ? 'Power off host A' : 'Crash host A';
}
