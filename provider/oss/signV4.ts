/**
 * OSS Signature V4 (`OSS4-HMAC-SHA256`), header and presigned forms (docs/oss.md §4.3).
 * Pure: the date and credentials come in as arguments; nothing is read from the clock or the
 * environment and the request is never mutated. Each step is exported so tests can check the
 * canonical request and string to sign against the official vectors before the signature.
 * Docs: https://www.alibabacloud.com/help/en/oss/developer-reference/recommend-to-use-signature-version-4
 *
 * Performance (docs/performance.md): this runs once per request attempt, so the hot path
 * lower-cases the headers once, hashes with the one-shot `crypto.hash`, and takes the signing
 * key from a small memo keyed by (secret, day, region) instead of four fresh HMACs per call.
 */
import { createHmac, hash, type KeyObject } from "node:crypto";
import { HEADER, QUERY, V4 } from "./constants";
import { percentEncode } from "./encoding";
import { byCodeUnit } from "./signing/byCodeUnit";
import { deriveV4SigningKey } from "./signing/deriveV4SigningKey";
import { formatHttpDate } from "./signing/formatHttpDate";
import { lowerCaseHeaders } from "./signing/lowerCaseHeaders";
import { v4SigningKeyObject } from "./signing/v4SigningKeyMemo";
import type { Credentials, SignableRequest, SignedHeaders } from "./types";

/** Longest validity OSS accepts for a V4 presigned URL: 7 days. */
const V4_MAX_EXPIRES_SECONDS = 604800;

