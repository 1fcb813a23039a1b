/**
 * The request pipeline, the same for every operation: per attempt, get credentials → sign →
 * send → turn an error answer into an `OssError` → ask the retry policy (retryPolicy.ts) whether
 * and when to try again. It also owns the dispatcher and what `close()` waits for.
 */
import { Agent, type Dispatcher } from "undici";
import type { CredentialsProvider } from "./clientTypes";
import { CLIENT_DEFAULTS, type ResolvedClientOptions } from "./clientOptions";
import { HEADER } from "./constants";
import { crc64Ecma } from "./crc64";
import { encodeKeyPath, percentEncode } from "./encoding";
import { bucketOrigin, bucketPathPrefix } from "./endpoint";
import { headerValue } from "./metadata";
import type { Operation, Query, RequestTarget, ResponseChecks } from "./operations";
import { LOCAL_ERROR_CODES, OssError, type OssErrorFields } from "./ossError";
import { parseError } from "./parseError";
import { authorizationSignature, redact } from "./redact";
import { classifyNetworkError, decideRetry, type AttemptFailure } from "./retryPolicy";
import type { Credentials, SignableRequest, SignedHeaders } from "./types";
import { ATTEMPT_DEADLINE_CODE, sendHttpRequest, type HttpResponse } from "../http/transport";

type Signer = (request: SignableRequest, credentials: Credentials, date: Date) => SignedHeaders;

/** One operation's request, addressed and ready to sign. */
interface PreparedRequest extends RequestTarget {
  operation: string;
  method: Dispatcher.HttpMethod;
  origin: string;
  /** Percent-encoded path and query, as sent. */
  path: string;
  /** `/bucket/key?symlink` with the decoded key, for errors. */
  resource: string;
  signable: SignableRequest;
  wantBody: boolean;
  maxBodyBytes: number | undefined;
}

/** What one attempt produced. */
type AttemptOutcome =
  | { readonly ok: true; readonly response: HttpResponse }
  | { readonly ok: false; readonly error: OssError; readonly failure: AttemptFailure };

const FINAL: AttemptFailure = { kind: "final" };

function encodeQuery(query: Query): string {
  let out = "";
  for (const name in query) {
    const value = query[name];
    out += out === "" ? "?" : "&";
    out += percentEncode(name, false);
    if (value !== null && value !== undefined) out += `=${percentEncode(value, false)}`;
  }
  return out;
}

