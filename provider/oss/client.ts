/**
 * The OSS client: builds each operation's request, signs it per attempt, sends it on an undici
 * dispatcher, retries what is worth retrying, and maps responses to results or one `OssError`.
 */
import { createHash } from "node:crypto";
import { Agent, type Dispatcher } from "undici";
import type {
  CredentialsProvider,
  DeleteResult,
  GetObjectResult,
  GetSymlinkResult,
  HeadObjectResult,
  ListObjectsV2Input,
  ListObjectsV2Result,
  ObjectRef,
  OssClientApi,
  OssClientOptions,
  PutObjectInput,
  PutResult,
  PutSymlinkInput,
  VersioningStatus,
} from "./clientTypes";
import { HEADER, LIST_QUERY, QUERY, type ObjectAcl } from "./constants";
import { resolveCredentialsProvider } from "./credentials";
import { decodeSymlinkTarget, encodeKeyPath, encodeSymlinkTarget, percentEncode } from "./encoding";
import { bucketOrigin, bucketPathPrefix, resolveEndpoint, type ResolvedEndpoint } from "./endpoint";
import {
  addContentHeaders,
  addMetadataHeaders,
  headerValue,
  normalizeEtag,
  readContentHeaders,
  readMetadata,
} from "./metadata";
import { crc64Ecma } from "./crc64";
import { LOCAL_ERROR_CODES, OssError } from "./ossError";
import { parseError, type ErrorContext } from "./parseError";
import { authorizationSignature, redact } from "./redact";
import { signV1 } from "./signV1";
import { signV4 } from "./signV4";
import type { Credentials, SignableRequest, SignedHeaders } from "./types";
import { parseAclXml, parseListObjectsV2Xml, parseVersioningXml, versioningXml, XmlShapeError } from "./xml";
import { BACKOFF_CAP_MS } from "../http/backoff";
import { parseRetryAfter } from "../http/retryAfter";
import { runWithRetries, type AttemptOutcome, type RetryPolicy } from "../http/retryLoop";
import { ATTEMPT_DEADLINE_CODE, classifyNetworkError, sendHttpRequest, type HttpResponse } from "../http/transport";

/** Defaults of `OssClientOptions`, documented in docs/client.md. */
export const CLIENT_DEFAULTS = {
  timeoutMs: 30_000,
  maxAttempts: 3,
  retryBaseMs: 200,
  /** Undici's own default; a dead host should not hold an attempt for the whole timeout. */
  connectTimeoutMs: 10_000,
  keepAliveTimeoutMs: 4_000,
  /** How long `close()` lets in-flight requests finish before ending them. */
  closeGraceMs: 5_000,
} as const;

/** Default total deadline of one attempt: twice the idle timeout (60 s by default). */
const DEADLINE_PER_TIMEOUT = 2;

/**
 * Largest XML answer read (GetObjectACL, GetBucketVersioning, ListObjectsV2). A full ListObjectsV2
 * page (1,000 keys of up to 1,023 bytes, URL-encoded) is about 4 MiB; more is not an OSS answer.
 */
export const MAX_XML_BODY_BYTES = 16 * 1024 * 1024;

/** One operation's request, before signing. Query values are decoded; `null` = bare sub-resource. */
interface OssRequest {
  operation: string;
  method: Dispatcher.HttpMethod;
  bucket: string;
  key?: string;
  query: Record<string, string | null>;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** Read the success body into memory (GetObject, XML answers); otherwise it is dumped. */
  wantBody: boolean;
  /** Cap on the success body read (XML answers); over it the answer is an `InvalidResponse`. */
  maxBodyBytes?: number;
}

type Signer = (request: SignableRequest, credentials: Credentials, date: Date) => SignedHeaders;

const NO_QUERY: Record<string, string | null> = {};

function encodeQuery(query: Record<string, string | null>): string {
  let out = "";
  for (const name in query) {
    const value = query[name];
    out += out === "" ? "?" : "&";
    out += percentEncode(name, false);
    if (value !== null && value !== undefined) out += `=${percentEncode(value, false)}`;
  }
  return out;
}

/** `/bucket/key?symlink` with the decoded key, for messages. */
function describeResource(request: OssRequest): string {
  let out = `/${request.bucket}/${request.key ?? ""}`;
  let first = true;
  for (const name in request.query) {
    const value = request.query[name];
    out += first ? "?" : "&";
    first = false;
    out += value === null || value === undefined ? name : `${name}=${value}`;
  }
  return out;
}

