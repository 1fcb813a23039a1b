/**
 * Full-jitter exponential backoff, the policy of the official OSS Go-v2 and Python-v2 SDKs
 * (shared/oss-reference.md §3.3). Full jitter spreads the retries of many concurrent callers
 * that failed together (a throttled burst) instead of letting them retry in lock step.
 */

/** Largest delay between two attempts, whatever the attempt number. */
export const BACKOFF_CAP_MS = 20_000;

/**
 * Delay before the next attempt: `random(0, min(2^failedAttempts × baseMs, capMs))`.
 *
 * @param failedAttempts attempts made so far (1 before the first retry).
 * @param baseMs base delay, 200 ms by default in the client.
 * @param random source of `[0, 1)` numbers; injectable so tests are deterministic.
 */
export function fullJitterBackoff(
  failedAttempts: number,
  baseMs: number,
  random: () => number,
  capMs: number = BACKOFF_CAP_MS,
): number {
  // 2 ** 31 already exceeds any sensible cap; clamping the exponent keeps the product finite.
  const ceiling = Math.min(2 ** Math.min(failedAttempts, 30) * baseMs, capMs);
  return Math.floor(random() * ceiling);
}
