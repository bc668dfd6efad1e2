/**
 * Lays the statecharts out with ELK at build time (Node only: ELK is about 440 KB gzipped and never
 * ships to the browser). Layered, hierarchical (`INCLUDE_CHILDREN`: one layout across nesting levels),
 * orthogonal edges, each edge placed in the lowest common ancestor of its ends, as ELK's containment
 * convention wants. Label widths come from a fixed per-character advance, so the result does not
 * depend on installed fonts and is identical from build to build. Options known to crash ELK on
 * nested graphs (post-compaction, model-order cycle breaking) are left at their defaults.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { ChartEdge, ChartState, Statechart } from '../src/machines/statechart';
import type { EdgeShape, LayoutFont, MachineLayout, MachineLayouts, StateBox } from '../src/view/machine-layout';

/** 12 px monospace: 0.6 em per character. */
export const FONT: LayoutFont = { size: 12, charWidth: 7.2, lineHeight: 16 };
/** Inner padding of a state box (px). */
export const PAD = 8;
const DOT = 12;
const MIN_STATE_WIDTH = 72;

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '28',
  'elk.spacing.edgeNode': '12',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '4',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
};

const textWidth = (text: string) => Math.ceil(text.length * FONT.charWidth);

/** The text of a transition drawn as a line inside its state (`↻` marks one that re-enters). */
export function rowText(e: ChartEdge): string {
  return `${e.reenter ? '↻ ' : ''}${e.label}`;
}

/** Whether a transition stays in its state: drawn as a row of text inside the box, not an arrow. */
export function staysInState(e: ChartEdge): boolean {
  return e.kind !== 'initial' && (e.targets.length === 0 || (e.targets.length === 1 && e.targets[0] === e.source));
}

interface Prepared {
  readonly chart: Statechart;
  readonly byId: ReadonlyMap<string, ChartState>;
  readonly children: ReadonlyMap<string, readonly ChartState[]>;
  readonly rows: ReadonlyMap<string, readonly ChartEdge[]>;
}

function prepare(chart: Statechart): Prepared {
  const byId = new Map(chart.states.map((s) => [s.id, s]));
  const children = new Map<string, ChartState[]>();
  for (const s of chart.states) if (s.parent !== null) children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
  const rows = new Map<string, ChartEdge[]>();
  for (const e of chart.edges) if (staysInState(e)) rows.set(e.source, [...(rows.get(e.source) ?? []), e]);
  return { chart, byId, children, rows };
}

/** Height of a box's header: its name and its rows. */
function headerHeight(p: Prepared, s: ChartState): number {
  return PAD + FONT.lineHeight * (1 + (p.rows.get(s.id)?.length ?? 0)) + PAD / 2;
}

function headerWidth(p: Prepared, s: ChartState): number {
  const texts = [s.name + (s.kind === 'parallel' ? ' (parallel)' : ''), ...(p.rows.get(s.id) ?? []).map(rowText)];
  return Math.max(MIN_STATE_WIDTH, 2 * PAD + Math.max(...texts.map(textWidth)));
}

function ancestors(p: Prepared, id: string): string[] {
  const out: string[] = [];
  for (let s = p.byId.get(id); s; s = s.parent === null ? undefined : p.byId.get(s.parent)) out.push(s.id);
  return out;
}

/** ELK's containment convention: a node holding the other end contains the edge, else the lowest common ancestor. */
function container(p: Prepared, source: string, target: string): string {
  const up = ancestors(p, target);
  if (up.includes(source)) return source;
  const fromSource = ancestors(p, source);
  if (fromSource.includes(target)) return target;
  const sourceParents = new Set(fromSource.slice(1));
  return up.slice(1).find((id) => sourceParents.has(id)) ?? p.chart.id;
}

function elkNode(p: Prepared, s: ChartState, edgesIn: ReadonlyMap<string, ElkExtendedEdge[]>): ElkNode {
  const kids = p.children.get(s.id) ?? [];
  const width = headerWidth(p, s);
  const header = headerHeight(p, s);
  if (kids.length === 0) return { id: s.id, width, height: header + PAD / 2, edges: edgesIn.get(s.id) ?? [] };
  const children = kids.map((k) => elkNode(p, k, edgesIn));
  if (s.kind === 'compound') children.unshift({ id: `${s.id}#initial`, width: DOT, height: DOT });
  return {
    id: s.id,
    children,
    edges: edgesIn.get(s.id) ?? [],
    layoutOptions: {
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
      'elk.padding': `[top=${header},left=${PAD * 1.5},bottom=${PAD * 1.5},right=${PAD * 1.5}]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${width}, ${header + PAD})`,
    },
  };
}

