import { describe, expect, it } from 'vitest';
import { gridPicture } from '../../src/view/memory-grid-picture';
import { FALLBACK_PALETTE } from '../../src/view/memory-grid';

const TEXT = { ink: '#111111', muted: '#666666', font: 'sans-serif' };

describe('memory grid picture', () => {
  // 8 cells: 2 empty, 3 sent, 2 dirty, 1 in flight (columns: ceil(sqrt(16)) = 4, so 2 rows of 4).
  const cells = Uint8Array.from([0, 1, 1, 2, 3, 1, 2, 0]);
  const pic = gridPicture('Host A memory (source)', cells, 128, FALLBACK_PALETTE, TEXT, 448);
  const doc = new DOMParser().parseFromString(pic.text, 'image/svg+xml');

  it('is a valid standalone SVG with its size, title and cell size', () => {
    expect(doc.querySelector('parsererror')).toBeNull();
    const svg = doc.documentElement;
    expect(svg.tagName).toBe('svg');
    expect(svg.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(Number(svg.getAttribute('width'))).toBe(pic.width);
    expect(Number(svg.getAttribute('height'))).toBe(pic.height);
    expect([...doc.querySelectorAll('text')].map((t) => t.textContent)).toEqual(['Host A memory (source)', '1 cell = 128 pages (512 KiB)']);
  });

  it('draws each cell in the colour of its state, as one path per colour run', () => {
    // 4 columns at 448 px: 16 px apart (the most), a gap of 2.
    const fills = [...doc.querySelectorAll('g path:not([stroke])')].map((p) => [p.getAttribute('fill'), (p.getAttribute('d')!.match(/M/g) ?? []).length]);
    expect(fills).toEqual([
      ['#ffffff', 1], // the panel behind
      ['#ecebe8', 2], // empty
      ['#007a56', 3], // sent
      ['#d55e00', 2], // dirty
      ['#0072b2', 1], // in flight
      ['#ffffff', 1], // the hollow centre of the cell in flight
    ]);
    const first = doc.querySelectorAll('g path:not([stroke])')[2].getAttribute('d');
    expect(first).toBe('M16 0h14v14h-14zM32 0h14v14h-14zM16 16h14v14h-14z');
    const hatch = doc.querySelector('g path[stroke]')!;
    expect(hatch.getAttribute('d')).toBe('M48 14L62 0M32 30L46 16');
    expect(hatch.getAttribute('stroke')).toBe('#ffffff');
  });

  it('writes text from outside as text', () => {
    const odd = gridPicture('<b>A & B</b>', cells, 1, FALLBACK_PALETTE, TEXT);
    const parsed = new DOMParser().parseFromString(odd.text, 'image/svg+xml');
    expect(parsed.querySelector('b')).toBeNull();
    expect(parsed.querySelector('text')!.textContent).toBe('<b>A & B</b>');
  });
});
