/**
 * Percent-encoding of object keys and symlink targets (docs/oss.md §2.2–§2.4).
 * One strict rule serves the URL path, the V4 canonical URI/query and the symlink target header:
 * UTF-8 bytes, `A-Z a-z 0-9 - _ . ~` kept, everything else `%XX` in upper-case hex.
 */

// In a `u` regex a surrogate range only matches surrogates that are not part of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// encodeURIComponent keeps these five, the OSS unreserved set does not.
const SUB_DELIMS_KEPT_BY_JS = /[!'()*]/g;
const ENCODED_SLASH = /%2F/g;
// Strings made only of characters the strict rule keeps as they are (the usual object key).
const ALL_UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const ALL_UNRESERVED_OR_SLASH = /^[A-Za-z0-9\-_.~/]*$/;

/** The first lone UTF-16 surrogate in `value` (no UTF-8 form: OSS keys and headers are UTF-8), or undefined. */
export function loneSurrogate(value: string): { index: number; unit: string } | undefined {
  const m = LONE_SURROGATE.exec(value);
  return m === null ? undefined : { index: m.index, unit: value.charCodeAt(m.index).toString(16).toUpperCase() };
}

/**
 * Throws a `TypeError` when `value` holds a lone UTF-16 surrogate. Such a string has no UTF-8
 * form: Node would silently replace it with U+FFFD and sign or send a different key.
 */
export function assertWellFormed(value: string, what: string): void {
  const lone = loneSurrogate(value);
  if (lone) throw new TypeError(`${what} contains a lone surrogate U+${lone.unit} at index ${lone.index}; it has no UTF-8 form`);
}

/**
 * Strict OSS percent-encoding of the UTF-8 bytes of `value`.
 * @param keepSlash keep `/` literal (paths, symlink targets) instead of `%2F` (query keys and values).
 * @throws TypeError if `value` holds a lone surrogate.
 */
export function percentEncode(value: string, keepSlash: boolean): string {
  // Fast path, once per key, target and query part of every request (docs/performance.md): such a
  // string encodes to itself and cannot hold a surrogate.
  if ((keepSlash ? ALL_UNRESERVED_OR_SLASH : ALL_UNRESERVED).test(value)) return value;
  assertWellFormed(value, "value to percent-encode");
  const encoded = encodeURIComponent(value).replace(
    SUB_DELIMS_KEPT_BY_JS,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return keepSlash ? encoded.replace(ENCODED_SLASH, "/") : encoded;
}

/** The object key as it goes in the URL path after `/` (docs/oss.md §2.2): `/` kept. */
export function encodeKeyPath(key: string): string {
  return percentEncode(key, true);
}

/**
 * The value of the `x-oss-symlink-target` request header. OSS percent-decodes it; encoding it
 * exactly like the path is the one form that round-trips every key (docs/oss.md §2.3).
 */
export function encodeSymlinkTarget(target: string): string {
  return percentEncode(target, true);
}

/**
 * Decodes the `x-oss-symlink-target` header of a GetSymlink response (docs/oss.md §2.4).
 * Plain percent-decoding: `+` stays `+`, because OSS sends a literal `+` as `%2B`.
 * @throws TypeError naming the value when a `%` sequence is malformed or not UTF-8.
 */
export function decodeSymlinkTarget(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch (cause) {
    throw new TypeError(`Malformed percent-encoding in x-oss-symlink-target value ${JSON.stringify(value)}`, { cause });
  }
}