/** The ELK graph of one statechart: the machine is the single top-level node. */
export function elkGraph(chart: Statechart): ElkNode {
  const p = prepare(chart);
  const edgesIn = new Map<string, ElkExtendedEdge[]>();
  chart.edges.forEach((e, i) => {
    if (staysInState(e)) return;
    const source = e.kind === 'initial' ? `${e.source}#initial` : e.source;
    e.targets.forEach((target, k) => {
      const where = e.kind === 'initial' ? e.source : container(p, e.source, target);
      const labels = e.label ? [{ text: e.label, width: textWidth(e.label), height: FONT.lineHeight }] : [];
      const edge: ElkExtendedEdge = { id: `e${i}.${k}`, sources: [source], targets: [target], labels };
      edgesIn.set(where, [...(edgesIn.get(where) ?? []), edge]);
    });
  });
  return { id: '(root)', layoutOptions: LAYOUT_OPTIONS, children: [elkNode(p, chart.states[0], edgesIn)] };
}

const r = (x: number | undefined) => Math.round(x ?? 0);

/** Converts ELK's answer (absolute coordinates) to the compact layout the panel draws. */
function toLayout(chart: Statechart, laidOut: ElkNode): MachineLayout {
  const nodes = new Map<string, ElkNode>();
  const edges = new Map<string, ElkExtendedEdge>();
  const walk = (n: ElkNode) => {
    nodes.set(n.id, n);
    for (const e of n.edges ?? []) edges.set(e.id, e);
    for (const c of n.children ?? []) walk(c);
  };
  walk(laidOut);
  const index = new Map(chart.states.map((s, i) => [s.id, i]));
  const box = (id: string) => {
    const n = nodes.get(id);
    if (!n || n.x === undefined || n.y === undefined) throw new Error(`layout of ${chart.id}: ELK placed no box for state ${id}`);
    return n;
  };
  const states: StateBox[] = chart.states.map((s) => {
    const n = box(s.id);
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      parent: s.parent === null ? -1 : index.get(s.parent)!,
      x: r(n.x),
      y: r(n.y),
      w: r(n.width),
      h: r(n.height),
      ...(s.tags.length > 0 ? { tags: s.tags } : {}),
      ...(s.description ? { description: s.description } : {}),
    };
  });
  const rowCount = new Map<string, number>();
  const shapes: EdgeShape[] = chart.edges.map((e, i) => {
    const base = {
      key: e.key,
      kind: e.kind,
      label: e.label,
      source: index.get(e.source)!,
      targets: e.targets.map((t) => index.get(t)!),
      ...(e.description ? { description: e.description } : {}),
      ...(e.actions.length > 0 ? { actions: e.actions } : {}),
      ...(e.reenter ? { reenter: true } : {}),
    };
    if (staysInState(e)) {
      const n = box(e.source);
      const k = (rowCount.get(e.source) ?? 0) + 1;
      rowCount.set(e.source, k);
      return { ...base, row: [r(n.x! + PAD), r(n.y! + PAD + FONT.lineHeight * (k + 1) - 4)] as const };
    }
    const paths = e.targets.map((_, k) => {
      const edge = edges.get(`e${i}.${k}`);
      const section = edge?.sections?.[0];
      if (!edge || !section || (edge.sections?.length ?? 0) !== 1) throw new Error(`layout of ${chart.id}: ELK routed no single path for ${e.key}`);
      return [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].flatMap((pt) => [r(pt.x), r(pt.y)]);
    });
    const label = edges.get(`e${i}.0`)?.labels?.[0];
    const shape: EdgeShape = { ...base, paths, ...(label && e.label ? { labelAt: [r(label.x), r(label.y)] as const } : {}) };
    if (e.kind === 'initial') {
      const dot = box(`${e.source}#initial`);
      return { ...shape, dot: [r(dot.x! + DOT / 2), r(dot.y! + DOT / 2)] as const };
    }
    return shape;
  });
  const root = box(chart.id);
  return { id: chart.id, width: r(root.x! + root.width!), height: r(root.y! + root.height!), states, edges: shapes };
}

/**
 * Lays out every statechart, in order. Throws (failing the build) when ELK fails or leaves a state
 * or a transition without a place.
 */
export async function layoutMachines(charts: readonly Statechart[]): Promise<MachineLayouts> {
  const elk = new ELK();
  const machines: MachineLayout[] = [];
  // One at a time: the order of ELK's work never depends on timing.
  for (const chart of charts) {
    let laidOut: ElkNode;
    try {
      laidOut = await elk.layout(elkGraph(chart));
    } catch (err) {
      throw new Error(`ELK could not lay out the ${chart.id} machine: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    machines.push(toLayout(chart, laidOut));
  }
  return { font: FONT, pad: PAD, machines };
}