function versionQuery(base: Record<string, string | null>, versionId: string | undefined): Record<string, string | null> {
  if (versionId === undefined) return base;
  return { ...base, [QUERY.versionId]: versionId };
}

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * OSS client over undici. Construct with {@link createOssClient}.
 *
 * @example
 * const client = createOssClient({ region: "cn-hangzhou" });
 * await client.putSymlink({ bucket: "my-bucket", key: "latest", target: "releases/v2.tar.gz" });
 * await client.close();
 */
export class OssClient implements OssClientApi {
  private readonly endpoint: ResolvedEndpoint;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly credentials: CredentialsProvider;
  private readonly sign: Signer;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  private readonly closeGraceMs: number;
  private readonly maxAttempts: number;
  private readonly policy: RetryPolicy;
  private readonly now: () => number;
  private readonly origins = new Map<string, string>();
  /** Server time minus local time, learned from a `RequestTimeTooSkewed` answer's `Date`. */
  private clockOffsetMs = 0;
  private closed = false;
  /** Exchanges under way, so that `close()` knows what it waits for. */
  private readonly inFlight = new Set<Promise<HttpResponse>>();

  constructor(options: OssClientOptions) {
    this.endpoint = resolveEndpoint(options);
    this.timeoutMs = positive(options.timeoutMs, CLIENT_DEFAULTS.timeoutMs, "timeoutMs");
    this.deadlineMs = positive(options.deadlineMs, DEADLINE_PER_TIMEOUT * this.timeoutMs, "deadlineMs");
    this.closeGraceMs = nonNegative(options.closeGraceMs, CLIENT_DEFAULTS.closeGraceMs, "closeGraceMs");
    this.maxAttempts = Math.floor(positive(options.maxAttempts, CLIENT_DEFAULTS.maxAttempts, "maxAttempts"));
    const retryBaseMs = nonNegative(options.retryBaseMs, CLIENT_DEFAULTS.retryBaseMs, "retryBaseMs");
    this.policy = { maxAttempts: this.maxAttempts, baseMs: retryBaseMs, random: options.random ?? Math.random };
    this.now = options.now ?? Date.now;
    this.sign = options.signatureVersion === "v1" ? signV1 : signV4;
    this.credentials = resolveCredentialsProvider(options.credentials);
    if (options.dispatcher !== undefined) {
      this.dispatcher = options.dispatcher;
      this.ownsDispatcher = false;
    } else {
      this.dispatcher = new Agent({
        keepAliveTimeout: CLIENT_DEFAULTS.keepAliveTimeoutMs,
        connect: { timeout: Math.min(this.timeoutMs, CLIENT_DEFAULTS.connectTimeoutMs) },
      });
      this.ownsDispatcher = true;
    }
  }

  /** The resolved endpoint (scheme, host, addressing style, signing region). */
  get resolvedEndpoint(): Readonly<ResolvedEndpoint> {
    return this.endpoint;
  }

  // ---- operations -------------------------------------------------------------------------

  async putSymlink(input: PutSymlinkInput): Promise<PutResult> {
    const headers: Record<string, string> = { [HEADER.symlinkTarget]: encodeSymlinkTarget(input.target) };
    if (input.acl !== undefined) headers[HEADER.objectAcl] = input.acl;
    if (input.storageClass !== undefined) headers[HEADER.storageClass] = input.storageClass;
    if (input.forbidOverwrite === true) headers[HEADER.forbidOverwrite] = "true";
    addContentHeaders(headers, input);
    addMetadataHeaders(headers, input.metadata);
    const request: OssRequest = {
      operation: "PutSymlink",
      method: "PUT",
      bucket: input.bucket,
      key: input.key,
      query: { [QUERY.symlink]: null },
      headers,
      wantBody: false,
    };
    return this.putResult(request, await this.execute(request));
  }

