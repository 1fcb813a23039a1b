/** Request counters of a running server. */
import type { FaultCounts } from "./faults";

/** Snapshot returned by `LocalOss.stats()`. */
export interface ServerStats {
  /** Every request received, including failed and fault-injected ones. */
  total: number;
  /** Requests per OSS operation name (`PutSymlink`, `HeadObject`, ..., `Unknown`). */
  byOperation: Record<string, number>;
  /** Faults injected since the last reset. */
  faultsInjected: FaultCounts;
}

/** Mutable counters; `snapshot()` copies them. */
export class StatsCounter {
  private total = 0;
  private byOperation = new Map<string, number>();

  count(operation: string): void {
    this.total++;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }

  snapshot(faults: FaultCounts): ServerStats {
    return { total: this.total, byOperation: Object.fromEntries(this.byOperation), faultsInjected: { ...faults } };
  }

  reset(): void {
    this.total = 0;
    this.byOperation.clear();
  }
}
