/**
 * The one error class for OSS failures. `code` is OSS's own error code (`NoSuchKey`,
 * `FileAlreadyExists`, ...) or one of ours for failures that never reached OSS
 * (`NetworkError`, `RequestTimeout`, `MissingCredentials`, `InvalidResponse`, `CrcMismatch`).
 *
 * Never put a secret (access key secret, STS token, Authorization header, signature)
 * into the message or any property: errors end up in Pulumi logs and CI output.
 */
export interface OssErrorFields {
  code: string;
  message: string;
  status?: number;
  requestId?: string;
  hostId?: string;
  ec?: string;
  method?: string;
  /** `/bucket/key` (plus sub-resource) the request addressed. */
  resource?: string;
  cause?: unknown;
}

export class OssError extends Error {
  override readonly name = "OssError";
  readonly code: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly ec: string | undefined;
  readonly method: string | undefined;
  readonly resource: string | undefined;

  constructor(fields: OssErrorFields) {
    super(fields.message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.code = fields.code;
    this.status = fields.status;
    this.requestId = fields.requestId;
    this.hostId = fields.hostId;
    this.ec = fields.ec;
    this.method = fields.method;
    this.resource = fields.resource;
  }
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
