/**
 * `OssClientOptions` checked and completed with their defaults, in one place. Everything after
 * this trusts the values.
 */
import type { OssClientOptions } from "./clientTypes";
import { resolveEndpoint, type ResolvedEndpoint } from "./endpoint";
import { RETRY_DEFAULTS } from "./retryPolicy";

/** Defaults of `OssClientOptions`, documented in docs/client.md. */
export const CLIENT_DEFAULTS = {
  timeoutMs: 30_000,
  maxAttempts: RETRY_DEFAULTS.maxAttempts,
  retryBaseMs: RETRY_DEFAULTS.baseMs,
  /** Undici's own default; a dead host should not hold an attempt for the whole timeout. */
  connectTimeoutMs: 10_000,
  keepAliveTimeoutMs: 4_000,
  /** How long `close()` lets in-flight requests finish before ending them. */
  closeGraceMs: 5_000,
} as const;

/** Default total deadline of one attempt: twice the idle timeout (60 s by default). */
const DEADLINE_PER_TIMEOUT = 2;

/** The options the pipeline runs with. */
export interface ResolvedClientOptions {
  endpoint: ResolvedEndpoint;
  timeoutMs: number;
  deadlineMs: number;
  closeGraceMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  now: () => number;
  random: () => number;
}

/** @throws TypeError naming the option, for a malformed region, endpoint or number. */
export function resolveClientOptions(options: OssClientOptions): ResolvedClientOptions {
  const endpoint = resolveEndpoint(options);
  const timeoutMs = positive(options.timeoutMs, CLIENT_DEFAULTS.timeoutMs, "timeoutMs");
  return {
    endpoint,
    timeoutMs,
    deadlineMs: positive(options.deadlineMs, DEADLINE_PER_TIMEOUT * timeoutMs, "deadlineMs"),
    closeGraceMs: nonNegative(options.closeGraceMs, CLIENT_DEFAULTS.closeGraceMs, "closeGraceMs"),
    maxAttempts: Math.floor(positive(options.maxAttempts, CLIENT_DEFAULTS.maxAttempts, "maxAttempts")),
    retryBaseMs: nonNegative(options.retryBaseMs, CLIENT_DEFAULTS.retryBaseMs, "retryBaseMs"),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`OSS client option ${name} must be a positive number, got ${String(value)}.`);
  }
  return value;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`OSS client option ${name} must be zero or a positive number, got ${String(value)}.`);
  }
  return value;
}