  async getSymlink(ref: ObjectRef): Promise<GetSymlinkResult> {
    const request: OssRequest = {
      operation: "GetSymlink",
      method: "GET",
      bucket: ref.bucket,
      key: ref.key,
      query: versionQuery({ [QUERY.symlink]: null }, ref.versionId),
      headers: {},
      wantBody: false,
    };
    const response = await this.execute(request);
    const encoded = headerValue(response.headers, HEADER.symlinkTarget);
    if (encoded === undefined) {
      throw this.invalidResponse(request, response, `the response has no ${HEADER.symlinkTarget} header`);
    }
    let target: string;
    try {
      target = decodeSymlinkTarget(encoded);
    } catch (err) {
      throw this.invalidResponse(request, response, (err as Error).message);
    }
    const result: GetSymlinkResult = {
      target,
      etag: normalizeEtag(headerValue(response.headers, HEADER.etag) ?? ""),
      metadata: readMetadata(response.headers),
    };
    readContentHeaders(response.headers, result);
    setIfDefined(result, "lastModified", headerValue(response.headers, HEADER.lastModified));
    setIfDefined(result, "versionId", headerValue(response.headers, HEADER.versionId));
    setIfDefined(result, "requestId", headerValue(response.headers, HEADER.requestId));
    return result;
  }

  async headObject(ref: ObjectRef): Promise<HeadObjectResult> {
    const response = await this.execute({
      operation: "HeadObject",
      method: "HEAD",
      bucket: ref.bucket,
      key: ref.key,
      query: versionQuery(NO_QUERY, ref.versionId),
      headers: {},
      wantBody: false,
    });
    return objectResult(response);
  }

  async getObject(ref: ObjectRef): Promise<GetObjectResult> {
    const request: OssRequest = {
      operation: "GetObject",
      method: "GET",
      bucket: ref.bucket,
      key: ref.key,
      query: versionQuery(NO_QUERY, ref.versionId),
      headers: {},
      wantBody: true,
    };
    const response = await this.execute(request);
    this.checkCrc64(request, response, response.body);
    const result = objectResult(response) as GetObjectResult;
    result.body = response.body;
    // A HEAD-less GET may be chunked: the body is the truth about the length.
    result.contentLength = response.body.length;
    return result;
  }

  async putObject(input: PutObjectInput): Promise<PutResult> {
    const headers: Record<string, string> = {};
    if (input.acl !== undefined) headers[HEADER.objectAcl] = input.acl;
    if (input.storageClass !== undefined) headers[HEADER.storageClass] = input.storageClass;
    addContentHeaders(headers, input);
    addMetadataHeaders(headers, input.metadata);
    const request: OssRequest = {
      operation: "PutObject",
      method: "PUT",
      bucket: input.bucket,
      key: input.key,
      query: NO_QUERY,
      headers,
      body: input.body,
      wantBody: false,
    };
    const response = await this.execute(request);
    this.checkCrc64(request, response, input.body);
    return this.putResult(request, response);
  }

  async deleteObject(ref: ObjectRef): Promise<DeleteResult> {
    const response = await this.execute({
      operation: "DeleteObject",
      method: "DELETE",
      bucket: ref.bucket,
      key: ref.key,
      query: versionQuery(NO_QUERY, ref.versionId),
      headers: {},
      wantBody: false,
    });
    const result: DeleteResult = { deleteMarker: headerValue(response.headers, HEADER.deleteMarker) === "true" };
    setIfDefined(result, "versionId", headerValue(response.headers, HEADER.versionId));
    setIfDefined(result, "requestId", headerValue(response.headers, HEADER.requestId));
    return result;
  }

  async putObjectAcl(ref: ObjectRef & { acl: ObjectAcl }): Promise<{ versionId?: string }> {
    const response = await this.execute({
      operation: "PutObjectACL",
      method: "PUT",
      bucket: ref.bucket,
      key: ref.key,
      query: versionQuery({ [QUERY.acl]: null }, ref.versionId),
      headers: { [HEADER.objectAcl]: ref.acl },
      wantBody: false,
    });
    const result: { versionId?: string } = {};
    setIfDefined(result, "versionId", headerValue(response.headers, HEADER.versionId));
    return result;
  }

  async getObjectAcl(ref: ObjectRef): Promise<{ acl: ObjectAcl; versionId?: string }> {
    const request: OssRequest = {
      operation: "GetObjectACL",
      method: "GET",
      bucket: ref.bucket,
      key: ref.key,
      query: versionQuery({ [QUERY.acl]: null }, ref.versionId),
      headers: {},
      wantBody: true,
      maxBodyBytes: MAX_XML_BODY_BYTES,
    };
    const response = await this.execute(request);
    const result: { acl: ObjectAcl; versionId?: string } = {
      acl: this.parseBody(request, response, parseAclXml),
    };
    setIfDefined(result, "versionId", headerValue(response.headers, HEADER.versionId));
    return result;
  }

