/**
 * Whole numbers as the page prints them (`204,800`): on their own, so that a technique's words can
 * count without the migration view's module (and the guest memory it imports). Pure.
 */

// One formatter for counts it must print (not finite, -0, past 2^53): `toLocaleString` builds a new one per call, which is slow.
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A whole number with thousands separators (`204,800`), as Intl's en-US format prints it; the
 * separators put in by hand for a safe integer: a host panel prints two on every frame drawn, and
 * Intl's format was its largest cost in a profile of the page playing at 10x.
 */
export function formatCount(x: number): string {
  const n = Math.round(x);
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return COUNT.format(n);
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  return n < 0 ? '-' + out : out;
}
