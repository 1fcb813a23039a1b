/**
 * Turns a non-2xx OSS response into one `OssError`, from any of the three shapes OSS uses
 * (docs/oss.md §3.1, §1.4):
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

/** What the failed request was. */
export interface ErrorContext {
  /** OSS API name, e.g. `PutSymlink`. */
  operation: string;
  method: string;
  bucket: string;
  /** Absent for bucket-level calls: a body-less 404 then means NoSuchBucket, else NoSuchKey. */
  key?: string;
  /** `/bucket/key?symlink`, decoded key. */
  resource: string;
  /** The name of the credential source the request was signed with. */
  credentialSource?: string;
  /**
   * Secret values of the attempt (access key secret, STS token, the request's signature). The
   * token and signature travel in headers, so a proxy or server that echoes request headers into
   * its error would otherwise put them into the error; they are redacted from every field.
   */
  secrets?: readonly string[];
}

/**
 * The code, and what the status says, for answers that carry no readable error document
 * (RFC 9110 status meanings; the 404 split follows docs/oss.md §3.2).
 */
const STATUS_CODES: Readonly<Record<number, readonly [code: string, meaning: string]>> = {
  304: ["NotModified", "not modified"],
  400: ["BadRequest", "the server refused the request as malformed"],
  401: ["Unauthorized", "the request was not authenticated"],
  403: ["AccessDenied", "access denied"],
  405: ["MethodNotAllowed", "the method is not allowed on this resource"],
  408: ["RequestTimeout", "the server timed out waiting for the request"],
  409: ["Conflict", "the request conflicts with the resource's state"],
  412: ["PreconditionFailed", "a precondition failed"],
  416: ["InvalidRange", "the range is not satisfiable"],
  429: ["TooManyRequests", "too many requests"],
  431: ["RequestHeaderFieldsTooLarge", "the request headers are too large for the server"],
  500: ["InternalError", "the server had an internal error"],
  502: ["BadGateway", "a gateway got no valid answer from the server behind it"],
  503: ["ServiceUnavailable", "the service is unavailable"],
  504: ["GatewayTimeout", "a gateway timed out waiting for the server behind it"],
};

/** Codes for responses that carry no readable error document. */
export function codeForStatus(status: number, hasKey: boolean): string {
  if (status === 404) return hasKey ? "NoSuchKey" : "NoSuchBucket";
  return STATUS_CODES[status]?.[0] ?? LOCAL_ERROR_CODES.invalidResponse;
}

function meaningOfStatus(status: number, hasKey: boolean): string | undefined {
  if (status === 404) return hasKey ? "the object does not exist" : "the bucket does not exist";
  return STATUS_CODES[status]?.[1];
}

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
 * One `OssError` for a non-2xx response. Never throws. Its `detail` is OSS's message, or, without
 * one, what the body or the status says.
 */
export function parseError(response: ErrorResponse, context: ErrorContext): OssError {
  const { doc, malformed } = readDocument(response);
  const status = response.status;
  const hasKey = context.key !== undefined;
  const secrets = [...(doc?.secrets ?? []), ...(context.secrets ?? [])];
  const code = clean(doc?.code, secrets, MAX_FIELD) ?? codeForStatus(status, hasKey);
  const ossMessage = clean(doc?.message, secrets, MAX_MESSAGE);
  let detail = ossMessage;
  if (detail === undefined) {
    if (malformed) detail = "the error response body is not a valid OSS error document";
    else if (response.truncated === true) {
      detail = `the error response body is larger than ${Math.round(response.body.length / 1024)} KiB and was not read`;
    } else if (doc === undefined) detail = meaningOfStatus(status, hasKey);
  }
  return new OssError({
    code,
    status,
    ...(detail !== undefined ? { detail } : {}),
    ...(ossMessage !== undefined ? { ossMessage } : {}),
    requestId: clean(doc?.requestId || headerValue(response.headers, HEADER.requestId), secrets, MAX_FIELD),
    hostId: clean(doc?.hostId, secrets, MAX_FIELD),
    ec: clean(doc?.ec || headerValue(response.headers, HEADER.ec), secrets, MAX_FIELD),
    operation: context.operation,
    bucket: context.bucket,
    ...(context.key !== undefined ? { key: context.key } : {}),
    method: context.method,
    resource: context.resource,
    ...(context.credentialSource !== undefined ? { credentialSource: context.credentialSource } : {}),
  });
}
