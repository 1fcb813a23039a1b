/**
 * One HTTP exchange on an injected undici dispatcher. No retries, no signing: the caller does
 * both per attempt (see retryLoop.ts for why).
 */
import type { Dispatcher } from "undici";
import type { IncomingHttpHeaders } from "node:http";

export interface HttpRequest {
  /** `scheme://host[:port]`, no path. */
  origin: string;
  /** Already percent-encoded path and query. Sent verbatim: no dot-segment or other normalisation. */
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: Buffer | string | null;
  /** Per-attempt limit for the response headers and for each gap in the body, ms. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names, as undici gives them. */
  headers: IncomingHttpHeaders;
  /** The whole body; empty when it was not wanted (success without `wantBody`) or absent. */
  body: Buffer;
}

const EMPTY = Buffer.alloc(0);
const HEAD_KEEP_ALIVE = { reset: false } as const;

/**
 * Sends one request and always consumes the response body: read into memory when the caller
 * wants it or when the status is not 2xx (the error document is in it), dumped otherwise. A body
 * left unread would keep its connection busy and stall a small pool.
 *
 * Network failures are thrown as the original undici/Node error; use `classifyNetworkError`.
 */
export async function sendHttpRequest(
  dispatcher: Dispatcher,
  request: HttpRequest,
  wantBody: boolean,
): Promise<HttpResponse> {
  const response = await dispatcher.request({
    origin: request.origin,
    path: request.path,
    method: request.method,
    headers: request.headers,
    body: request.body ?? null,
    headersTimeout: request.timeoutMs,
    bodyTimeout: request.timeoutMs,
    // undici closes the connection after every HEAD unless told otherwise, to guard against
    // servers that wrongly send a body. OSS does not, and HeadObject is a hot path (refresh and
    // diff), so keep the connection alive.
    ...(request.method === "HEAD" ? HEAD_KEEP_ALIVE : undefined),
  });
  const status = response.statusCode;
  let body = EMPTY;
  if (wantBody || status < 200 || status >= 300) {
    const data = await response.body.arrayBuffer();
    if (data.byteLength > 0) body = Buffer.from(data);
  } else {
    await response.body.dump();
  }
  return { status, headers: response.headers, body };
}

/** What kind of transport failure an error is, and whether trying again may help. */
export interface NetworkFailure {
  kind: "timeout" | "network";
  retryable: boolean;
  /** The most specific error code found (`ECONNRESET`, `UND_ERR_HEADERS_TIMEOUT`, …). */
  code: string | undefined;
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ETIMEDOUT",
]);

/** Transient: the peer went away or was briefly unreachable; a new connection may work. */
const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  "UND_ERR_SOCKET",
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") return code;
  return undefined;
}

/**
 * Classifies an error thrown by `sendHttpRequest`. Unknown errors (invalid arguments, a closed
 * dispatcher, DNS `ENOTFOUND`) are not retryable: repeating them cannot succeed.
 */
export function classifyNetworkError(err: unknown): NetworkFailure {
  const outer = errorCode(err);
  const inner = errorCode((err as { cause?: unknown } | null)?.cause);
  for (const code of [outer, inner]) {
    if (code !== undefined && TIMEOUT_CODES.has(code)) return { kind: "timeout", retryable: true, code };
  }
  for (const code of [outer, inner]) {
    if (code !== undefined && RETRYABLE_NETWORK_CODES.has(code)) return { kind: "network", retryable: true, code };
  }
  return { kind: "network", retryable: false, code: outer ?? inner };
}
