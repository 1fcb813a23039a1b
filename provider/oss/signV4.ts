/**
 * OSS Signature V4 (`OSS4-HMAC-SHA256`), header and presigned forms (shared/oss-reference.md §4.3).
 * Pure: the date and credentials come in as arguments; nothing is read from the clock or the
 * environment and the request is never mutated. Each step is exported so tests can check the
 * canonical request and string to sign against the official vectors before the signature.
 * Docs: https://www.alibabacloud.com/help/en/oss/developer-reference/recommend-to-use-signature-version-4
 */
import { createHash, createHmac } from "node:crypto";
import { HEADER, QUERY, V4 } from "./constants";
import { percentEncode } from "./encoding";
import { byCodeUnit } from "./signing/byCodeUnit";
import { formatHttpDate } from "./signing/formatHttpDate";
import { lowerCaseHeaders } from "./signing/lowerCaseHeaders";
import { withHeaders } from "./signing/withHeaders";
import type { Credentials, SignableRequest, SignedHeaders } from "./types";

/** Longest validity OSS accepts for a V4 presigned URL: 7 days. */
export const V4_MAX_EXPIRES_SECONDS = 604800;

/** Intermediate artefacts of one V4 signature; useful to compare with a `SignatureDoesNotMatch` body. */
export interface V4Steps {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** `YYYYMMDD'T'HHMMSS'Z'` in UTC, the `x-oss-date` form. */
export function formatV4Date(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, "");
}

/** `YYYYMMDD/<region>/oss/aliyun_v4_request`; `region` is the bare ID (`cn-hangzhou`). */
export function v4Scope(date: Date, region: string): string {
  return [formatV4Date(date).slice(0, 8), region, V4.product, V4.terminator].join("/");
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
  return Object.entries(query)
    .map(([k, v]): [string, string | null] => [percentEncode(k, false), v ? percentEncode(v, false) : null])
    .sort(([a], [b]) => byCodeUnit(a, b))
    .map(([k, v]) => (v === null ? k : `${k}=${v}`))
    .join("&");
}

function isDefaultSigned(lowerName: string): boolean {
  return lowerName === HEADER.contentType || lowerName === HEADER.contentMd5 || lowerName.startsWith(HEADER.ossPrefix);
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
  const present = lowerCaseHeaders(headers);
  const wanted = new Set((names ?? []).map((n) => n.toLowerCase()));
  return [...wanted].filter((n) => present.has(n) && !isDefaultSigned(n)).sort(byCodeUnit);
}

/** `name:trimmed-value\n` for each default-signed header and each additional one, sorted by name. */
export function v4CanonicalHeaders(
  headers: Readonly<Record<string, string>>,
  additionalHeaderNames: readonly string[],
): string {
  const extra = new Set(additionalHeaderNames);
  return [...lowerCaseHeaders(headers)]
    .filter(([name]) => isDefaultSigned(name) || extra.has(name))
    .sort(([a], [b]) => byCodeUnit(a, b))
    .map(([name, value]) => `${name}:${value.trim()}\n`)
    .join("");
}

/**
 * The canonical request of `request` exactly as given: the caller (or {@link signV4Steps})
 * must already have put `x-oss-date` and friends into its headers or query.
 */
export function v4CanonicalRequest(request: SignableRequest): string {
  const additional = v4AdditionalHeaderNames(request.headers, request.additionalHeaders);
  const payload = lowerCaseHeaders(request.headers).get(HEADER.ossContentSha256) ?? V4.unsignedPayload;
  return [
    request.method.toUpperCase(),
    v4CanonicalUri(request.bucket, request.key),
    v4CanonicalQuery(request.query),
    v4CanonicalHeaders(request.headers, additional),
    additional.join(";"),
    payload,
  ].join("\n");
}

/** `OSS4-HMAC-SHA256\n<x-oss-date>\n<scope>\n<hex sha256 of the canonical request>`. */
export function v4StringToSign(canonicalRequest: string, date: Date, region: string): string {
  const hash = createHash("sha256").update(canonicalRequest, "utf8").digest("hex");
  return [V4.algorithm, formatV4Date(date), v4Scope(date, region), hash].join("\n");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** HMAC chain `aliyun_v4<secret>` → date → region → `oss` → `aliyun_v4_request`. */
export function v4SigningKey(accessKeySecret: string, date: Date, region: string): Buffer {
  const day = hmac(`${V4.secretPrefix}${accessKeySecret}`, formatV4Date(date).slice(0, 8));
  return hmac(hmac(hmac(day, region), V4.product), V4.terminator);
}

/** Lower-case hex HMAC-SHA256 of the string to sign. */
export function v4Signature(signingKey: Buffer, stringToSign: string): string {
  return hmac(signingKey, stringToSign).toString("hex");
}

function sign(request: SignableRequest, credentials: Credentials, date: Date): V4Steps {
  const canonicalRequest = v4CanonicalRequest(request);
  const stringToSign = v4StringToSign(canonicalRequest, date, request.region);
  const key = v4SigningKey(credentials.accessKeySecret, date, request.region);
  return { canonicalRequest, stringToSign, signature: v4Signature(key, stringToSign) };
}

/** {@link signV4} with its intermediate artefacts. */
export function signV4Steps(
  request: SignableRequest,
  credentials: Credentials,
  date: Date,
): V4Steps & { headers: SignedHeaders } {
  // `date` is not signed by default, but it is on the wire and may be named in AdditionalHeaders.
  const added: SignedHeaders = { [HEADER.ossDate]: formatV4Date(date), [HEADER.date]: formatHttpDate(date) };
  if (!lowerCaseHeaders(request.headers).has(HEADER.ossContentSha256)) {
    added[HEADER.ossContentSha256] = V4.unsignedPayload;
  }
  if (credentials.securityToken) added[HEADER.ossSecurityToken] = credentials.securityToken;

  const signed = { ...request, headers: withHeaders(request.headers, added) };
  const steps = sign(signed, credentials, date);
  const additional = v4AdditionalHeaderNames(signed.headers, request.additionalHeaders);
  const authorization = [
    `${V4.algorithm} Credential=${credentials.accessKeyId}/${v4Scope(date, request.region)}`,
    ...(additional.length > 0 ? [`AdditionalHeaders=${additional.join(";")}`] : []),
    `Signature=${steps.signature}`,
  ].join(",");
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
  const additional = v4AdditionalHeaderNames(request.headers, request.additionalHeaders);
  const query: Record<string, string> = {
    [QUERY.v4SignatureVersion]: V4.algorithm,
    [QUERY.v4Date]: formatV4Date(date),
    [QUERY.v4Expires]: String(expiresSeconds),
    [QUERY.v4Credential]: `${credentials.accessKeyId}/${v4Scope(date, request.region)}`,
  };
  if (additional.length > 0) query[QUERY.v4AdditionalHeaders] = additional.join(";");
  if (credentials.securityToken) query[QUERY.v4SecurityToken] = credentials.securityToken;

  // The presign parameters are part of the canonical query; only the signature itself is not.
  const steps = sign({ ...request, query: { ...request.query, ...query } }, credentials, date);
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
