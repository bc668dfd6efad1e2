/**
 * Post-copy on the screen: its panel (where the VM runs, the pages on B, pushed and pulled, the stall,
 * the downtime and degraded time, the outcome), host A's and B's words on the stage, the memory grids'
 * pulled cells and their key. Frames come from seeded runs of the `postcopy` scenario.
 */
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import MemoryLegend from '../../src/view/MemoryLegend.svelte';
import MigrationPanel from '../../src/view/MigrationPanel.svelte';
import Stage from '../../src/view/Stage.svelte';
import { countCells, gridSummary } from '../../src/view/memory-grid';
import type { MigrationFrame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

function run(preset: string, faults: string[] = [], until = '6s') {
  const { spec } = resolveRun({ scenario: 'postcopy', preset, until, faults });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return w;
}
const touchAll = run('push-only');
const mig = (w: ReturnType<typeof run>, t: number) => w.frameAt(t).protocol as MigrationFrame;

function valueOf(term: string): string | null {
  const dt = within(screen.getByRole('region', { name: 'Post-copy migration' })).queryByText(term, { selector: 'dt' });
  return dt ? (dt.nextElementSibling?.textContent ?? '').trim() : null;
}

describe('the migration panel, for post-copy', () => {
  it('while the guest stalls on a network fault: the share on B, pushed, pulled, faults and the downtime so far', () => {
    const m = mig(touchAll, 2_000_000);
    render(MigrationPanel, { migration: m });
    expect(screen.getByText(/^Stalled on a network fault · \d+% of the pages on host B$/)).toBeTruthy();
    expect(valueOf('Pages on B')).toMatch(/^[\d,]+ of 131,072$/);
    expect(valueOf('Downtime')).toBe('50.1 ms');
    expect(valueOf('Total migration time')).toBeNull();
    expect(Number(valueOf('Pulled on faults')!.replace(/,/g, ''))).toBeGreaterThan(0);
  });

  it('at the end: complete, with the degraded time and the total time', () => {
    const m = mig(touchAll, 6_000_000);
    render(MigrationPanel, { migration: m });
    expect(screen.getByText('Complete · every page is on host B')).toBeTruthy();
    expect(valueOf('Pages on B')).toBe('131,072 of 131,072');
    expect(valueOf('Pulled on faults')).toBe('15,508');
    expect(valueOf('Degraded (pages still coming)')).toBe('4.28 s');
    expect(screen.getByText('completed: the VM runs on host B, which holds all of it')).toBeTruthy();
  });

  it('says the VM is lost when host B fails while pages are still on A', () => {
    const w = run('idle', ['crash:B@3s']);
    const m = mig(w, 4_000_000);
    render(MigrationPanel, { migration: m });
    expect(screen.getByText('VM lost · a host failed before every page reached host B')).toBeTruthy();
    expect(screen.getByText(/^VM lost: past the handover neither host holds the whole VM/)).toBeTruthy();
  });
});

describe('post-copy on the stage and the grids', () => {
  it('host A serves the pages B lacks, and B runs the VM stalled on a fault', () => {
    const { container } = render(Stage, { frame: touchAll.frameAt(2_000_000), t: 2_000_000, speed: 1, linkLog: touchAll.linkLog, publicLog: touchAll.publicLog });
    const a = container.querySelector('[data-host="A"]')!.textContent!;
    const b = container.querySelector('[data-host="B"]')!.textContent!;
    expect(a).toMatch(/^Host A · source/);
    expect(a).toMatch(/serving the VM's pages: [\d,]+ left/);
    expect(a).toMatch(/the VM runs on host B: a crash here loses it/);
    expect(b).toMatch(/VM \(domU\) · stalled on a fault/);
    expect(b).toMatch(/[\d,]+ of 131,072 pages here · [\d,]+ faults/);
  });

  it("B's grid marks the pulled cells, says so to a screen reader, and the key shows post-copy's states", () => {
    const m = mig(touchAll, 2_000_000);
    const pulled = countCells(m.grid.B)[4];
    expect(pulled).toBeGreaterThan(0);
    expect(gridSummary('B', m.grid.B, m.grid.cellPages)).toContain(`${pulled} with pages pulled on network faults`);
    render(MemoryLegend, { postcopy: true });
    const key = screen.getByRole('list', { name: 'Key to the memory grids' });
    expect(within(key).getByText('pulled on a network fault')).toBeTruthy();
    expect(within(key).queryByText('dirty / stale copy')).toBeNull();
  });
});
