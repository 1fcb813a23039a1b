/** Date formats used by OSS signing (docs/oss.md §4.1). */

const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses an RFC 1123 GMT date (`Wed, 15 Jan 2025 08:30:00 GMT`); undefined when malformed. */
export function parseHttpDate(value: string): number | undefined {
  if (!RFC1123.test(value.trim())) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** Parses a V4 `x-oss-date` (`20250115T083000Z`); undefined when malformed. */
export function parseIsoBasic(value: string): number | undefined {
  const m = ISO_BASIC.exec(value.trim());
  if (!m) return undefined;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(t) ? undefined : t;
}

/** ISO-8601 with milliseconds, as in `<ServerTime>` of RequestTimeTooSkewed. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** A time as a V4 `x-oss-date` (`20250115T083000Z`). */
export function isoBasic(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}
