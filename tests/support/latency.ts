/**
 * Latency bounds measured as a ratio to a plain request of the same run, never as an absolute
 * time: what is asserted is "this request costs no more than N plain requests", which holds on a
 * loaded 2-core machine and fails for work that grows faster than the input (a regex that
 * backtracks, a store that rewrites its history on every write).
 */
import { performance } from "node:perf_hooks";

/** Runs `fn` and returns its result with the elapsed wall time in ms. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error("median of nothing");
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Median wall time of `count` sequential runs of `plain`. */
export async function medianMs(plain: () => Promise<unknown>, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push((await timed(plain)).ms);
  return median(times);
}

/** How a request compares to the bound (for a failure message that says what was measured). */
export interface LatencyVerdict<T> {
  value: T;
  ms: number;
  boundMs: number;
  /** True when the request was slow once and so was timed a second time (with a fresh plain median). */
  retried: boolean;
}

/**
 * Times `request` against `max(factor × plainMedianMs, floorMs)`. A request over the bound is
 * timed once more against a plain median measured right then, so a moment of load on a shared
 * machine is not a failure, while work that is slow every time (super-linear in its input) is.
 */
export async function withinBound<T>(
  request: () => Promise<T>,
  plain: () => Promise<unknown>,
  plainMedianMs: number,
  factor: number,
  floorMs: number,
): Promise<LatencyVerdict<T>> {
  const first = await timed(request);
  const boundMs = Math.max(factor * plainMedianMs, floorMs);
  if (first.ms <= boundMs) return { value: first.value, ms: first.ms, boundMs, retried: false };
  const fresh = await medianMs(plain, 5);
  const second = await timed(request);
  return { value: second.value, ms: second.ms, boundMs: Math.max(factor * Math.max(fresh, plainMedianMs), floorMs), retried: true };
}
