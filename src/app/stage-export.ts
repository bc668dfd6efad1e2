/**
 * Exports the stage as it is on screen, for slides (../view/picture.ts makes the standalone SVG and the
 * PNG at twice the size). Loaded on demand by the File menu's export buttons.
 */
import { exportPicture } from '../view/picture';

/** Downloads the page's stage (`svg.stage`) as `<name>.svg` or `<name>.png`. */
export async function exportStage(format: 'svg' | 'png', name: string): Promise<void> {
  const svg = document.querySelector<SVGSVGElement>('svg.stage');
  if (!svg) throw new Error('there is no stage on this page to export');
  await exportPicture(svg, format, name);
}
