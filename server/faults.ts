/**
 * Fault injection for retry and resilience tests. Faults are decided when a request arrives,
 * before authentication and before any state change, so a failed request never changes state.
 */

/** Fault settings. Rates are probabilities in [0, 1]; they are exclusive and drawn with one number. */
export interface FaultConfig {
  /** Added delay before every response: fixed ms or a uniform `[min, max]` range. */
  latencyMs?: number | [number, number];
  /** Probability of a 500 InternalError. */
  error500Rate?: number;
  /** Probability of a 503 ServiceUnavailable. */
  error503Rate?: number;
  /** Probability of a 429 QpsLimitExceeded. */
  error429Rate?: number;
  /** `Retry-After` seconds sent with 429. Default 1. */
  retryAfterSeconds?: number;
  /** Probability of destroying the connection without a response. */
  resetRate?: number;
  /** Shift of the server's clock (its `Date` header and skew checks), ms. */
  clockOffsetMs?: number;
  /** Limit error/reset faults to these OSS operation names (latency and clock apply to all). */
  operations?: string[];
  /**
   * Probability that a file write under `dataDir` fails as on a full disk (ENOSPC), independent
   * of the rates above: the request answers 500 and changes nothing.
   */
  diskErrorRate?: number;
  /**
   * Send a wrong `x-oss-hash-crc64ecma` (the right value plus one) on every response that
   * carries one, so a client's CRC check can be seen to fail. Not limited by `operations`.
   */
  corruptCrc64?: boolean;
}

/** What the controller decided for one request. */
export type FaultDecision = { kind: "none" } | { kind: "reset" } | { kind: "error"; status: 500 | 503 | 429 };

/** Counters of injected faults, part of {@link ServerStats}. */
export interface FaultCounts {
  latency: number;
  error500: number;
  error503: number;
  error429: number;
  reset: number;
}

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** Deterministic PRNG (mulberry32) for reproducible fault sequences. */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Live fault settings of a running server. */
export class FaultController {
  private config: FaultConfig = {};
  private random: RandomSource;
  readonly counts: FaultCounts = { latency: 0, error500: 0, error503: 0, error429: 0, reset: 0 };

  constructor(initial: FaultConfig = {}, random: RandomSource = Math.random) {
    this.random = random;
    this.set(initial);
  }

  /** Merges `partial` into the current settings (`undefined` values leave a setting unchanged). */
  set(partial: FaultConfig): void {
    for (const [k, v] of Object.entries(partial)) {
      if (v !== undefined) (this.config as Record<string, unknown>)[k] = v;
    }
  }

  /** Removes every fault, including the clock offset. */
  clear(): void {
    this.config = {};
  }

  /** A copy of the current settings. */
  get(): FaultConfig {
    return { ...this.config };
  }

  /** Replaces the random source, e.g. with {@link seededRandom}. */
  setRandom(random: RandomSource): void {
    this.random = random;
  }

  /** Current clock offset in ms. */
  clockOffsetMs(): number {
    return this.config.clockOffsetMs ?? 0;
  }

  /** Delay to apply to this request, ms (0 for none). */
  latency(): number {
    const l = this.config.latencyMs;
    if (l === undefined) return 0;
    const ms = typeof l === "number" ? l : l[0] + this.random() * Math.max(0, l[1] - l[0]);
    if (ms > 0) this.counts.latency++;
    return ms;
  }

  /** Throws an ENOSPC error with probability `diskErrorRate` (the persistence layer's test hook). */
  diskWrite(): void {
    const rate = this.config.diskErrorRate ?? 0;
    if (rate > 0 && this.random() < rate) {
      throw Object.assign(new Error("ENOSPC: no space left on device (injected by faults.diskErrorRate)"), { code: "ENOSPC" });
    }
  }

  /** Retry-After for 429 faults. */
  retryAfterSeconds(): number {
    return this.config.retryAfterSeconds ?? 1;
  }

  /** Decides error/reset faults for a request of the given operation. */
  decide(operation: string): FaultDecision {
    const c = this.config;
    const total = (c.resetRate ?? 0) + (c.error500Rate ?? 0) + (c.error503Rate ?? 0) + (c.error429Rate ?? 0);
    if (total <= 0) return { kind: "none" };
    if (c.operations !== undefined && !c.operations.includes(operation)) return { kind: "none" };
    const r = this.random();
    let edge = c.resetRate ?? 0;
    if (r < edge) { this.counts.reset++; return { kind: "reset" }; }
    edge += c.error500Rate ?? 0;
    if (r < edge) { this.counts.error500++; return { kind: "error", status: 500 }; }
    edge += c.error503Rate ?? 0;
    if (r < edge) { this.counts.error503++; return { kind: "error", status: 503 }; }
    edge += c.error429Rate ?? 0;
    if (r < edge) { this.counts.error429++; return { kind: "error", status: 429 }; }
    return { kind: "none" };
  }

  /** The `x-oss-hash-crc64ecma` value to send for an object whose CRC is `value`. */
  crc64(value: string): string {
    if (this.config.corruptCrc64 !== true) return value;
    return ((BigInt(value) + 1n) & 0xffffffffffffffffn).toString();
  }

  /** Zeroes the counters. */
  resetCounts(): void {
    this.counts.latency = this.counts.error500 = this.counts.error503 = this.counts.error429 = this.counts.reset = 0;
  }
}
