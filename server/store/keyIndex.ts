/**
 * The sorted key index a bucket's listings read.
 */
import { utf8Compare } from "../encoding";

/**
 * A bucket's keys in UTF-8 byte order (the order OSS lists them in), so that a listing finds the
 * keys under a prefix by binary search instead of scanning and sorting the whole bucket. Keys
 * that start with a prefix sort together, right after the prefix itself. Before this index a
 * refresh of N links (one ListObjectsV2 per link) cost the server O(N²) (docs/performance.md).
 */
export class KeyIndex {
  private readonly sorted: string[] = [];

  /** Index of the first key not before `key`. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (utf8Compare(this.sorted[mid] as string, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds `key` (no effect when present). */
  add(key: string): void {
    const at = this.lowerBound(key);
    if (this.sorted[at] !== key) this.sorted.splice(at, 0, key);
  }

  /** Removes `key` (no effect when absent). */
  remove(key: string): void {
    const at = this.lowerBound(key);
    if (this.sorted[at] === key) this.sorted.splice(at, 1);
  }

  /** The keys that start with `prefix`, in order. */
  withPrefix(prefix: string): string[] {
    const out: string[] = [];
    for (let i = this.lowerBound(prefix); i < this.sorted.length; i++) {
      const key = this.sorted[i] as string;
      if (!key.startsWith(prefix)) break;
      out.push(key);
    }
    return out;
  }
}
