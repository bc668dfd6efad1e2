/**
 * Pictures of what is on screen, for slides: an SVG file with the computed styles written into each
 * element (so it looks the same outside the page, without the page's CSS or variables), or a PNG drawn
 * from that SVG on a canvas at twice the size. Used by the stage's export (../app/stage-export.ts) and
 * every chart's and diagram's Export buttons (./PictureExport.svelte), loaded when one is pressed.
 */
import { downloadBlob } from './download';

/** Style properties that decide how the stage's shapes and text look. */
const PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
  'display',
] as const;

/** A standalone copy of `svg` with every element's computed look inlined, on the page's background, as text. */
export function standaloneSvg(svg: SVGSVGElement): string {
  return new XMLSerializer().serializeToString(standaloneCopy(svg));
}

/** A detached copy of `svg` with every element's computed look inlined, on the page's background. */
export function standaloneCopy(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const computed = getComputedStyle(el);
    const style = PROPS.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
    to[i].setAttribute('style', style);
    to[i].removeAttribute('class');
  });
  const box = svg.viewBox.baseVal;
  const { width, height } = svgSize(svg);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('x', String(box?.x ?? 0));
  bg.setAttribute('y', String(box?.y ?? 0));
  bg.setAttribute('width', String(width));
  bg.setAttribute('height', String(height));
  bg.setAttribute('fill', getComputedStyle(document.body).backgroundColor || '#ffffff');
  copy.insertBefore(bg, copy.firstChild);
  return copy;
}

/** The size `svg` is drawn at in its own units: its viewBox, else its size on the page. */
function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.viewBox.baseVal;
  return { width: box && box.width > 0 ? box.width : svg.clientWidth, height: box && box.height > 0 ? box.height : svg.clientHeight };
}

/** Paints standalone SVG text over the whole of `context`'s canvas (scaled to it). */
export async function drawSvgText(svgText: string, context: CanvasRenderingContext2D): Promise<void> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    context.drawImage(img, 0, 0, context.canvas.width, context.canvas.height);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The SVG text drawn on a canvas `scale` times its size, as a PNG blob. */
export async function pngOf(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas in this browser');
  await drawSvgText(svgText, ctx);
  return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
}

/** Downloads `svg` as it is on screen, as `<name>.svg` or as `<name>.png` at twice its size. */
export async function exportPicture(svg: SVGSVGElement, format: 'svg' | 'png', name: string): Promise<void> {
  const { width, height } = svgSize(svg);
  await exportSvgText(standaloneSvg(svg), width, height, format, name);
}

/** Downloads a standalone SVG text of `width` x `height` as `<name>.svg`, or as `<name>.png` at twice its size. */
export async function exportSvgText(text: string, width: number, height: number, format: 'svg' | 'png', name: string): Promise<void> {
  if (format === 'svg') downloadBlob(new Blob([text], { type: 'image/svg+xml' }), `${name}.svg`);
  else downloadBlob(await pngOf(text, width, height), `${name}.png`);
}
