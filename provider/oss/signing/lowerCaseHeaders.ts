/**
 * Header names are case-insensitive, so both signers work on lower-cased names. Two spellings of
 * one name (`X-Oss-Meta-A` and `x-oss-meta-a`) are one header with two values, joined by `,`
 * as HTTP joins repeated headers (docs/oss.md §4.2).
 */
export function lowerCaseHeaders(headers: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const seen = out.get(lower);
    out.set(lower, seen === undefined ? value : `${seen},${value}`);
  }
  return out;
}
