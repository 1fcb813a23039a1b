/**
 * The whole retry policy of the client, in one place: what is retried (status classes, OSS codes,
 * transport error codes), how long to wait (full-jitter backoff, `Retry-After`), and the clock
 * correction after `RequestTimeTooSkewed`. Pure: no I/O, the clock and the jitter are passed in.
 * The loop that applies it is in pipeline.ts; tests/unit/client/retryPolicy.test.ts pins it from
 * one table.
 *
 * The choice follows the official OSS v2 SDKs (docs/oss.md §3.3) with two differences kept on
 * purpose: 401 and `BadRequest` are not retried (a wrong request does not become right by
 * repeating it), and `RequestTimeTooSkewed` is retried only when the answer's `Date` lets the
 * client correct its clock first.
 */
import type { IncomingHttpHeaders } from "node:http";
import { HEADER } from "./constants";
import { headerValue } from "./metadata";
import { ATTEMPT_DEADLINE_CODE } from "../http/transport";

/** Defaults of the retry options of `OssClientOptions`. */
export const RETRY_DEFAULTS = {
  /** Attempts, counting the first one. */
  maxAttempts: 3,
  /** Base of the full-jitter backoff, ms. */
  baseMs: 200,
  /** Largest wait between two attempts, ms, whatever the attempt number or `Retry-After`. */
  capMs: 20_000,
} as const;

/** Status classes worth another attempt: server faults, a request timeout, throttling. */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** The OSS code after which the client corrects its clock from the answer's `Date` and tries again. */
const CLOCK_SKEW_CODE = "RequestTimeTooSkewed";

/** Transport errors that are timeouts (the request may or may not have arrived). All retried. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  ATTEMPT_DEADLINE_CODE,
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ETIMEDOUT",
]);

/** Transient transport errors: the peer went away or was briefly unreachable; a new connection may work. */
const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  "UND_ERR_SOCKET",
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

/** What kind of transport failure an error is, and whether trying again may help. */
interface NetworkFailure {
  kind: "timeout" | "network";
  retryable: boolean;
  /** The most specific error code found (`ECONNRESET`, `UND_ERR_HEADERS_TIMEOUT`, …). */
  code: string | undefined;
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Classifies an error thrown by `sendHttpRequest` (http/transport.ts). Unknown errors (invalid
 * arguments, a closed dispatcher, DNS `ENOTFOUND`) are not retryable: repeating them cannot succeed.
 */
export function classifyNetworkError(err: unknown): NetworkFailure {
  const outer = errorCode(err);
  const inner = errorCode((err as { cause?: unknown } | null)?.cause);
  for (const code of [outer, inner]) {
    if (code !== undefined && TIMEOUT_CODES.has(code)) return { kind: "timeout", retryable: true, code };
  }
  for (const code of [outer, inner]) {
    if (code !== undefined && RETRYABLE_NETWORK_CODES.has(code)) return { kind: "network", retryable: true, code };
  }
  return { kind: "network", retryable: false, code: outer ?? inner };
}

/**
 * Full-jitter exponential backoff, `random(0, min(2^failedAttempts × baseMs, capMs))`, the
 * policy of the official OSS Go-v2 and Python-v2 SDKs (docs/oss.md §3.3). Full jitter spreads
 * the retries of many callers that failed together (a throttled burst) instead of letting them
 * retry in lock step.
 *
 * @param failedAttempts attempts made so far (1 before the first retry).
 * @param random source of `[0, 1)` numbers; injectable so tests are deterministic.
 */
export function fullJitterBackoff(
  failedAttempts: number,
  baseMs: number,
  random: () => number,
  capMs: number = RETRY_DEFAULTS.capMs,
): number {
  // 2 ** 31 already exceeds any sensible cap; clamping the exponent keeps the product finite.
  const ceiling = Math.min(2 ** Math.min(failedAttempts, 30) * baseMs, capMs);
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds to wait according to a `Retry-After` value (RFC 9110 §10.2.3: delay-seconds or an
 * HTTP-date; OSS sends it on some 429/503 answers), or `undefined` when the header is absent or
 * unreadable. Never negative; capped at `capMs`.
 *
 * @param value the header value (undici gives `string | string[] | undefined`).
 * @param nowMs current time, for the HTTP-date form.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number, capMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === "") return undefined;
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    // Date.parse accepts odd things ("-1" is year −1); an HTTP-date always names a weekday/month.
    if (!/[A-Za-z]/.test(text)) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(ms, 0), capMs);
}

/** How one attempt failed, as far as the policy cares. */
export type AttemptFailure =
  /** An error answer: its status, its OSS (or status-derived) code and headers. */
  | { readonly kind: "response"; readonly status: number; readonly code: string; readonly headers: IncomingHttpHeaders }
  /** No answer: the error `sendHttpRequest` threw. */
  | { readonly kind: "transport"; readonly error: unknown }
  /**
   * Repeating cannot help: missing credentials, a closed client, a success answer that is not
   * what OSS sends (`InvalidResponse`).
   */
  | { readonly kind: "final" };

/** What to do after a failed attempt. */
export type RetryDecision =
  | { readonly retry: false; readonly clockOffsetMs?: undefined }
  | {
      readonly retry: true;
      /** Wait before the next attempt, ms: `Retry-After`, 0 after a clock correction, else the backoff. */
      readonly delayMs: number;
      /** Server time minus local time, to sign the next attempts with (after `RequestTimeTooSkewed`). */
      readonly clockOffsetMs?: number;
    };

interface RetrySettings {
  /** Base of the backoff, ms. */
  baseMs: number;
  /** Source of `[0, 1)` numbers for the jitter. */
  random: () => number;
  /** Local clock, ms since the epoch (for `Retry-After` dates and the clock offset). */
  nowMs: number;
}

const NO_RETRY: RetryDecision = { retry: false };

/**
 * The policy: whether a failed attempt is worth another one, and how long to wait first. Whether
 * attempts remain (`maxAttempts`) is the loop's business, but a learned clock offset is returned
 * even then: the next call signs with it.
 *
 * @param failedAttempts attempts made so far, this one included.
 */
export function decideRetry(failure: AttemptFailure, failedAttempts: number, settings: RetrySettings): RetryDecision {
  const backoff = (): number => fullJitterBackoff(failedAttempts, settings.baseMs, settings.random);
  switch (failure.kind) {
    case "final":
      return NO_RETRY;
    case "transport":
      return classifyNetworkError(failure.error).retryable ? { retry: true, delayMs: backoff() } : NO_RETRY;
    case "response": {
      if (failure.code === CLOCK_SKEW_CODE) {
        const serverMs = Date.parse(headerValue(failure.headers, HEADER.date) ?? "");
        if (Number.isNaN(serverMs)) return NO_RETRY;
        return { retry: true, delayMs: 0, clockOffsetMs: serverMs - settings.nowMs };
      }
      if (!isRetryableStatus(failure.status)) return NO_RETRY;
      const retryAfter = parseRetryAfter(failure.headers[HEADER.retryAfter], settings.nowMs, RETRY_DEFAULTS.capMs);
      return { retry: true, delayMs: retryAfter ?? backoff() };
    }
  }
}