  async getBucketVersioning(bucket: string): Promise<VersioningStatus> {
    const request: OssRequest = {
      operation: "GetBucketVersioning",
      method: "GET",
      bucket,
      query: { [QUERY.versioning]: null },
      headers: {},
      wantBody: true,
      maxBodyBytes: MAX_XML_BODY_BYTES,
    };
    const response = await this.execute(request);
    return this.parseBody(request, response, parseVersioningXml);
  }

  async putBucketVersioning(bucket: string, status: "Enabled" | "Suspended"): Promise<void> {
    const body = Buffer.from(versioningXml(status), "utf8");
    await this.execute({
      operation: "PutBucketVersioning",
      method: "PUT",
      bucket,
      query: { [QUERY.versioning]: null },
      headers: {
        [HEADER.contentType]: "application/xml",
        // Not required by OSS for this call, but cheap and it lets the server reject a damaged body.
        [HEADER.contentMd5]: createHash("md5").update(body).digest("base64"),
      },
      body,
      wantBody: false,
    });
  }

  async listObjectsV2(input: ListObjectsV2Input): Promise<ListObjectsV2Result> {
    // encoding-type=url, as the official SDKs send it: XML cannot carry every key byte for byte
    // (a literal CR LF arrives as LF, most control characters not at all).
    const query: Record<string, string | null> = { [QUERY.listType]: "2", [LIST_QUERY.encodingType]: "url" };
    if (input.prefix !== undefined) query[QUERY.prefix] = input.prefix;
    if (input.maxKeys !== undefined) query[QUERY.maxKeys] = String(input.maxKeys);
    if (input.continuationToken !== undefined) query[LIST_QUERY.continuationToken] = input.continuationToken;
    if (input.startAfter !== undefined) query[LIST_QUERY.startAfter] = input.startAfter;
    const request: OssRequest = {
      operation: "ListObjectsV2",
      method: "GET",
      bucket: input.bucket,
      query,
      headers: {},
      wantBody: true,
      maxBodyBytes: MAX_XML_BODY_BYTES,
    };
    const response = await this.execute(request);
    return this.parseBody(request, response, parseListObjectsV2Xml);
  }

  objectUrl(bucket: string, key: string): string {
    return `${this.originFor(bucket)}${bucketPathPrefix(this.endpoint, bucket)}${encodeKeyPath(key)}`;
  }

