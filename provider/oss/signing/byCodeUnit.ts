/** Code-unit order. `localeCompare` depends on the ICU build and differs from what OSS computes. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
