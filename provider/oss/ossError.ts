/**
 * The one error class for OSS failures. It carries data; it writes no advice. What the user
 * should do about a code is decided at the provider boundary (provider/lifecycle/errors.ts),
 * from these fields.
 *
 * `code` is OSS's own error code (`NoSuchKey`, `FileAlreadyExists`, ...) or one of ours
 * ({@link LOCAL_ERROR_CODES}) for failures that carry no OSS error document.
 *
 * Never put a secret (access key secret, STS token, Authorization header, signature) into the
 * message or any property: errors end up in Pulumi logs and CI output. Every value taken from a
 * response has passed through `redact` (redact.ts) before it gets here.
 */
export interface OssErrorFields {
  code: string;
  /**
   * What happened, in one clause, without the operation, resource or code: OSS's message for an
   * error answer, or ours ("could not complete (ECONNRESET; attempt 3 of 3)").
   */
  detail?: string;
  status?: number;
  /** OSS's own `<Message>`, redacted and shortened; absent when the answer had no error document. */
  ossMessage?: string;
  requestId?: string;
  hostId?: string;
  ec?: string;
  /** OSS API name, e.g. `PutSymlink`. */
  operation?: string;
  bucket?: string;
  key?: string;
  method?: string;
  /** `/bucket/key` (plus sub-resource, decoded key) the request addressed. */
  resource?: string;
  /** The *name* of the credential source the request was signed with (never a value). */
  credentialSource?: string;
  cause?: unknown;
}

// The class's data properties are the fields (declaration merging: this interface adds them to
// the class type, the constructor sets them), so the list of fields is written once.
export interface OssError extends Readonly<Omit<OssErrorFields, "cause">> {}

/**
 * An OSS failure. `message` states each fact once, in this order, and holds no hint:
 * `PutSymlink oss://b1/k: SignatureDoesNotMatch (HTTP 403): The request signature we calculated
 * does not match… [request id 5C3D…, EC 0002-00000040]`.
 */
export class OssError extends Error {
  override readonly name = "OssError";

  constructor(fields: OssErrorFields) {
    super(ossErrorMessage(fields), fields.cause === undefined ? undefined : { cause: fields.cause });
    const { cause: _set_by_super, ...data } = fields;
    Object.assign(this, data);
  }
}

/** `oss://bucket/key`, `oss://bucket` for bucket-level calls; `undefined` without a bucket. */
function ossUri(bucket: string | undefined, key: string | undefined): string | undefined {
  if (bucket === undefined) return undefined;
  return key === undefined ? `oss://${bucket}` : `oss://${bucket}/${key}`;
}

/** The one sentence of an {@link OssError}: what failed on what, the code and status, what happened, the ids. */
function ossErrorMessage(fields: OssErrorFields): string {
  const what = [fields.operation, ossUri(fields.bucket, fields.key)].filter((s) => s !== undefined).join(" ");
  let text = what === "" ? fields.code : `${what}: ${fields.code}`;
  if (fields.status !== undefined) text += ` (HTTP ${fields.status})`;
  if (fields.detail !== undefined && fields.detail !== "") text += `: ${fields.detail}`;
  const ids: string[] = [];
  if (fields.requestId !== undefined) ids.push(`request id ${fields.requestId}`);
  if (fields.ec !== undefined) ids.push(`EC ${fields.ec}`);
  if (ids.length > 0) text += ` [${ids.join(", ")}]`;
  return text;
}

/** Codes of our own, for failures that carry no OSS error document. */
export const LOCAL_ERROR_CODES = {
  network: "NetworkError",
  timeout: "RequestTimeout",
  missingCredentials: "MissingCredentials",
  invalidResponse: "InvalidResponse",
  /** The body read does not have the CRC-64 OSS sent in `x-oss-hash-crc64ecma`. */
  crcMismatch: "CrcMismatch",
} as const;

/**
 * Codes that mean "these credentials cannot do this": OSS refused the credentials in use
 * (docs/oss.md §3.2), or none were found. The one classification of credential failures; the
 * provider names the credential source and how to set credentials for these.
 */
export const CREDENTIAL_ERROR_CODES: ReadonlySet<string> = new Set([
  "AccessDenied",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "InvalidSecurityToken",
  "SecurityTokenExpired",
  "AccessKeyIdAndSecurityTokenNotMatch",
  LOCAL_ERROR_CODES.missingCredentials,
]);
