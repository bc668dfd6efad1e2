import { describe, expect, it } from 'vitest';
import { gifEncoder, setSegmentDuration } from '../../src/app/encoders';

/** A 2D context whose picture is a `w` x `h` block of one colour that changes with each frame. */
function fakeContext(w: number, h: number) {
  let frame = 0;
  return {
    next: () => frame++,
    context: {
      getImageData: () => {
        const data = new Uint8ClampedArray(w * h * 4);
        for (let i = 0; i < w * h; i++) data.set([(frame * 40) % 256, i % w < w / 2 ? 200 : 20, 90, 255], i * 4);
        return { data, width: w, height: h };
      },
    } as unknown as CanvasRenderingContext2D,
  };
}

async function gifOf(frames: number, fps: number): Promise<Uint8Array> {
  const enc = gifEncoder(8, 4, fps);
  const fake = fakeContext(8, 4);
  for (let k = 0; k < frames; k++) {
    await enc.add(null as unknown as HTMLCanvasElement, fake.context, k);
    fake.next();
  }
  return new Uint8Array(await (await enc.finish()).arrayBuffer());
}

describe('encoders', () => {
  it('makes a looping GIF with one image per frame and delays that add up to the length', async () => {
    const bytes = await gifOf(30, 30);
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text.startsWith('GIF89a')).toBe(true);
    expect(text).toContain('NETSCAPE2.0');
    // Graphic control extensions (21 F9 04): one per frame, each with its delay in hundredths.
    const delays: number[] = [];
    for (let i = 0; i + 5 < bytes.length; i++) if (bytes[i] === 0x21 && bytes[i + 1] === 0xf9 && bytes[i + 2] === 0x04) delays.push(bytes[i + 4] | (bytes[i + 5] << 8));
    expect(delays).toHaveLength(30);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(100);
    expect(bytes[bytes.length - 1]).toBe(0x3b);
  });

  it('gives the same bytes for the same frames', async () => {
    expect(await gifOf(5, 10)).toEqual(await gifOf(5, 10));
  });

  it("writes the WebM segment's duration where the header keeps it", () => {
    // An Info element holding TimecodeScale (2A D7 B1) and Duration (44 89, size 8).
    const bytes = Uint8Array.from([0x15, 0x49, 0xa9, 0x66, 0x8f, 0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40, 0x44, 0x89, 0x88, 0x40, 0xa7, 0x2c, 0, 0, 0, 0, 0]);
    setSegmentDuration(bytes, 3000);
    expect(new DataView(bytes.buffer).getFloat64(15)).toBe(3000);
    expect(() => setSegmentDuration(Uint8Array.from([1, 2, 3]), 1)).toThrow('the WebM has no Duration in its header');
  });
});