  async credentialSource(): Promise<string> {
    await this.credentials.getCredentials();
    return this.credentials.describe();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.ownsDispatcher) return;
    // In-flight requests get a grace period to finish. A server that never finishes its answer
    // must not hold close() (and the provider's configure()/shutdown()) for ever, so after it
    // destroy() ends what is still open. undici's close() would wait without limit, and once
    // called, a later destroy() no longer reaches its connections: hence the own bookkeeping.
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.closeGraceMs);
      });
      await Promise.race([Promise.allSettled([...this.inFlight]), graceOver]);
      clearTimeout(timer);
    }
    if (this.inFlight.size > 0) await this.dispatcher.destroy();
    else await this.dispatcher.close();
  }

  // ---- the request pipeline ---------------------------------------------------------------

  private originFor(bucket: string): string {
    let origin = this.origins.get(bucket);
    if (origin === undefined) {
      origin = bucketOrigin(this.endpoint, bucket);
      this.origins.set(bucket, origin);
    }
    return origin;
  }

  /** Sends `request` with retries; resolves with a 2xx response or rejects with one `OssError`. */
  private execute(request: OssRequest): Promise<HttpResponse> {
    const origin = this.originFor(request.bucket);
    let path = bucketPathPrefix(this.endpoint, request.bucket);
    if (request.key !== undefined) path += encodeKeyPath(request.key);
    path += encodeQuery(request.query);
    const signable: SignableRequest = {
      method: request.method,
      bucket: request.bucket,
      key: request.key,
      query: request.query,
      headers: request.headers,
      region: this.endpoint.signingRegion,
    };
    return runWithRetries((attempt) => this.attempt(request, origin, path, signable, attempt), this.policy);
  }

  private async attempt(
    request: OssRequest,
    origin: string,
    path: string,
    signable: SignableRequest,
    attempt: number,
  ): Promise<AttemptOutcome<HttpResponse>> {
    if (this.closed) return { ok: false, retryable: false, error: this.closedError(request, origin) };
    // Per attempt: session credentials may have been refreshed, and the clock offset may have
    // been corrected by the previous attempt's RequestTimeTooSkewed.
    const credentials = await this.credentials.getCredentials();
    const signed = this.sign(signable, credentials, new Date(this.now() + this.clockOffsetMs));
    const headers = Object.assign({}, request.headers, signed);
    let response: HttpResponse;
    try {
      response = await this.tracked(sendHttpRequest(
        this.dispatcher,
        {
          origin,
          path,
          method: request.method,
          headers,
          body: request.body,
          timeoutMs: this.timeoutMs,
          deadlineMs: this.deadlineMs,
          ...(request.maxBodyBytes !== undefined ? { maxBodyBytes: request.maxBodyBytes } : {}),
        },
        request.wantBody,
      ));
    } catch (err) {
      if (this.closed) return { ok: false, retryable: false, error: this.closedError(request, origin, err) };
      const resource = describeResource(request);
      const failure = classifyNetworkError(err);
      const what =
        failure.code === ATTEMPT_DEADLINE_CODE
          ? `did not complete within its ${this.deadlineMs} ms deadline (deadlineMs)`
          : failure.kind === "timeout"
            ? `timed out after ${this.timeoutMs} ms`
            : "could not complete";
      const error = new OssError({
        code: failure.kind === "timeout" ? LOCAL_ERROR_CODES.timeout : LOCAL_ERROR_CODES.network,
        message:
          `OSS ${request.operation} failed: ${request.method} ${resource} to ${origin} ${what} ` +
          `(${failure.code ?? (err instanceof Error ? err.message : String(err))}; attempt ${attempt} of ${this.maxAttempts}). ` +
          `Hint: check the endpoint and network access to it` +
          (failure.kind === "timeout" ? "; raise timeoutMs and deadlineMs for slow links." : "."),
        method: request.method,
        resource,
        cause: err,
      });
      return { ok: false, error, retryable: failure.retryable };
    }
    const status = response.status;
    const secrets = [credentials.accessKeySecret, credentials.securityToken ?? "", authorizationSignature(signed[HEADER.authorization]) ?? ""];
    if (status >= 200 && status < 300) {
      // A success's request id is quoted by an InvalidResponse error and returned in results.
      const requestId = headerValue(response.headers, HEADER.requestId);
      if (requestId !== undefined) response.headers[HEADER.requestId] = redact(requestId, secrets);
      if (!response.truncated) return { ok: true, value: response };
      const cap = `${Math.round((request.maxBodyBytes ?? 0) / (1024 * 1024))} MiB`;
      return { ok: false, retryable: false, error: this.invalidResponse(request, response, `the response body is larger than ${cap}`) };
    }

    const error = parseError(response, { ...this.errorContext(request), secrets });
    if (error.code === "RequestTimeTooSkewed") {
      const serverMs = Date.parse(headerValue(response.headers, HEADER.date) ?? "");
      if (Number.isNaN(serverMs)) return { ok: false, error, retryable: false };
      this.clockOffsetMs = serverMs - this.now();
      return { ok: false, error, retryable: true, delayMs: 0 };
    }
    if (!isRetryableStatus(status)) return { ok: false, error, retryable: false };
    const retryAfter = parseRetryAfter(response.headers[HEADER.retryAfter], this.now(), BACKOFF_CAP_MS);
    return retryAfter === undefined
      ? { ok: false, error, retryable: true }
      : { ok: false, error, retryable: true, delayMs: retryAfter };
  }

  private tracked(sending: Promise<HttpResponse>): Promise<HttpResponse> {
    this.inFlight.add(sending);
    const done = (): void => void this.inFlight.delete(sending);
    sending.then(done, done);
    return sending;
  }

  private closedError(request: OssRequest, origin: string, cause?: unknown): OssError {
    const resource = describeResource(request);
    return new OssError({
      code: LOCAL_ERROR_CODES.network,
      message:
        `OSS ${request.operation} failed: ${request.method} ${resource} to ${origin}: the client was closed ` +
        `(close() lets requests in flight finish for closeGraceMs, ${this.closeGraceMs} ms, then ends them).`,
      method: request.method,
      resource,
      ...(cause !== undefined ? { cause } : {}),
    });
  }

  private errorContext(request: OssRequest): ErrorContext {
    return {
      operation: request.operation,
      method: request.method,
      resource: describeResource(request),
      hasKey: request.key !== undefined,
      credentialSource: this.credentials.describe(),
    };
  }

  /**
   * A write's result. OSS always answers a successful PutObject/PutSymlink with the new ETag; a
   * 200 without one did not come from OSS (a proxy, a stub) and proves nothing was stored.
   */
  private putResult(request: OssRequest, response: HttpResponse): PutResult {
    const etag = headerValue(response.headers, HEADER.etag);
    if (etag === undefined || etag === "") throw this.invalidResponse(request, response, "the response has no ETag header");
    const result: PutResult = { etag: normalizeEtag(etag) };
    setIfDefined(result, "crc64", headerValue(response.headers, HEADER.crc64));
    setIfDefined(result, "versionId", headerValue(response.headers, HEADER.versionId));
    setIfDefined(result, "requestId", headerValue(response.headers, HEADER.requestId));
    return result;
  }

  private parseBody<T>(request: OssRequest, response: HttpResponse, parse: (body: Buffer) => T): T {
    try {
      return parse(response.body);
    } catch (err) {
      if (err instanceof XmlShapeError) throw this.invalidResponse(request, response, err.message);
      throw err;
    }
  }

  /**
   * Compares `data` with the `x-oss-hash-crc64ecma` OSS sent for it (whole-object responses
   * only; absent on old objects and other services). A mismatch means the bytes changed in
   * transit: an OssError, never a silently corrupt result (docs/client.md).
   */
  private checkCrc64(request: OssRequest, response: HttpResponse, data: Buffer | string): void {
    const sent = headerValue(response.headers, HEADER.crc64);
    if (sent === undefined || response.status !== 200) return;
    const computed = crc64Ecma(typeof data === "string" ? Buffer.from(data, "utf8") : data);
    if (computed === sent.trim()) return;
    const requestId = headerValue(response.headers, HEADER.requestId);
    throw new OssError({
      code: LOCAL_ERROR_CODES.crcMismatch,
      message:
        `OSS ${request.operation} failed: ${request.method} ${describeResource(request)} → HTTP ${response.status}, ` +
        `but the data has CRC-64 ${computed} where OSS reports ${HEADER.crc64}: ${sent.trim()}; it was corrupted in transit` +
        (requestId !== undefined ? ` (request id ${requestId})` : "") +
        ". Hint: retry the call; if it persists, check proxies between you and OSS.",
      status: response.status,
      requestId,
      method: request.method,
      resource: describeResource(request),
    });
  }

  private invalidResponse(request: OssRequest, response: HttpResponse, why: string): OssError {
    const requestId = headerValue(response.headers, HEADER.requestId);
    return new OssError({
      code: LOCAL_ERROR_CODES.invalidResponse,
      message:
        `OSS ${request.operation} failed: ${request.method} ${describeResource(request)} → HTTP ${response.status}, ` +
        `but the response is not what OSS sends: ${why}` +
        (requestId !== undefined ? ` (request id ${requestId})` : "") +
        ". Hint: check that the endpoint is an OSS service.",
      status: response.status,
      requestId,
      method: request.method,
      resource: describeResource(request),
    });
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`OSS client option ${name} must be a positive number, got ${String(value)}.`);
  }
  return value;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`OSS client option ${name} must be zero or a positive number, got ${String(value)}.`);
  }
  return value;
}

