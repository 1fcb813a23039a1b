/**
 * `headers` with `extra` laid over it, dropping any other spelling of the names in `extra`,
 * so the signer's own `x-oss-date` never sits next to a caller's `X-Oss-Date`.
 */
export function withHeaders(
  headers: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const replaced = new Set(Object.keys(extra).map((name) => name.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!replaced.has(name.toLowerCase())) out[name] = value;
  }
  return Object.assign(out, extra);
}
