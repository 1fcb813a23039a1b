/**
 * Turns a non-2xx OSS response into one `OssError`, from any of the three shapes OSS uses
 * (shared/oss-reference.md §3.1, §1.4):
 *   1. an XML `<Error>` document in the body;
 *   2. no body (HEAD) but the same document base64-encoded in the `x-oss-err` header;
 *   3. no document at all: the code is derived from the status, the request id read from
 *      `x-oss-request-id`.
 * A malformed document never hides the HTTP status.
 *
 * Secrets: only Code, Message, RequestId, HostId, EC (and Endpoint) are read. The
 * `SignatureProvided`, `StringToSign` and `StringToSignBytes` of a SignatureDoesNotMatch body
 * are dropped. Every value taken from the response (document fields and the `x-oss-request-id`
 * / `x-oss-ec` headers) passes through `redact` (redact.ts) before it reaches the error, so a
 * server that echoes the attempt's credentials or signature into any of them shows nothing.
 */
import type { IncomingHttpHeaders } from "node:http";
import { HEADER } from "./constants";
import { headerValue } from "./metadata";
import { LOCAL_ERROR_CODES, OssError } from "./ossError";
import { redact } from "./redact";
import { parseErrorXml, type ErrorDocument } from "./xml";

export interface ErrorResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Only the start of a longer body was read (see MAX_ERROR_BODY_BYTES in http/transport.ts). */
  truncated?: boolean;
}

/** What the failed request was, for the message. */
export interface ErrorContext {
  /** OSS API name, e.g. `PutSymlink`. */
  operation: string;
  method: string;
  /** `/bucket/key?symlink`, decoded key. */
  resource: string;
  /** Whether the request addressed an object (a body-less 404 then means NoSuchKey, else NoSuchBucket). */
  hasKey: boolean;
  /** `describe()` of the credentials used, quoted on authentication errors. */
  credentialSource?: string;
  /**
   * Secret values of the attempt (access key secret, STS token, the request's signature). The
   * token and signature travel in headers, so a proxy or server that echoes request headers into
   * its error would otherwise put them into the error; they are redacted from every field.
   */
  secrets?: readonly string[];
}

/** Codes for responses that carry no readable error document. */
export function codeForStatus(status: number, hasKey: boolean): string {
  switch (status) {
    case 304: return "NotModified";
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "AccessDenied";
    case 404: return hasKey ? "NoSuchKey" : "NoSuchBucket";
    case 405: return "MethodNotAllowed";
    case 408: return "RequestTimeout";
    case 409: return "Conflict";
    case 412: return "PreconditionFailed";
    case 416: return "InvalidRange";
    case 429: return "TooManyRequests";
    case 431: return "RequestHeaderFieldsTooLarge";
    case 500: return "InternalError";
    case 502: return "BadGateway";
    case 503: return "ServiceUnavailable";
    case 504: return "GatewayTimeout";
    default: return LOCAL_ERROR_CODES.invalidResponse;
  }
}

/** Codes where the credentials in use are the likely culprit. */
const AUTH_CODES: ReadonlySet<string> = new Set([
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId",
  "InvalidSecurityToken",
  "SecurityTokenExpired",
  "AccessKeyIdAndSecurityTokenNotMatch",
  "AccessDenied",
]);

