/**
 * Percent-encoding helpers. The server decodes every path and query component strictly
 * (bad `%` escapes and invalid UTF-8 are errors, not silently passed through) and re-encodes
 * with the strict OSS rule (docs/oss.md §2.2, §4.3 point 7) when it rebuilds what a client signed.
 */

const HEX = "0123456789ABCDEF";
// `ignoreBOM: true` keeps a leading U+FEFF: without it the decoder drops one as a byte order
// mark, so `%EF%BB%BFx` would name key `x` (two keys aliasing one object) and a signature over
// the real key would not verify.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Bytes kept literal by the strict OSS encoding: `A-Z a-z 0-9 - _ . ~`. */
function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) ||
    b === 0x2d || b === 0x5f || b === 0x2e || b === 0x7e
  );
}

/**
 * Strict percent-encoding of the UTF-8 bytes of `value`; `/` is kept when `keepSlash` is set
 * (canonical URI, GetSymlink target), encoded otherwise (canonical query).
 */
export function strictEncode(value: string, keepSlash: boolean): string {
  let out = "";
  const bytes = Buffer.from(value, "utf8");
  for (const b of bytes) {
    if (isUnreserved(b) || (keepSlash && b === 0x2f)) out += String.fromCharCode(b);
    else out += "%" + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

/** Thrown by {@link strictDecode} on a malformed escape or bytes that are not UTF-8. */
export class DecodeError extends Error {
  override readonly name = "DecodeError";
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Percent-decodes `value` (no `+` → space folding) and requires valid UTF-8. */
export function strictDecode(value: string): string {
  if (!value.includes("%")) return value;
  const src = Buffer.from(value, "utf8");
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i] as number;
    if (b !== 0x25) { out[n++] = b; continue; }
    const hi = i + 2 < src.length ? hexVal(src[i + 1] as number) : -1;
    const lo = i + 2 < src.length ? hexVal(src[i + 2] as number) : -1;
    if (hi < 0 || lo < 0) throw new DecodeError(`malformed percent-escape at offset ${i}`);
    out[n++] = (hi << 4) | lo;
    i += 2;
  }
  try {
    return decoder.decode(out.subarray(0, n));
  } catch {
    throw new DecodeError("percent-decoded bytes are not valid UTF-8");
  }
}

/**
 * Orders strings as their UTF-8 bytes would (OSS lists keys in that order) without encoding
 * them: UTF-8 byte order is code point order, which differs from UTF-16 code unit order only
 * where a surrogate (a code point above U+FFFF) meets a unit in U+E000..U+FFFF.
 */
export function utf8Compare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    return xs === ys ? x - y : xs ? 1 : -1;
  }
  return a.length - b.length;
}

/** Escapes text for an XML element body (quotes stay literal, as in OSS's `<ETag>"..."</ETag>`). */
export function xmlEscape(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}
