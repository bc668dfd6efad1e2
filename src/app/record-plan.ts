/**
 * What a recording is, before anything is drawn: the time range of the run, the picture's size, the
 * frame rate and the playback speed, read from the record form with a message per field that cannot
 * be used, and the instant of every frame (frame k shows the run at `from + k · speed / fps`, so the
 * video does not depend on how fast this machine draws). Pure.
 */
import type { FieldError } from '../scenarios/run-spec';
import { formatInstantForPeople, type Micros } from '../sim/time';
import { SPEEDS } from './playback';

export const SIZES = [
  { width: 640, height: 360 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;
export const FRAME_RATES = [10, 15, 24, 25, 30, 60] as const;
/** The lab's playback speeds (simulated seconds per second of video). */
export { SPEEDS };
/** The most frames one recording makes (a minute at 30 frames per second). */
export const MAX_FRAMES = 1800;

export interface RecordPlan {
  readonly fromUs: Micros;
  readonly toUs: Micros;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Simulated seconds per second of video. */
  readonly speed: number;
  readonly webm: boolean;
  readonly gif: boolean;
}

/** The form's fields as typed: times in seconds, the size as `1280x720`. */
export interface RecordForm {
  readonly from: string;
  readonly to: string;
  readonly size: string;
  readonly fps: string;
  readonly speed: string;
  readonly webm: boolean;
  readonly gif: boolean;
}

/** A range to record: the current scene step, or the 5 s around the playhead, within the run. */
export function defaultRange(t: Micros, endUs: Micros, step?: { readonly fromUs: Micros; readonly toUs: Micros } | null): { fromUs: Micros; toUs: Micros } {
  if (step && step.toUs > step.fromUs) return { fromUs: Math.max(0, step.fromUs), toUs: Math.min(endUs, step.toUs) };
  const span = Math.min(5_000_000, endUs);
  const fromUs = Math.max(0, Math.min(t - span / 2, endUs - span));
  return { fromUs: Math.round(fromUs), toUs: Math.round(fromUs + span) };
}

/** The form showing `range` with the usual picture: 1280x720, 30 frames per second, both formats. */
export function formFor(range: { fromUs: Micros; toUs: Micros }, speed = 1): RecordForm {
  const s = (us: Micros) => String(Math.round(us / 1000) / 1000);
  const near = SPEEDS.reduce((a, b) => (Math.abs(b - speed) < Math.abs(a - speed) ? b : a), 1);
  return { from: s(range.fromUs), to: s(range.toUs), size: '1280x720', fps: '30', speed: String(near), webm: true, gif: true };
}

/** An instant as people read it, without the `t = ` (`3.5 s`, `850 ms`). */
export function instantText(us: Micros): string {
  return formatInstantForPeople(us).replace(/^t = /, '');
}

/** How many frames `plan` makes. */
export function frameCount(plan: Pick<RecordPlan, 'fromUs' | 'toUs' | 'fps' | 'speed'>): number {
  return Math.max(1, Math.round(((plan.toUs - plan.fromUs) / 1e6 / plan.speed) * plan.fps));
}

/** The run's instant frame `k` shows (µs). */
export function frameInstant(plan: Pick<RecordPlan, 'fromUs' | 'fps' | 'speed'>, k: number): Micros {
  return plan.fromUs + Math.round((k * plan.speed * 1e6) / plan.fps);
}

/** How long frame `k` lasts in a GIF (centiseconds, the format's unit): the frames add up to the exact length. */
export function gifDelayCs(fps: number, k: number): number {
  return Math.round(((k + 1) * 100) / fps) - Math.round((k * 100) / fps);
}

/** The plan the form asks for, within a run that ends at `endUs`, or what is wrong with it, field by field. */
export function readForm(form: RecordForm, endUs: Micros): { plan: RecordPlan } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const end = instantText(endUs);
  const seconds = (field: string, text: string): number | null => {
    const v = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(v)) {
      errors.push({ field, message: `“${text}” is not a number of seconds; give one from 0 to ${end}` });
      return null;
    }
    if (v < 0 || v * 1e6 > endUs) {
      errors.push({ field, message: `${v} s is outside the run; give one from 0 to ${end}` });
      return null;
    }
    return Math.round(v * 1e6);
  };
  const fromUs = seconds('from', form.from);
  const toUs = seconds('to', form.to);
  if (fromUs !== null && toUs !== null && toUs <= fromUs) errors.push({ field: 'to', message: `the end (${form.to} s) must come after the start (${form.from} s)` });
  const size = SIZES.find((s) => `${s.width}x${s.height}` === form.size);
  if (!size) errors.push({ field: 'size', message: `“${form.size}” is not a size offered; choose one of ${SIZES.map((s) => `${s.width}x${s.height}`).join(', ')}` });
  const fps = Number(form.fps);
  if (!FRAME_RATES.includes(fps as (typeof FRAME_RATES)[number])) errors.push({ field: 'fps', message: `“${form.fps}” frames per second is not offered; choose one of ${FRAME_RATES.join(', ')}` });
  const speed = Number(form.speed);
  if (!SPEEDS.includes(speed)) errors.push({ field: 'speed', message: `“${form.speed}” is not a speed offered; choose one of ${SPEEDS.join(', ')}` });
  if (!form.webm && !form.gif) errors.push({ field: 'format', message: 'choose WebM, GIF or both' });
  if (errors.length > 0 || fromUs === null || toUs === null || !size) return { errors };
  const plan: RecordPlan = { fromUs, toUs, width: size.width, height: size.height, fps, speed, webm: form.webm, gif: form.gif };
  const frames = frameCount(plan);
  if (frames > MAX_FRAMES) {
    return { errors: [{ field: 'to', message: `that is ${frames} frames; a recording makes at most ${MAX_FRAMES} (a minute at 30 per second): shorten the range, or raise the speed or lower the frame rate` }] };
  }
  return { plan };
}
