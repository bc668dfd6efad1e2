/**
 * The failure-timing lab in a real browser: drag a fault marker along the timeline (the run is
 * recomputed, the playhead keeps its place), schedule a fault at a phase of the protocol, refuse a
 * bad moment at its field, step by an actor's events, and save and reopen the whole lab as a file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFault } from '../../src/scenarios/faults';
import { button, labPlaying, labT, openFileMenu, openJourney, openPanel, playButton, setSpeed, stage, useLab, waitForSimTime, waitForStopped } from './helpers';

const lab = useLab();

const faultsOf = (url: string) => new URL(url).searchParams.getAll('fault');

describe('fault schedule', () => {
  it('a fault marker dragged along the timeline moves the fault; the run re-computes and the playhead stays', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=4s&fault=crash:A@1s&t=500ms&panel=faults');
    const { page } = j;
    const marker = page.getByRole('slider', { name: /^Fault 1: Crash host A at 1000\.000ms/ });
    await expect.poll(() => marker.getAttribute('aria-valuenow')).toBe('1000000');
    await marker.scrollIntoViewIfNeeded();
    const box = (await marker.boundingBox())!;
    const lanes = (await page.getByRole('group', { name: 'Trace lanes and fault markers' }).boundingBox())!;
    // The lanes span 90..990 of the drawing's 1000 units: 4 s over 900 units; +2 s is 450 units.
    const dx = (450 / 1000) * lanes.width;
    const x0 = box.x + box.width / 2;
    const y = box.y + 40;
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move(x0 + dx / 2, y, { steps: 4 });
    await page.mouse.move(x0 + dx, y, { steps: 4 });
    await page.mouse.up();
    const moved = page.getByRole('slider', { name: /^Fault 1: Crash host A at/ });
    await expect.poll(async () => Number(await moved.getAttribute('aria-valuenow'))).toBeGreaterThan(2_900_000);
    const at = Number(await moved.getAttribute('aria-valuenow'));
    expect(at).toBeLessThan(3_100_000);
    await expect.poll(() => faultsOf(page.url())).toEqual([formatFault({ kind: 'crash', target: 'A', atUs: at })]);
    expect(await labT(page)).toBe(500_000);
    // The panel lists the moved fault with the instant it took effect.
    await expect.poll(() => page.getByText(/took effect at 29\d\d\.\d{3}ms|took effect at 30\d\d\.\d{3}ms/).count()).toBe(1);
    await j.finish();
  });

  it('schedules a fault at a phase from the panel, jumps to it, and refuses a bad moment at its field', async () => {
    const j = await openJourney(lab, '?scenario=kemari&until=3s&panel=faults');
    const { page } = j;
    const add = page.getByRole('form', { name: 'Add a fault' });
    await add.getByRole('combobox', { name: 'When' }).selectOption({ label: 'after sync N, before its event is delivered' });
    await add.getByRole('spinbutton', { name: 'N' }).fill('4');
    await add.getByRole('button', { name: 'Add fault' }).click();
    await expect.poll(() => faultsOf(page.url())).toEqual(['crash:A@synced:4']);
    await page.getByRole('button', { name: 'Jump to fault 1: Crash host A' }).click();
    await expect.poll(() => page.getByText(/took effect at \d+\.\d{3}ms/).count()).toBe(1);
    const took = (await page.getByText(/took effect at/).textContent())!;
    const ms = Number(/at (\d+\.\d{3})ms/.exec(took)![1]);
    expect(await labT(page)).toBe(Math.round(ms * 1000));
    // Host B's trace had acknowledged sync 4 at that instant: step back by host B's events to it
    // (stepping by event is under "What happened").
    await openPanel(page, 'What happened');
    await page.getByRole('combobox', { name: 'Events of' }).selectOption('hostB.kemari');
    await page.getByRole('button', { name: 'Previous event' }).click();
    const landed = page.getByRole('group', { name: 'Step by event' }).locator('output');
    await expect.poll(() => landed.textContent()).toMatch(/hostB\.kemari {2}state\.ack {2}sync=3/);

    await openPanel(page, /^Faults/);
    const when = page.getByRole('textbox', { name: 'When: Crash host A, fault 1' });
    await when.fill('sync:0');
    await when.press('Enter');
    await expect.poll(() => when.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'a phase number counts from 1' }).isVisible()).toBe(true);
    expect(faultsOf(page.url())).toEqual(['crash:A@synced:4']);
    await j.finish();
  });

  it('saves the lab as a file and opens it again; a bad file is refused field by field and changes nothing', async () => {
    const j = await openJourney(lab, '?scenario=remus&seed=9&until=3s&epochMs=40&fault=crash:A@checkpoint:7&t=1s&panel=faults,params');
    const { page } = j;
    await openFileMenu(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save lab file' }).click()]);
    expect(download.suggestedFilename()).toBe('kemari-lab-remus-default-seed9.json');
    const saved = await readFile((await download.path())!, 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ format: 'kemari-lab', v: 2, scenario: 'remus', seed: 9, until: '3s', t: '1s', faults: ['crash:A@checkpoint:7'], panels: ['faults'] });
    const urlBefore = page.url();

    // A bad file: every bad field named, the lab unchanged.
    const bad = join(tmpdir(), `kemari-bad-${process.pid}.json`);
    await writeFile(bad, JSON.stringify({ ...JSON.parse(saved), seed: -1, params: { epochMs: 0 }, faults: ['crash:A@nope'] }));
    await openFileMenu(page);
    await page.getByLabel('Open lab file').setInputFiles(bad);
    const alert = page.getByRole('alert').filter({ hasText: 'was not opened' });
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.getByRole('listitem').count()).toBe(3);
    const said = (await alert.textContent())!;
    expect(said).toContain('seed must be a whole number');
    expect(said).toContain('epochMs must be');
    expect(said).toContain('"nope" is neither a time nor a phase of remus');
    expect(page.url()).toBe(urlBefore);

    // Elsewhere, then open the saved file: the same lab comes back.
    const other = await openJourney(lab, '?scenario=kemari');
    const good = join(tmpdir(), `kemari-good-${process.pid}.json`);
    await writeFile(good, saved);
    await openFileMenu(other.page);
    await other.page.getByLabel('Open lab file').setInputFiles(good);
    await expect.poll(() => new URL(other.page.url()).search).toBe(new URL(urlBefore).search);
    await other.finish();
    await j.finish();
  });

  it('the actors offered for stepping are those of the run on screen, also after a fault is removed', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=4s&fault=crash:A@1s&t=3s&panel=faults');
    const { page } = j;
    const options = () => page.getByRole('combobox', { name: 'Events of' }).locator('option').allTextContents();
    await openPanel(page, 'What happened');
    await expect.poll(options).toContain('vm.B');
    await openPanel(page, /^Faults/);
    await page.getByRole('button', { name: 'Remove fault 1: Crash host A' }).click();
    await expect.poll(() => faultsOf(page.url())).toEqual([]);
    await openPanel(page, 'What happened');
    await expect.poll(options).not.toContain('vm.B');
    expect(await options()).toContain('hostA.remus');
    await j.finish();
  });

  it('Cut link at an exact instant: split brain without fencing; the Fenced preset (chosen in its select) powers host A off instead', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=4s&t=2s');
    const { page } = j;
    await button(page, 'Cut link').click();
    await expect.poll(() => faultsOf(page.url())).toEqual(['cut:link@2s']);
    expect(await labT(page)).toBe(2_000_000);
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await waitForStopped(page);
    // B declared A dead 300 ms after the last heartbeat it heard and took over; A never stopped.
    expect(await stage(page).getAttribute('aria-label')).toBe('Stage. Host A up, old primary, still running (split brain). Host B up, primary. Replication link cut. VM running on host B.');

    // The preset select: the same run (its cut kept) with fencing on, from 0.
    await page.getByRole('combobox', { name: 'Preset', exact: true }).selectOption('fenced');
    await expect.poll(() => new URL(page.url()).searchParams.get('preset')).toBe('fenced');
    expect(faultsOf(page.url())).toEqual(['cut:link@2s']);
    expect(await labT(page)).toBe(0);
    await button(page, 'Play').click();
    await waitForSimTime(page, 4_000_000);
    await button(page, 'Pause').click();
    expect(await stage(page).getAttribute('aria-label')).toBe('Stage. Host A fenced. Host B up, primary. Replication link cut. VM running on host B.');
    await j.finish();
  });

  it('Crash host B at an exact instant aborts a migration (the VM stays on A); a hidden tab pauses playback', async () => {
    const j = await openJourney(lab, '?scenario=migration&until=8s&t=3s');
    const { page } = j;
    await button(page, 'Crash host B').click();
    await expect.poll(() => faultsOf(page.url())).toEqual(['crash:B@3s']);
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await waitForSimTime(page, 5_000_000);
    expect(await stage(page).getAttribute('aria-label')).toBe('Stage. Host A up, primary. Host B crashed. Replication link connected. VM running on host A.');
    // The tab is hidden (another tab in front): playback pauses by itself.
    expect(await labPlaying(page)).toBe(true);
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => labPlaying(page)).toBe(false);
    expect(await playButton(page).textContent()).toBe('Play');
    await j.finish();
  });
});