function describeResource(target: RequestTarget): string {
  let out = `/${target.bucket}/${target.key ?? ""}`;
  let first = true;
  for (const name in target.query) {
    const value = target.query[name];
    out += first ? "?" : "&";
    first = false;
    out += value === null || value === undefined ? name : `${name}=${value}`;
  }
  return out;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Sends requests for one client. Construct once per client. */
export class RequestPipeline {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly origins = new Map<string, string>();
  /** Server time minus local time, learned from a `RequestTimeTooSkewed` answer's `Date`. */
  private clockOffsetMs = 0;
  private closed = false;
  /** Exchanges under way, so that `close()` knows whether it waits. */
  private inFlight = 0;
  /** Set while `close()` waits for the exchanges under way: called when the last one ends. */
  private onIdle: (() => void) | undefined;

  constructor(
    private readonly options: ResolvedClientOptions,
    private readonly credentials: CredentialsProvider,
    private readonly sign: Signer,
    dispatcher: Dispatcher | undefined,
  ) {
    if (dispatcher !== undefined) {
      this.dispatcher = dispatcher;
      this.ownsDispatcher = false;
    } else {
      this.dispatcher = new Agent({
        keepAliveTimeout: CLIENT_DEFAULTS.keepAliveTimeoutMs,
        connect: { timeout: Math.min(options.timeoutMs, CLIENT_DEFAULTS.connectTimeoutMs) },
      });
      this.ownsDispatcher = true;
    }
  }

  /** Runs `operation` on `input`: resolves with its result, or rejects with one `OssError`. */
  async run<I, R>(operation: Operation<I, R>, input: I): Promise<R> {
    const request = this.prepare(operation, operation.target(input));
    const response = await this.send(request);
    return operation.result(response, input, this.checks(request, response));
  }

  /** `scheme://host[:port]` for a bucket (cached: it is the same for every request). */
  originFor(bucket: string): string {
    let origin = this.origins.get(bucket);
    if (origin === undefined) {
      origin = bucketOrigin(this.options.endpoint, bucket);
      this.origins.set(bucket, origin);
    }
    return origin;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.ownsDispatcher) return;
    // In-flight requests get a grace period to finish. A server that never finishes its answer
    // must not hold close() (and the provider's configure()/shutdown()) for ever, so after it
    // destroy() ends what is still open. undici's close() would wait without limit, and once
    // called, a later destroy() no longer reaches its connections: hence the own bookkeeping.
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.options.closeGraceMs);
      });
      const idle = new Promise<void>((resolve) => {
        this.onIdle = resolve;
      });
      await Promise.race([idle, graceOver]);
      clearTimeout(timer);
      this.onIdle = undefined;
    }
    if (this.inFlight > 0) await this.dispatcher.destroy();
    else await this.dispatcher.close();
  }

  private prepare<I, R>(operation: Operation<I, R>, target: RequestTarget): PreparedRequest {
    const endpoint = this.options.endpoint;
    let path = bucketPathPrefix(endpoint, target.bucket);
    if (target.key !== undefined) path += encodeKeyPath(target.key);
    path += encodeQuery(target.query);
    return {
      ...target,
      operation: operation.name,
      method: operation.method,
      origin: this.originFor(target.bucket),
      path,
      resource: describeResource(target),
      signable: {
        method: operation.method,
        bucket: target.bucket,
        key: target.key,
        query: target.query,
        headers: target.headers,
        region: endpoint.signingRegion,
      },
      wantBody: operation.body !== "dump",
      maxBodyBytes: typeof operation.body === "object" ? operation.body.maxBytes : undefined,
    };
  }

  /** The attempts of one request; resolves with a 2xx response or rejects with the last attempt's error. */
  private async send(request: PreparedRequest): Promise<HttpResponse> {
    const { maxAttempts, retryBaseMs, random, now } = this.options;
    for (let n = 1; ; n++) {
      const outcome = await this.attempt(request, n);
      if (outcome.ok) return outcome.response;
      const decision = decideRetry(outcome.failure, n, { baseMs: retryBaseMs, random, nowMs: now() });
      if (decision.clockOffsetMs !== undefined) this.clockOffsetMs = decision.clockOffsetMs;
      if (!decision.retry || n >= maxAttempts) throw outcome.error;
      if (decision.delayMs > 0) await sleep(decision.delayMs);
    }
  }

  private async attempt(request: PreparedRequest, attempt: number): Promise<AttemptOutcome> {
    if (this.closed) return { ok: false, error: this.closedError(request), failure: FINAL };
    // Per attempt: session credentials may have been refreshed, and the clock offset may have
    // been corrected by the previous attempt's RequestTimeTooSkewed.
    let credentials: Credentials;
    try {
      credentials = await this.credentials.getCredentials();
    } catch (err) {
      if (!(err instanceof OssError)) throw err;
      // The credentials error (already scrubbed), with what the call was about.
      return { ok: false, error: this.error(request, { code: err.code, ...(err.detail !== undefined ? { detail: err.detail } : {}) }), failure: FINAL };
    }
    const credentialSource = this.credentials.describe();
    const signed = this.sign(request.signable, credentials, new Date(this.options.now() + this.clockOffsetMs));
    const headers = Object.assign({}, request.headers, signed);
    let response: HttpResponse;
    this.inFlight++;
    try {
      response = await sendHttpRequest(
        this.dispatcher,
        {
          origin: request.origin,
          path: request.path,
          method: request.method,
          headers,
          body: request.body,
          timeoutMs: this.options.timeoutMs,
          deadlineMs: this.options.deadlineMs,
          maxBodyBytes: request.maxBodyBytes,
        },
        request.wantBody,
      );
    } catch (err) {
      if (this.closed) return { ok: false, error: this.closedError(request, err), failure: FINAL };
      return { ok: false, error: this.transportError(request, err, attempt, credentialSource), failure: { kind: "transport", error: err } };
    } finally {
      if (--this.inFlight === 0) this.onIdle?.();
    }
    const status = response.status;
    const secrets = [credentials.accessKeySecret, credentials.securityToken ?? "", authorizationSignature(signed[HEADER.authorization]) ?? ""];
    if (status >= 200 && status < 300) {
      // A success's request id is quoted by an InvalidResponse error and returned in results.
      const requestId = headerValue(response.headers, HEADER.requestId);
      if (requestId !== undefined) response.headers[HEADER.requestId] = redact(requestId, secrets);
      if (!response.truncated) return { ok: true, response };
      const cap = `${Math.round((request.maxBodyBytes ?? 0) / (1024 * 1024))} MiB`;
      return { ok: false, error: this.checks(request, response).invalid(`the response body is larger than ${cap}`), failure: FINAL };
    }
    const error = parseError(response, {
      operation: request.operation,
      method: request.method,
      bucket: request.bucket,
      ...(request.key !== undefined ? { key: request.key } : {}),
      resource: request.resource,
      credentialSource,
      secrets,
    });
    return { ok: false, error, failure: { kind: "response", status, code: error.code, headers: response.headers } };
  }

  /** An `OssError` about `request`: the operation, bucket, key, method and resource filled in. */
  private error(request: PreparedRequest, fields: OssErrorFields): OssError {
    return new OssError({
      operation: request.operation,
      bucket: request.bucket,
      ...(request.key !== undefined ? { key: request.key } : {}),
      method: request.method,
      resource: request.resource,
      ...fields,
    });
  }

  private transportError(request: PreparedRequest, err: unknown, attempt: number, credentialSource: string): OssError {
    const failure = classifyNetworkError(err);
    const what =
      failure.code === ATTEMPT_DEADLINE_CODE
        ? `did not complete within its ${this.options.deadlineMs} ms deadline (deadlineMs)`
        : failure.kind === "timeout"
          ? `timed out after ${this.options.timeoutMs} ms (timeoutMs)`
          : "could not complete";
    return this.error(request, {
      code: failure.kind === "timeout" ? LOCAL_ERROR_CODES.timeout : LOCAL_ERROR_CODES.network,
      detail:
        `${request.method} ${request.resource} to ${request.origin} ${what} ` +
        `(${failure.code ?? (err instanceof Error ? err.message : String(err))}; attempt ${attempt} of ${this.options.maxAttempts})`,
      credentialSource,
      cause: err,
    });
  }

  private closedError(request: PreparedRequest, cause?: unknown): OssError {
    return this.error(request, {
      code: LOCAL_ERROR_CODES.network,
      detail:
        `${request.method} ${request.resource} to ${request.origin}: the client was closed ` +
        `(close() lets requests in flight finish for closeGraceMs, ${this.options.closeGraceMs} ms, then ends them)`,
      ...(cause !== undefined ? { cause } : {}),
    });
  }

  private checks(request: PreparedRequest, response: HttpResponse): ResponseChecks {
    const requestId = headerValue(response.headers, HEADER.requestId);
    const ids = { status: response.status, ...(requestId !== undefined ? { requestId } : {}) };
    return {
      invalid: (why) =>
        this.error(request, { code: LOCAL_ERROR_CODES.invalidResponse, ...ids, detail: `the response is not what OSS sends: ${why}` }),
      crc64: (data) => {
        // Whole-object answers only; absent on old objects and other services. A mismatch means
        // the bytes changed in transit: an error, never a silently corrupt result (docs/client.md).
        const sent = headerValue(response.headers, HEADER.crc64);
        if (sent === undefined || response.status !== 200) return;
        const computed = crc64Ecma(typeof data === "string" ? Buffer.from(data, "utf8") : data);
        if (computed === sent.trim()) return;
        throw this.error(request, {
          code: LOCAL_ERROR_CODES.crcMismatch,
          ...ids,
          detail: `the data has CRC-64 ${computed} where OSS reports ${HEADER.crc64}: ${sent.trim()}; it was corrupted in transit`,
        });
      },
    };
  }
}

