// Types for gifenc 1.0 (the package ships JavaScript only): the parts the recorder uses (./encoders.ts).
declare module 'gifenc' {
  /** Colours as [r, g, b] (or [r, g, b, a] with the rgba4444 format). */
  export type Palette = number[][];
  export interface FrameOptions {
    palette?: Palette;
    /** Milliseconds (written in the format's hundredths of a second). */
    delay?: number;
    /** -1 once, 0 forever, n: n more times (read on the first frame). */
    repeat?: number;
    transparent?: boolean;
    transparentIndex?: number;
    first?: boolean;
    colorDepth?: number;
    dispose?: number;
  }
  export interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: FrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
    bytesView(): Uint8Array;
    reset(): void;
  }
  export function GIFEncoder(options?: { auto?: boolean; initialCapacity?: number }): Encoder;
  export function quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, options?: { format?: 'rgb565' | 'rgb444' | 'rgba4444'; oneBitAlpha?: boolean | number; clearAlpha?: boolean; clearAlphaThreshold?: number; clearAlphaColor?: number }): Palette;
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette, format?: 'rgb565' | 'rgb444' | 'rgba4444'): Uint8Array;
}
