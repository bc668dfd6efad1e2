/**
 * A memory grid as a standalone SVG picture, for slides: the same drawing as on screen
 * (./memory-grid.ts `drawGrid`, painted here on a context that writes SVG instead of pixels), with
 * the grid's title above and the size of a cell below. Pure: text in, text out.
 */
import { escapeXml as esc } from './escape';
import { cellSizeText, drawGrid, gridLayout, type GridContext, type GridPalette } from './memory-grid';

/**
 * A 2D context that writes SVG: runs of `fillRect` in one colour become one path, each `stroke` a
 * path of its lines. Only what `drawGrid` uses.
 */
export class SvgContext implements GridContext {
  fillStyle: string | CanvasGradient | CanvasPattern = '#000000';
  strokeStyle: string | CanvasGradient | CanvasPattern = '#000000';
  lineWidth = 1;
  readonly #out: string[] = [];
  #fill: { colour: string; d: string[] } | null = null;
  #line: string[] = [];

  fillRect(x: number, y: number, w: number, h: number): void {
    const colour = String(this.fillStyle);
    if (this.#fill?.colour !== colour) {
      this.#flush();
      this.#fill = { colour, d: [] };
    }
    this.#fill.d.push(`M${x} ${y}h${w}v${h}h${-w}z`);
  }

  beginPath(): void {
    this.#line = [];
  }

  moveTo(x: number, y: number): void {
    this.#line.push(`M${x} ${y}`);
  }

  lineTo(x: number, y: number): void {
    this.#line.push(`L${x} ${y}`);
  }

  stroke(): void {
    this.#flush();
    if (this.#line.length > 0) this.#out.push(`<path d="${this.#line.join('')}" fill="none" stroke="${esc(String(this.strokeStyle))}" stroke-width="${this.lineWidth}"/>`);
  }

  /** The SVG elements drawn so far. */
  elements(): string {
    this.#flush();
    return this.#out.join('');
  }

  #flush(): void {
    if (this.#fill && this.#fill.d.length > 0) this.#out.push(`<path d="${this.#fill.d.join('')}" fill="${esc(this.#fill.colour)}"/>`);
    this.#fill = null;
  }
}

/** A standalone picture: SVG text and its size (SVG user units = CSS pixels). */
export interface SvgPicture {
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

/** How the picture's words look: the page's text colours and font. */
export interface PictureText {
  readonly ink: string;
  readonly muted: string;
  readonly font: string;
}

/** `cells` drawn as on screen, `widthCss` wide at most, under `title`, with the cell size below. */
export function gridPicture(title: string, cells: Uint8Array, cellPages: number, palette: GridPalette, text: PictureText, widthCss = 448): SvgPicture {
  const layout = gridLayout(cells.length, widthCss, 1);
  const ctx = new SvgContext();
  drawGrid(ctx, cells, layout, palette);
  const pad = 8;
  const top = 26;
  const width = layout.widthPx + 2 * pad;
  const height = top + layout.heightPx + 28;
  const font = esc(text.font);
  const body = [
    `<rect width="${width}" height="${height}" fill="${esc(palette.panel)}"/>`,
    `<text x="${pad}" y="18" font-family="${font}" font-size="15" font-weight="700" fill="${esc(text.ink)}">${esc(title)}</text>`,
    `<g transform="translate(${pad} ${top})">${ctx.elements()}</g>`,
    `<text x="${pad}" y="${top + layout.heightPx + 19}" font-family="${font}" font-size="13" fill="${esc(text.muted)}">${esc(cellSizeText(cellPages))}</text>`,
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"><title>${esc(title)}</title>${body.join('')}</svg>`;
  return { text: svg, width, height };
}
