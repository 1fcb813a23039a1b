/**
 * One HTTP exchange on an injected undici dispatcher. No retries, no signing: the caller does
 * both per attempt (provider/oss/pipeline.ts). undici's `RetryHandler` / `RetryAgent` would replay
 * the *same* dispatch options, so the headers signed for the first attempt would go out again
 * unchanged; OSS needs each attempt signed anew (a corrected clock after `RequestTimeTooSkewed`,
 * refreshed session credentials), and the decision needs the OSS error `Code`, not the status alone.
 */
import { EventEmitter } from "node:events";
import type { Dispatcher } from "undici";
import type { IncomingHttpHeaders } from "node:http";

interface HttpRequest {
  /** `scheme://host[:port]`, no path. */
  origin: string;
  /** Already percent-encoded path and query. Sent verbatim: no dot-segment or other normalisation. */
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: Buffer | string | null;
  /** Per-attempt limit for the response headers and for each gap in the body, ms. */
  timeoutMs: number;
  /**
   * Total time the exchange may take, from sending the request to the last body byte, ms. The
   * idle timeout alone never ends a response trickled one byte at a time.
   */
  deadlineMs: number;
  /** Largest 2xx body read into memory; a longer one is cut off and `truncated` set. `undefined`: no cap. */
  maxBodyBytes: number | undefined;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names, as undici gives them. */
  headers: IncomingHttpHeaders;
  /** The body read; empty when it was not wanted (success without `wantBody`) or absent. */
  body: Buffer;
  /**
   * The body was longer than its cap (`maxBodyBytes`, or {@link MAX_ERROR_BODY_BYTES} for a
   * non-2xx answer): `body` holds only its start and the rest was never downloaded.
   */
  truncated: boolean;
}

/**
 * Largest error body read. An OSS error document is well under 1 KiB; a proxy's HTML page a few
 * KiB. Anything longer is not worth holding in memory once per attempt.
 */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** `code` of the error an attempt fails with when its {@link HttpRequest.deadlineMs} passes. */
export const ATTEMPT_DEADLINE_CODE = "OSS_ATTEMPT_DEADLINE";

/** The attempt's total deadline passed (headers or body still incomplete). */
class AttemptDeadlineError extends Error {
  override readonly name = "AttemptDeadlineError";
  readonly code = ATTEMPT_DEADLINE_CODE;
  constructor(readonly deadlineMs: number) {
    super(`the exchange did not complete within ${deadlineMs} ms`);
  }
}

/**
 * What ends an attempt whose deadline passed. undici takes an `EventEmitter` that emits `"abort"`
 * as a request's `signal` (its documented alternative to an `AbortSignal`). An `AbortController`
 * per attempt cost 25–40 µs of client CPU per request, most of it undici registering its
 * listener on the `AbortSignal` (docs/performance.md, this round's item 1).
 */
class DeadlineSignal extends EventEmitter {
  passed = false;
  pass(): void {
    this.passed = true;
    this.emit("abort");
  }
}

const EMPTY = Buffer.alloc(0);
const HEAD_KEEP_ALIVE = { reset: false } as const;

/**
 * Sends one request and always consumes the response body: read into memory when the caller
 * wants it or when the status is not 2xx (the error document is in it), dumped otherwise. A body
 * left unread would keep its connection busy and stall a small pool. A body over its cap is read
 * only up to the cap and the rest is abandoned with the connection.
 *
 * Network failures are thrown as the original undici/Node error, a passed deadline as
 * `AttemptDeadlineError`; `classifyNetworkError` (provider/oss/retryPolicy.ts) sorts them.
 */
export async function sendHttpRequest(
  dispatcher: Dispatcher,
  request: HttpRequest,
  wantBody: boolean,
): Promise<HttpResponse> {
  const deadline = new DeadlineSignal();
  const timer = setTimeout(() => deadline.pass(), request.deadlineMs);
  try {
    const response = await dispatcher.request({
      origin: request.origin,
      path: request.path,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
      signal: deadline,
      // undici closes the connection after every HEAD unless told otherwise, to guard against
      // servers that wrongly send a body. OSS does not, so a HEAD keeps its connection like any
      // other request.
      ...(request.method === "HEAD" ? HEAD_KEEP_ALIVE : undefined),
    });
    const status = response.statusCode;
    const success = status >= 200 && status < 300;
    if (!wantBody && success) {
      await response.body.dump();
      return { status, headers: response.headers, body: EMPTY, truncated: false };
    }
    const cap = success ? request.maxBodyBytes : MAX_ERROR_BODY_BYTES;
    const { body, truncated } = await readBody(response.body, response.headers, cap);
    return { status, headers: response.headers, body, truncated };
  } catch (err) {
    // undici rejects an aborted request with its own RequestAbortedError: report a passed deadline as one.
    if (deadline.passed) throw new AttemptDeadlineError(request.deadlineMs);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads `body` whole, or only its first `cap` bytes (then abandons the rest). */
async function readBody(
  body: Dispatcher.ResponseData["body"],
  headers: IncomingHttpHeaders,
  cap: number | undefined,
): Promise<{ body: Buffer; truncated: boolean }> {
  const declared = Number(headers["content-length"]);
  // Common case, kept on undici's own fast path: no cap, or a declared length within it
  // (undici refuses a body longer than its Content-Length).
  if (cap === undefined || (Number.isFinite(declared) && declared <= cap)) {
    const data = await body.arrayBuffer();
    return { body: data.byteLength > 0 ? Buffer.from(data) : EMPTY, truncated: false };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const piece = chunk as Buffer;
    if (size + piece.length > cap) {
      chunks.push(piece.subarray(0, cap - size));
      size = cap;
      // Leaving the loop destroys the stream: the download stops and the connection is closed.
      return { body: Buffer.concat(chunks, size), truncated: true };
    }
    chunks.push(piece);
    size += piece.length;
  }
  return { body: size > 0 ? Buffer.concat(chunks, size) : EMPTY, truncated: false };
}
