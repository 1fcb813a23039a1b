/** Request counters of a running server. */
import type { FaultCounts } from "./faults";

/**
 * Requests in flight over time, since the last reset. A request is in flight from the moment the
 * server has parsed its head until its response is finished or its socket closed, so injected
 * latency counts. The mean is time-weighted (an integral of the count over time, updated at every
 * change), so it needs no sampling and costs two clock reads per request.
 */
interface InFlightStats {
  /** Requests in flight right now. */
  current: number;
  /** Highest count since the reset. */
  peak: number;
  /** ∫ in-flight dt since the reset, in request·ms. */
  integralMs: number;
  /** First request start and last request end since the reset (ms, `performance.now()` clock); undefined before any. */
  firstStartMs?: number;
  lastEndMs?: number;
  /** Mean in flight between the first start and the last end (the busy span); 0 before any request. */
  meanOverSpan: number;
}

/** Snapshot returned by `LocalOss.stats()`. */
export interface ServerStats {
  /** Every request received, including failed and fault-injected ones. */
  total: number;
  /** Requests per OSS operation name (`PutSymlink`, `HeadObject`, ..., `Unknown`). */
  byOperation: Record<string, number>;
  /** Faults injected since the last reset. */
  faultsInjected: FaultCounts;
  /** Concurrency actually seen by the server (see {@link InFlightStats}). */
  inFlight: InFlightStats;
}

/** Mutable counters; `snapshot()` copies them. */
export class StatsCounter {
  private total = 0;
  private byOperation = new Map<string, number>();
  private current = 0;
  private peak = 0;
  private integral = 0;
  private changedAt = 0;
  private firstStart: number | undefined;
  private lastEnd: number | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  count(operation: string): void {
    this.total++;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }

  /** A request started; returns the function that ends it (idempotent, so close after finish is harmless). */
  begin(): () => void {
    const t = this.advance();
    this.firstStart ??= t;
    this.current++;
    if (this.current > this.peak) this.peak = this.current;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.lastEnd = this.advance();
      this.current--;
    };
  }

  private advance(): number {
    const t = this.now();
    this.integral += this.current * (t - this.changedAt);
    this.changedAt = t;
    return t;
  }

  snapshot(faults: FaultCounts): ServerStats {
    const t = this.advance();
    const end = this.current > 0 ? t : this.lastEnd;
    const span = this.firstStart !== undefined && end !== undefined ? end - this.firstStart : 0;
    return {
      total: this.total,
      byOperation: Object.fromEntries(this.byOperation),
      faultsInjected: { ...faults },
      inFlight: {
        current: this.current,
        peak: this.peak,
        integralMs: this.integral,
        ...(this.firstStart !== undefined ? { firstStartMs: this.firstStart } : {}),
        ...(this.lastEnd !== undefined ? { lastEndMs: this.lastEnd } : {}),
        meanOverSpan: span > 0 ? this.integral / span : 0,
      },
    };
  }

  /** Zeroes the counters; requests in flight stay counted and start the new span. */
  reset(): void {
    this.total = 0;
    this.byOperation.clear();
    this.advance();
    this.integral = 0;
    this.peak = this.current;
    this.firstStart = this.current > 0 ? this.changedAt : undefined;
    this.lastEnd = undefined;
  }
}
