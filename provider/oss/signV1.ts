/**
 * OSS Signature V1 (HMAC-SHA1), header and presigned forms (docs/oss.md §4.2).
 * Pure like the V4 signer: date, expiry and credentials are arguments, the request is not mutated.
 * Docs: https://www.alibabacloud.com/help/en/oss/developer-reference/include-signatures-in-the-authorization-header
 */
import { createHmac } from "node:crypto";
import { HEADER, QUERY, V1, V1_SIGNED_SUBRESOURCES } from "./constants";
import { assertWellFormed } from "./encoding";
import { byCodeUnit } from "./signing/byCodeUnit";
import { formatHttpDate } from "./signing/formatHttpDate";
import { lowerCaseHeaders } from "./signing/lowerCaseHeaders";
import { withHeaders } from "./signing/withHeaders";
import type { Credentials, SignableRequest, SignedHeaders } from "./types";

/** Intermediate artefacts of one V1 signature. */
interface V1Steps {
  stringToSign: string;
  signature: string;
}

/** RFC 1123 GMT date (`Wed, 28 Dec 2022 10:27:41 GMT`), the `Date` header and V1 date line. */
export function formatV1Date(date: Date): string {
  return formatHttpDate(date);
}

/** `name:trimmed-value\n` for every `x-oss-*` header, sorted by lower-cased name; `""` if none. */
export function v1CanonicalizedOssHeaders(headers: Readonly<Record<string, string>>): string {
  return [...lowerCaseHeaders(headers)]
    .filter(([name]) => name.startsWith(HEADER.ossPrefix))
    .sort(([a], [b]) => byCodeUnit(a, b))
    .map(([name, value]) => `${name}:${value.trim()}\n`)
    .join("");
}

/**
 * `/bucket/<raw key>` plus the signed sub-resources, sorted: `?name=value` with decoded values,
 * or bare `name` when the value is null or empty. A sub-resource is signed when it is in
 * `V1_SIGNED_SUBRESOURCES`, starts with `x-oss-`, or is named in `extraSubresources`
 * (per-operation bucket sub-resources such as `resourceGroup`). Other query keys are not signed.
 */
export function v1CanonicalizedResource(
  request: Pick<SignableRequest, "bucket" | "key" | "query">,
  extraSubresources: readonly string[] = [],
): string {
  const path = `/${request.bucket ? `${request.bucket}/` : ""}${request.key ?? ""}`;
  const signed = Object.entries(request.query)
    .filter(([k]) => V1_SIGNED_SUBRESOURCES.has(k) || k.startsWith(HEADER.ossPrefix) || extraSubresources.includes(k))
    .sort(([a], [b]) => byCodeUnit(a, b))
    .map(([k, v]) => (v ? `${k}=${v}` : k));
  return signed.length > 0 ? `${path}?${signed.join("&")}` : path;
}

/**
 * `VERB\nContent-MD5\nContent-Type\n<dateLine>\n<oss headers><resource>`, with the request's
 * headers as given. `dateLine` is the `Date` header value, or `Expires` for a presigned URL.
 */
export function v1StringToSign(
  request: SignableRequest,
  dateLine: string,
  extraSubresources: readonly string[] = [],
): string {
  const headers = lowerCaseHeaders(request.headers);
  const text = [
    request.method.toUpperCase(),
    headers.get(HEADER.contentMd5) ?? "",
    headers.get(HEADER.contentType) ?? "",
    dateLine,
    v1CanonicalizedOssHeaders(request.headers) + v1CanonicalizedResource(request, extraSubresources),
  ].join("\n");
  // V1 signs the raw key; a lone surrogate would be signed as U+FFFD without this check.
  assertWellFormed(text, "V1 string to sign");
  return text;
}

function sign(stringToSign: string, credentials: Credentials): string {
  return createHmac("sha1", credentials.accessKeySecret).update(stringToSign, "utf8").digest("base64");
}

/** {@link signV1} with its intermediate artefacts. */
export function signV1Steps(
  request: SignableRequest,
  credentials: Credentials,
  date: Date,
  extraSubresources: readonly string[] = [],
): V1Steps & { headers: SignedHeaders } {
  const added: SignedHeaders = {};
  if (credentials.securityToken) added[HEADER.ossSecurityToken] = credentials.securityToken;
  // OSS (and Python-v2, ali-oss) take x-oss-date as the date line when present; sending a
  // second, possibly different, Date would only invite a mismatch.
  const ossDate = lowerCaseHeaders(request.headers).get(HEADER.ossDate);
  if (ossDate === undefined) added[HEADER.date] = formatV1Date(date);

  const stringToSign = v1StringToSign(
    { ...request, headers: withHeaders(request.headers, added) },
    ossDate ?? formatV1Date(date),
    extraSubresources,
  );
  const signature = sign(stringToSign, credentials);
  const authorization = `${V1.scheme} ${credentials.accessKeyId}:${signature}`;
  return { stringToSign, signature, headers: { ...added, [HEADER.authorization]: authorization } };
}

/**
 * Signs `request` with V1 in the `Authorization` header.
 *
 * Returns the headers to add (lower-case names): `date` (RFC 1123 of `date`) unless the request
 * carries `x-oss-date`, whose value is then the date line; `x-oss-security-token` for STS
 * credentials; `authorization` (`OSS <AccessKeyId>:<base64 signature>`).
 * @param extraSubresources query keys to sign besides `V1_SIGNED_SUBRESOURCES` and `x-oss-*`.
 */
export function signV1(
  request: SignableRequest,
  credentials: Credentials,
  date: Date,
  extraSubresources: readonly string[] = [],
): SignedHeaders {
  return signV1Steps(request, credentials, date, extraSubresources).headers;
}

/** {@link presignV1} with its intermediate artefacts. */
export function presignV1Steps(
  request: SignableRequest,
  credentials: Credentials,
  expiresUnixSeconds: number,
  extraSubresources: readonly string[] = [],
): V1Steps & { query: Record<string, string> } {
  if (!Number.isSafeInteger(expiresUnixSeconds) || expiresUnixSeconds < 0) {
    throw new RangeError(`V1 presign Expires must be a whole number of Unix seconds, got ${expiresUnixSeconds}`);
  }
  const expires = String(expiresUnixSeconds);
  const query: Record<string, string> = { [QUERY.ossAccessKeyId]: credentials.accessKeyId, [QUERY.expires]: expires };
  // security-token is a signed sub-resource, so it joins the query before signing.
  const token: Record<string, string> = credentials.securityToken
    ? { [QUERY.securityToken]: credentials.securityToken }
    : {};
  const stringToSign = v1StringToSign({ ...request, query: { ...request.query, ...token } }, expires, extraSubresources);
  const signature = sign(stringToSign, credentials);
  return { stringToSign, signature, query: { ...query, [QUERY.signature]: signature, ...token } };
}

/**
 * Presigns `request` with V1. Returns the query parameters to add (decoded values; encode them
 * with `percentEncode(v, false)` when writing the URL): `OSSAccessKeyId`, `Expires`, `Signature`,
 * and `security-token` for STS. The Content-MD5/Content-Type/x-oss-* headers the eventual
 * request will send must be in `request.headers`.
 * @param expiresUnixSeconds absolute expiry time, Unix seconds (the V1 date line).
 */
export function presignV1(
  request: SignableRequest,
  credentials: Credentials,
  expiresUnixSeconds: number,
  extraSubresources: readonly string[] = [],
): Record<string, string> {
  return presignV1Steps(request, credentials, expiresUnixSeconds, extraSubresources).query;
}
