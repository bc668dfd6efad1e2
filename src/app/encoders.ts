/**
 * The recorder's two encoders, fed one canvas frame at a time: WebM (VP8 through the browser's
 * WebCodecs, put in a WebM file by webm-muxer) and animated GIF (gifenc: a palette of 256 colours
 * per frame, each frame's delay in the format's centiseconds so the frames add up to the exact
 * length). Both take frames by number, never by the wall clock: frame k starts at k / fps.
 * Loaded with the recorder, on demand.
 */
import { applyPalette, GIFEncoder, quantize } from 'gifenc';
import { ArrayBufferTarget, Muxer } from 'webm-muxer';
import { gifDelayCs } from './record-plan';

export interface FrameEncoder {
  /** Adds frame `k` as the canvas shows it now. */
  add(canvas: HTMLCanvasElement, context: CanvasRenderingContext2D, k: number): Promise<void>;
  /** The file, once every frame is in. */
  finish(): Promise<Blob>;
  /** Stops, dropping what was made (Cancel). */
  close(): void;
}

/** Whether this browser can make a WebM here (WebCodecs' VideoEncoder with VP8 at this size). */
export async function canEncodeWebm(width: number, height: number, fps: number): Promise<boolean> {
  if (typeof VideoEncoder === 'undefined' || typeof VideoFrame === 'undefined') return false;
  try {
    const { supported } = await VideoEncoder.isConfigSupported({ codec: 'vp8', width, height, bitrate: bitrateFor(width, height), framerate: fps });
    return supported === true;
  } catch {
    return false;
  }
}

/** Enough bits for sharp lines and text: about 4 Mbit/s at 1280x720. */
function bitrateFor(width: number, height: number): number {
  return Math.round(width * height * 4.5);
}

/** A WebM (VP8) encoder of `width` x `height` frames at `fps` frames per second. */
export function webmEncoder(width: number, height: number, fps: number): FrameEncoder {
  const muxer = new Muxer({ target: new ArrayBufferTarget(), video: { codec: 'V_VP8', width, height, frameRate: fps } });
  let failure: Error | null = null;
  const encoder = new VideoEncoder({
    output: (chunk, meta) => muxer.addVideoChunk(chunk, meta),
    error: (e) => (failure = e instanceof Error ? e : new Error(String(e))),
  });
  encoder.configure({ codec: 'vp8', width, height, bitrate: bitrateFor(width, height), framerate: fps, latencyMode: 'quality' });
  const frameUs = 1e6 / fps;
  let frames = 0;
  return {
    async add(canvas, _context, k) {
      if (failure) throw failure;
      frames = Math.max(frames, k + 1);
      const frame = new VideoFrame(canvas, { timestamp: Math.round(k * frameUs), duration: Math.round((k + 1) * frameUs) - Math.round(k * frameUs) });
      try {
        // A key frame every two seconds, so a player can seek.
        encoder.encode(frame, { keyFrame: k % (2 * fps) === 0 });
      } finally {
        frame.close();
      }
      // Wait for the encoder when it falls behind (the frames would pile up in memory).
      while (encoder.encodeQueueSize > 4 && !failure) await new Promise((r) => setTimeout(r, 1));
    },
    async finish() {
      await encoder.flush();
      if (failure) throw failure;
      encoder.close();
      muxer.finalize();
      const bytes = new Uint8Array(muxer.target.buffer);
      setSegmentDuration(bytes, (frames * 1000) / fps);
      return new Blob([bytes], { type: 'video/webm' });
    },
    close() {
      if (encoder.state !== 'closed') encoder.close();
    },
  };
}

/**
 * Writes the WebM segment's Duration (ms, as the header's default timecode scale counts): webm-muxer
 * writes the last frame's start there, so players would cut the last frame short; the video lasts until
 * the last frame ends. The Duration element (ID 0x4489, an 8-byte float) is in the header's Info.
 */
export function setSegmentDuration(bytes: Uint8Array, ms: number): void {
  for (let i = 0; i + 11 <= Math.min(bytes.length, 4096); i++) {
    if (bytes[i] === 0x44 && bytes[i + 1] === 0x89 && bytes[i + 2] === 0x88) {
      new DataView(bytes.buffer, bytes.byteOffset + i + 3, 8).setFloat64(0, ms);
      return;
    }
  }
  throw new Error('the WebM has no Duration in its header');
}

/** An animated GIF encoder of `width` x `height` frames at `fps` frames per second, looping. */
export function gifEncoder(width: number, height: number, fps: number): FrameEncoder {
  const gif = GIFEncoder();
  return {
    async add(_canvas, context, k) {
      const { data } = context.getImageData(0, 0, width, height);
      const palette = quantize(data, 256);
      const index = applyPalette(data, palette);
      gif.writeFrame(index, width, height, { palette, delay: gifDelayCs(fps, k) * 10 });
    },
    async finish() {
      gif.finish();
      return new Blob([gif.bytes() as Uint8Array<ArrayBuffer>], { type: 'image/gif' });
    },
    close() {
      gif.reset();
    },
  };
}