/** Intermediate artefacts of one V4 signature; useful to compare with a `SignatureDoesNotMatch` body. */
interface V4Steps {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

const ISO_SEPARATORS = /[-:]|\.\d{3}/g;

// The last second formatted and its text. The form has whole seconds, so every request signed in
// the same second shares it; `toISOString` was a tenth of a signature's cost (docs/performance.md).
// A function of the input only: a hit returns what formatting would.
let lastV4Second = Number.NaN;
let lastV4Text = "";

/** `YYYYMMDD'T'HHMMSS'Z'` in UTC, the `x-oss-date` form. */
export function formatV4Date(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastV4Second) return lastV4Text; // NaN (invalid Date) never equals: it throws below
  const iso = date.toISOString(); // throws RangeError for an invalid Date
  // `YYYY-MM-DDTHH:MM:SS.mmmZ`; slicing is several times cheaper than the regex. Years outside
  // 0000..9999 have a longer, signed form and keep the general rule.
  const text = iso.length !== 24
    ? iso.replace(ISO_SEPARATORS, "")
    : `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastV4Second = second;
  lastV4Text = text;
  return text;
}

function scopeOf(day: string, region: string): string {
  return `${day}/${region}/${V4.product}/${V4.terminator}`;
}

/** `YYYYMMDD/<region>/oss/aliyun_v4_request`; `region` is the bare ID (`cn-hangzhou`). */
export function v4Scope(date: Date, region: string): string {
  return scopeOf(formatV4Date(date).slice(0, 8), region);
}

/** `/bucket/key` strictly encoded with `/` kept; `/bucket/` without a key, `/` without a bucket. */
export function v4CanonicalUri(bucket: string | undefined, key: string | undefined): string {
  return percentEncode(`/${bucket ? `${bucket}/` : ""}${key ?? ""}`, true);
}

/**
 * Every query parameter, key and value strictly encoded (`/` too), sorted by encoded key;
 * `k=v`, or bare `k` when the value is null or empty (Go-v2 and Python-v2 sign `k`).
 */
export function v4CanonicalQuery(query: Readonly<Record<string, string | null>>): string {
  const pairs: string[][] = [];
  for (const name in query) {
    const value = query[name];
    const k = percentEncode(name, false);
    pairs.push(value ? [k, `${k}=${percentEncode(value, false)}`] : [k, k]);
  }
  if (pairs.length > 1) pairs.sort((a, b) => byCodeUnit(a[0] as string, b[0] as string));
  let out = "";
  for (let i = 0; i < pairs.length; i++) out += (i === 0 ? "" : "&") + (pairs[i] as string[])[1];
  return out;
}

function isDefaultSigned(lowerName: string): boolean {
  return lowerName === HEADER.contentType || lowerName === HEADER.contentMd5 || lowerName.startsWith(HEADER.ossPrefix);
}

/** {@link v4AdditionalHeaderNames} on headers already lower-cased by `lowerCaseHeaders`. */
function additionalNamesOf(present: ReadonlyMap<string, string>, names: readonly string[] | undefined): string[] {
  if (names === undefined || names.length === 0) return [];
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  return [...wanted].filter((n) => present.has(n) && !isDefaultSigned(n)).sort(byCodeUnit);
}

/**
 * The `AdditionalHeaders` list actually signed: lower-cased, de-duplicated, sorted, keeping only
 * names present in `headers` and not signed anyway (x-oss-*, content-type, content-md5).
 * The Go-v2 vector passes `x-oss-no-exist` and `x-oss-head1` and expects them dropped.
 */
export function v4AdditionalHeaderNames(
  headers: Readonly<Record<string, string>>,
  names: readonly string[] | undefined,
): string[] {
  return additionalNamesOf(lowerCaseHeaders(headers), names);
}

/** {@link v4CanonicalHeaders} on headers already lower-cased by `lowerCaseHeaders`. */
function canonicalHeadersOf(lower: ReadonlyMap<string, string>, additionalHeaderNames: readonly string[]): string {
  const names: string[] = [];
  for (const name of lower.keys()) {
    if (isDefaultSigned(name) || additionalHeaderNames.includes(name)) names.push(name);
  }
  names.sort(byCodeUnit);
  let out = "";
  for (const name of names) out += `${name}:${(lower.get(name) as string).trim()}\n`;
  return out;
}

/** `name:trimmed-value\n` for each default-signed header and each additional one, sorted by name. */
export function v4CanonicalHeaders(
  headers: Readonly<Record<string, string>>,
  additionalHeaderNames: readonly string[],
): string {
  return canonicalHeadersOf(lowerCaseHeaders(headers), additionalHeaderNames);
}

/** The canonical request from the request line, the query and the already lower-cased headers. */
function canonicalRequestOf(
  request: SignableRequest,
  query: Readonly<Record<string, string | null>>,
  lower: ReadonlyMap<string, string>,
  additional: readonly string[],
): string {
  return (
    `${request.method.toUpperCase()}\n` +
    `${v4CanonicalUri(request.bucket, request.key)}\n` +
    `${v4CanonicalQuery(query)}\n` +
    `${canonicalHeadersOf(lower, additional)}\n` +
    `${additional.join(";")}\n` +
    (lower.get(HEADER.ossContentSha256) ?? V4.unsignedPayload)
  );
}

/**
 * The canonical request of `request` exactly as given: the caller (or {@link signV4Steps})
 * must already have put `x-oss-date` and friends into its headers or query.
 */
export function v4CanonicalRequest(request: SignableRequest): string {
  const lower = lowerCaseHeaders(request.headers);
  return canonicalRequestOf(request, request.query, lower, additionalNamesOf(lower, request.additionalHeaders));
}

function stringToSignOf(canonicalRequest: string, ossDate: string, scope: string): string {
  return `${V4.algorithm}\n${ossDate}\n${scope}\n${hash("sha256", canonicalRequest, "hex")}`;
}

/** `OSS4-HMAC-SHA256\n<x-oss-date>\n<scope>\n<hex sha256 of the canonical request>`. */
export function v4StringToSign(canonicalRequest: string, date: Date, region: string): string {
  const ossDate = formatV4Date(date);
  return stringToSignOf(canonicalRequest, ossDate, scopeOf(ossDate.slice(0, 8), region));
}

/** HMAC chain `aliyun_v4<secret>` → date → region → `oss` → `aliyun_v4_request`. */
export function v4SigningKey(accessKeySecret: string, date: Date, region: string): Buffer {
  return deriveV4SigningKey(accessKeySecret, formatV4Date(date).slice(0, 8), region);
}

/** Lower-case hex HMAC-SHA256 of the string to sign. */
export function v4Signature(signingKey: Buffer | KeyObject, stringToSign: string): string {
  return createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
}

/** Canonical request → string to sign → signature, with the memoized signing key. */
function sign(canonicalRequest: string, ossDate: string, scope: string, secret: string, region: string): V4Steps {
  const stringToSign = stringToSignOf(canonicalRequest, ossDate, scope);
  const key = v4SigningKeyObject(secret, ossDate.slice(0, 8), region);
  return { canonicalRequest, stringToSign, signature: v4Signature(key, stringToSign) };
}

/** {@link signV4} with its intermediate artefacts. */
export function signV4Steps(
  request: SignableRequest,
  credentials: Credentials,
  date: Date,
): V4Steps & { headers: SignedHeaders } {
  const ossDate = formatV4Date(date);
  const scope = scopeOf(ossDate.slice(0, 8), request.region);
  // `date` is not signed by default, but it is on the wire and may be named in AdditionalHeaders.
  const added: SignedHeaders = { [HEADER.ossDate]: ossDate, [HEADER.date]: formatHttpDate(date) };
  const lower = lowerCaseHeaders(request.headers);
  if (!lower.has(HEADER.ossContentSha256)) added[HEADER.ossContentSha256] = V4.unsignedPayload;
  if (credentials.securityToken) added[HEADER.ossSecurityToken] = credentials.securityToken;
  // The added names are lower case, so setting them replaces every other spelling of the name,
  // as if the headers had been merged first (what `withHeaders` does for a caller).
  for (const name in added) lower.set(name, added[name] as string);

  const additional = additionalNamesOf(lower, request.additionalHeaders);
  const steps = sign(
    canonicalRequestOf(request, request.query, lower, additional),
    ossDate,
    scope,
    credentials.accessKeySecret,
    request.region,
  );
  const authorization =
    `${V4.algorithm} Credential=${credentials.accessKeyId}/${scope},` +
    (additional.length > 0 ? `AdditionalHeaders=${additional.join(";")},` : "") +
    `Signature=${steps.signature}`;
  return { ...steps, headers: { ...added, [HEADER.authorization]: authorization } };
}

/**
 * Signs `request` with V4 in the `Authorization` header.
 *
 * Returns the headers to add (lower-case names; each replaces any other spelling of that name):
 * `x-oss-date`, `x-oss-content-sha256: UNSIGNED-PAYLOAD` unless the request carries one,
 * `x-oss-security-token` for STS credentials, `date` (RFC 1123, not signed) and `authorization`.
 */
export function signV4(request: SignableRequest, credentials: Credentials, date: Date): SignedHeaders {
  return signV4Steps(request, credentials, date).headers;
}

/** {@link presignV4} with its intermediate artefacts. */
export function presignV4Steps(
  request: SignableRequest,
  credentials: Credentials,
  date: Date,
  expiresSeconds: number,
): V4Steps & { query: Record<string, string> } {
  if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > V4_MAX_EXPIRES_SECONDS) {
    throw new RangeError(`V4 presign expiry must be a whole number of seconds in 1..${V4_MAX_EXPIRES_SECONDS}, got ${expiresSeconds}`);
  }
  const ossDate = formatV4Date(date);
  const scope = scopeOf(ossDate.slice(0, 8), request.region);
  const lower = lowerCaseHeaders(request.headers);
  const additional = additionalNamesOf(lower, request.additionalHeaders);
  const query: Record<string, string> = {
    [QUERY.v4SignatureVersion]: V4.algorithm,
    [QUERY.v4Date]: ossDate,
    [QUERY.v4Expires]: String(expiresSeconds),
    [QUERY.v4Credential]: `${credentials.accessKeyId}/${scope}`,
  };
  if (additional.length > 0) query[QUERY.v4AdditionalHeaders] = additional.join(";");
  if (credentials.securityToken) query[QUERY.v4SecurityToken] = credentials.securityToken;

  // The presign parameters are part of the canonical query; only the signature itself is not.
  const canonicalRequest = canonicalRequestOf(request, { ...request.query, ...query }, lower, additional);
  const steps = sign(canonicalRequest, ossDate, scope, credentials.accessKeySecret, request.region);
  return { ...steps, query: { ...query, [QUERY.v4Signature]: steps.signature } };
}

/**
 * Presigns `request` with V4. Returns the query parameters to add to the request's own
 * (decoded values; encode them with `percentEncode(v, false)` when writing the URL):
 * `x-oss-signature-version`, `x-oss-date`, `x-oss-expires`, `x-oss-credential`,
 * `x-oss-additional-headers` when any are signed, `x-oss-security-token` for STS, `x-oss-signature`.
 * The request's headers are signed as they are; no header is added.
 * @param expiresSeconds validity after `date`, 1..604800.
 */
export function presignV4(
  request: SignableRequest,
  credentials: Credentials,
  date: Date,
  expiresSeconds: number,
): Record<string, string> {
  return presignV4Steps(request, credentials, date, expiresSeconds).query;
}
