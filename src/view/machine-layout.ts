/**
 * The statechart diagrams as laid out at build time (build/machine-layout.ts, with ELK): boxes for
 * states, routed paths for transitions, text positions, in one fixed font so the boxes fit their
 * words. Plain data (the `virtual:machine-layouts` module); the panel only draws it. Coordinates are
 * SVG user units, absolute within one machine's drawing.
 */

/** XState's state node types (as src/machines/statechart.ts reads them). */
export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
/** How a transition is triggered. */
export type EdgeKind = 'event' | 'after' | 'always' | 'initial' | 'done';

/** The one font every label is measured in: a fixed advance per character. */
export interface LayoutFont {
  /** Font size (px). */
  readonly size: number;
  /** Advance of one character (px): the font is monospace. */
  readonly charWidth: number;
  /** Height of one line of text (px). */
  readonly lineHeight: number;
}

/** A state's box. Its name is drawn at the top left (`x + pad`, first line). */
export interface StateBox {
  /** XState's state id (`host.up.watching`). */
  readonly id: string;
  readonly name: string;
  readonly kind: StateKind;
  /** Index of the parent box in `states` (-1 for the machine itself). */
  readonly parent: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly tags?: readonly string[];
  readonly description?: string;
}

/**
 * A transition. Drawn either as arrows (`paths`, one per target, with the label at `labelAt`) or,
 * when it stays in its state (no target, or its own state), as a line of text inside the state's box
 * (`row`). An initial edge starts at a dot (`dot`).
 */
export interface EdgeShape {
  /** `source|event|index`, as the world reports it. */
  readonly key: string;
  readonly kind: EdgeKind;
  readonly label: string;
  /** Index of the source state box; `targets` likewise (empty: it only runs actions). */
  readonly source: number;
  readonly targets: readonly number[];
  readonly description?: string;
  /** What it does (action names), for the description. */
  readonly actions?: readonly string[];
  /** Flat x,y lists (start, bends, end), one per target. */
  readonly paths?: readonly (readonly number[])[];
  /** Top-left of the label's text box. */
  readonly labelAt?: readonly [number, number];
  /** Baseline start of the row inside the source box. */
  readonly row?: readonly [number, number];
  /** Centre of the initial dot. */
  readonly dot?: readonly [number, number];
  /** A self-transition that exits and re-enters its state. */
  readonly reenter?: boolean;
}

export interface MachineLayout {
  /** The machine id (`host`). */
  readonly id: string;
  readonly width: number;
  readonly height: number;
  /** Parents before children; index 0 is the machine itself. */
  readonly states: readonly StateBox[];
  /** In the statechart's edge order: index = the world's edge number. */
  readonly edges: readonly EdgeShape[];
}

export interface MachineLayouts {
  readonly font: LayoutFont;
  /** Inner padding of a box (px) and the height of its title line. */
  readonly pad: number;
  readonly machines: readonly MachineLayout[];
}
