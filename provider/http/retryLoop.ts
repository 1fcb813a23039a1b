/**
 * The retry loop. Each attempt is a fresh call of `attempt`, which signs and sends the request
 * itself.
 *
 * Why not undici's `RetryHandler` / `RetryAgent`: they replay the *same* dispatch options, so
 * the headers signed for the first attempt go out again unchanged. OSS needs each attempt to be
 * signed anew: after `RequestTimeTooSkewed` the client corrects its clock offset from the
 * server's `Date` and must produce a new `x-oss-date` and signature, and session credentials
 * (STS, ECS RAM role, OIDC) may have been refreshed between attempts. `RetryHandler` also decides
 * on status codes alone and cannot look at the OSS error `Code` in the body.
 */
import { fullJitterBackoff } from "./backoff";

/** What one attempt produced: a value, or a failure the loop may retry. */
export type AttemptOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: unknown;
      readonly retryable: boolean;
      /** Server-directed delay (`Retry-After`, or 0 after a clock correction); replaces the backoff. */
      readonly delayMs?: number;
    };

export interface RetryPolicy {
  /** Attempts including the first; at least 1. */
  maxAttempts: number;
  /** Base of the full-jitter backoff, ms. */
  baseMs: number;
  /** Source of `[0, 1)` numbers for the jitter. */
  random: () => number;
  /** Waits `ms`; injectable for tests. Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
}

const sleepWithTimer = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Runs `attempt(1)`, `attempt(2)`, … until one succeeds, one fails with a non-retryable error,
 * or `maxAttempts` is reached. Throws the last attempt's error.
 */
export async function runWithRetries<T>(
  attempt: (attemptNumber: number) => Promise<AttemptOutcome<T>>,
  policy: RetryPolicy,
): Promise<T> {
  const sleep = policy.sleep ?? sleepWithTimer;
  for (let n = 1; ; n++) {
    const outcome = await attempt(n);
    if (outcome.ok) return outcome.value;
    if (!outcome.retryable || n >= policy.maxAttempts) throw outcome.error;
    const delay = outcome.delayMs ?? fullJitterBackoff(n, policy.baseMs, policy.random);
    if (delay > 0) await sleep(delay);
  }
}
