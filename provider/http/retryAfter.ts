/**
 * `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. OSS sends it on some
 * 429/503 throttling answers; honouring it is cheaper for everyone than a blind backoff.
 */

/**
 * Milliseconds to wait according to a `Retry-After` value, or `undefined` when the header is
 * absent or unreadable. Never negative; capped at `capMs`.
 *
 * @param value the header value (undici gives `string | string[] | undefined`).
 * @param nowMs current time, for the HTTP-date form.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number,
  capMs: number,
): number | undefined {
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