function setIfDefined<T extends object, K extends keyof T>(target: T, name: K, value: T[K] | undefined): void {
  if (value !== undefined) target[name] = value;
}

function objectResult(response: HttpResponse): HeadObjectResult {
  const headers = response.headers;
  const length = Number(headerValue(headers, HEADER.contentLength) ?? "0");
  const result: HeadObjectResult = {
    etag: normalizeEtag(headerValue(headers, HEADER.etag) ?? ""),
    contentLength: Number.isFinite(length) ? length : 0,
    metadata: readMetadata(headers),
  };
  readContentHeaders(headers, result);
  setIfDefined(result, "crc64", headerValue(headers, HEADER.crc64));
  setIfDefined(result, "objectType", headerValue(headers, HEADER.objectType));
  setIfDefined(result, "storageClass", headerValue(headers, HEADER.storageClass));
  setIfDefined(result, "lastModified", headerValue(headers, HEADER.lastModified));
  setIfDefined(result, "versionId", headerValue(headers, HEADER.versionId));
  setIfDefined(result, "requestId", headerValue(headers, HEADER.requestId));
  return result;
}

/**
 * Creates an OSS client. Nothing is resolved or connected until the first call except the
 * endpoint, which is validated here.
 *
 * @throws TypeError for a malformed region, endpoint or option.
 */
export function createOssClient(options: OssClientOptions): OssClient {
  return new OssClient(options);
}
