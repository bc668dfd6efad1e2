/**
 * What the view and the app know of a technique, as data: its names, its rules and what each means,
 * the label of the button that kills its primary, its glyph in charts, the panels it has, its line in
 * the compare view and the glossary terms it leans on. The view reads a descriptor instead of
 * branching on a technique's name; a new technique brings one (src/view/techniques/).
 * @see ../world/README.md (adding a technique)
 */
import type { ParamValue } from '../scenarios/params';
import type { HostId, MigrationFrame, ReplicationFrame } from '../world/frame';
import type { IncomingCopy } from './incoming-copy';

/** A rule a technique promises, and what it means in plain words. */
export interface Rule {
  readonly name: string;
  readonly meaning: string;
}

/** The technique's own panels (the dock's tabs beyond the lab's common ones). */
export type TechniquePanel = 'rounds' | 'memory' | 'lanes' | 'buffer' | 'rules' | 'latency';

/** A mark's shape in charts (d3-shape's symbols), so that techniques differ by more than colour. */
export type GlyphShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'star' | 'wye' | 'times';

/**
 * A technique's place in the family tree, in a few words each: what host B holds, when output leaves,
 * what a crash of the primary (host A) and of the backup (host B) costs, and what crosses the link.
 */
export interface FamilyLine {
  readonly backupHolds: string;
  readonly outputLeaves: string;
  readonly primaryCrash: string;
  readonly backupCrash: string;
  readonly traffic: string;
}

export interface TechniqueDescriptor {
  /** The id frames and results name (`frame.protocol.technique`): the scenario's id for built-ins. */
  readonly id: string;
  /** Its short name, as a legend or a table row says it. */
  readonly name: string;
  /** Its name and what it does, as its panel's heading says it (`Kemari · event-driven synchronization`). */
  readonly heading: string;
  /** What one complete copy of the primary's state is called (null: the technique takes none). */
  readonly noun: { readonly one: string; readonly many: string } | null;
  /** The copy B holds, by its number: `synchronization #27`, `checkpoint 120`. */
  holdsLabel(n: number): string;
  /** The rules it promises, in the order the rules panel lists them. */
  readonly rules: readonly Rule[];
  /** The button that crashes host A (Kemari's demo powers it off). */
  readonly crashALabel: string;
  /** Its mark in charts: a shape and a colour (a CSS colour of the page's palette). */
  readonly glyph: { readonly shape: GlyphShape; readonly colour: string };
  /** Its own panels, in the order they are offered. */
  readonly panels: readonly TechniquePanel[];
  /** What it does with these parameters, in one line (the compare pane's subtitle). */
  compareLine(params: Readonly<Record<string, ParamValue>>): string;
  /** Glossary terms a newcomer needs for it (ids in src/scenarios/glossary.ts). */
  readonly glossary: readonly string[];
  /**
   * Its line in the family tree (the compare view and the tour). Built-in techniques keep theirs in
   * techniques/family.ts, which only the family tree loads; a technique outside the registries brings it here.
   */
  readonly family?: FamilyLine;
  /** Its own words on the stage and in the replication panel, where the common ones do not fit (COLO's secondary, lock-stepping's replay). */
  readonly stageWords?: StageWords;
}

/**
 * A replicated technique's own words, each null (or absent) where the replication view's common words
 * fit. Written for the first protection (host A the primary, B the backup): the caller maps the hosts
 * after a repair. A technique loads its words with its descriptor, so a page that shows another never
 * carries them.
 */
export interface StageWords {
  /** The backup's box while it stands by, in three short lines. */
  standbyLines?(r: ReplicationFrame): StandbyLines | null;
  /** The primary's line while it protects the VM or syncs. */
  primaryLine?(r: ReplicationFrame): string | null;
  /** The backup's line while it stands by. */
  backupLine?(r: ReplicationFrame): string | null;
  /** A host's box while a migration moves the VM: host B receiving its copy, post-copy's host A serving its pages. */
  copyLines?(m: MigrationFrame, host: HostId): IncomingCopy | null;
}

/** The backup's box on the stage in three short lines: what it is, what it holds, how it got it. */
export interface StandbyLines {
  readonly title: string;
  readonly holds: string;
  readonly state: string;
}