/** What the user can do, per common code. */
const HINTS: Readonly<Record<string, string>> = {
  NoSuchBucket: "Check the bucket name and that the client's region/endpoint is the bucket's region.",
  NoSuchKey: "The object does not exist (or its current version is a delete marker).",
  SymlinkTargetNotExist: "The symlink exists but its target object does not; create the target or repoint the link.",
  InvalidTargetType: "The symlink's target is itself a symlink; OSS follows only one level. Point it at a regular object.",
  NotSymlink: "The object at this key is not a symlink; GetSymlink only reads symlinks.",
  FileAlreadyExists: "The key already exists and forbidOverwrite is set; delete the object first or turn forbidOverwrite off.",
  FileImmutable: "The bucket has a retention (WORM) policy that protects this object; it cannot be changed until the policy allows it.",
  AccessDenied: "The credentials lack permission for this action (e.g. oss:PutObject, oss:GetObject, oss:PutObjectAcl), or a bucket policy denies it.",
  SignatureDoesNotMatch: "Check the access key secret; make sure the region is the bucket's region and nothing (a proxy) rewrites the request.",
  InvalidAccessKeyId: "The AccessKey ID is unknown or disabled; check which credentials are in use.",
  InvalidSecurityToken: "The STS security token is invalid or expired; obtain fresh STS credentials.",
  SecurityTokenExpired: "The STS security token has expired; obtain fresh STS credentials.",
  AccessKeyIdAndSecurityTokenNotMatch: "The STS token does not belong to this AccessKey ID; use the ID, secret and token from the same STS response.",
  RequestTimeTooSkewed: "This machine's clock is more than 15 minutes off; synchronise it (NTP).",
  InvalidArgument: "A parameter is invalid (e.g. storage class, ACL or header value); check the inputs.",
  InvalidObjectName: "Object keys must be 1–1023 UTF-8 bytes and must not start with '/' or '\\'.",
  InvalidBucketName: "Bucket names are 3–63 characters of lower-case letters, digits and hyphens.",
  SecondLevelDomainForbidden: "The public OSS service refuses path-style requests; do not set pathStyle for aliyuncs.com endpoints.",
  MethodNotAllowed: "The addressed version is a delete marker, or the operation is not allowed on this resource.",
  InvalidObjectState: "The target is an Archive/ColdArchive object that has not been restored; restore it first.",
  QpsLimitExceeded: "Requests are being throttled; reduce the request rate or concurrency.",
  TooManyRequests: "Requests are being throttled; reduce the request rate or concurrency.",
  ServiceUnavailable: "OSS is busy or throttling; try again later or reduce concurrency.",
  InternalError: "OSS had an internal error; try again later.",
  PreconditionFailed: "A conditional header did not match.",
  RequestHeaderFieldsTooLarge:
    "The request headers are too large for the server (or a proxy in front of it): shorten contentType, cacheControl, contentDisposition or metadata, or the key and target.",
  [LOCAL_ERROR_CODES.invalidResponse]: "The response was not a valid OSS error; check that the endpoint is an OSS service.",
};

const MAX_MESSAGE = 500;
/** Code, RequestId, HostId and EC are short in OSS answers; a long one is not worth showing whole. */
const MAX_FIELD = 200;

/** A server-supplied value, redacted (before shortening, so no secret is cut in half) and shortened. */
function clean(value: string | undefined, secrets: readonly string[], max: number): string | undefined {
  if (value === undefined || value === "") return undefined;
  const text = redact(value, secrets);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function readDocument(response: ErrorResponse): { doc?: ErrorDocument; malformed: boolean } {
  // The start of an oversized body is no document; the status still says what happened.
  if (response.truncated === true) return { malformed: false };
  if (response.body.length > 0) {
    try {
      return { doc: parseErrorXml(response.body), malformed: false };
    } catch {
      return { malformed: true };
    }
  }
  const encoded = headerValue(response.headers, HEADER.err);
  if (encoded !== undefined && encoded !== "") {
    try {
      return { doc: parseErrorXml(Buffer.from(encoded, "base64")), malformed: false };
    } catch {
      return { malformed: true };
    }
  }
  return { malformed: false };
}

/**
 * One `OssError` for a non-2xx response. Never throws.
 *
 * The message says what failed and on what, OSS's own message, the request id, and a hint:
 * `OSS PutSymlink failed: PUT /bucket/link?symlink → HTTP 409 FileAlreadyExists: … (request id …). Hint: …`
 */
export function parseError(response: ErrorResponse, context: ErrorContext): OssError {
  const { doc, malformed } = readDocument(response);
  const status = response.status;
  const secrets = [...(doc?.secrets ?? []), ...(context.secrets ?? [])];
  const code = clean(doc?.code, secrets, MAX_FIELD) ?? codeForStatus(status, context.hasKey);
  const requestId = clean(doc?.requestId || headerValue(response.headers, HEADER.requestId), secrets, MAX_FIELD);
  const ec = clean(doc?.ec || headerValue(response.headers, HEADER.ec), secrets, MAX_FIELD);
  const hostId = clean(doc?.hostId, secrets, MAX_FIELD);
  const message = clean(doc?.message, secrets, MAX_MESSAGE);

  let text = `OSS ${context.operation} failed: ${context.method} ${context.resource} → HTTP ${status} ${code}`;
  if (message !== undefined) text += `: ${message}`;
  else if (malformed) text += ": the error response body is not a valid OSS error document";
  else if (response.truncated === true) {
    text += `: the error response body is larger than ${Math.round(response.body.length / 1024)} KiB and was not read`;
  }
  const ids: string[] = [];
  if (requestId !== undefined) ids.push(`request id ${requestId}`);
  if (ec !== undefined) ids.push(`EC ${ec}`);
  if (ids.length > 0) text += ` (${ids.join(", ")})`;
  text += ".";
  const hint = HINTS[code];
  if (hint !== undefined) text += ` Hint: ${hint}`;
  if (AUTH_CODES.has(code) && context.credentialSource !== undefined) {
    text += ` Credentials in use: ${context.credentialSource}.`;
  }
  return new OssError({
    code,
    message: text,
    status,
    requestId,
    hostId,
    ec,
    method: context.method,
    resource: context.resource,
  });
}
