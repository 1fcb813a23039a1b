/**
 * The request pipeline: parse → count → faults → auth → bucket → handler → reply.
 * Faults are decided before anything else touches state, so a faulted request changes nothing.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolveAddress } from "./addressing";
import { authenticate, type AuthConfig } from "./auth/authenticate";
import { OssServerError, errors } from "./errors";
import type { FaultController } from "./faults";
import { deleteObject } from "./handlers/deleteObject";
import { getBucketVersioning, putBucketVersioning } from "./handlers/bucketVersioning";
import type { HandlerContext } from "./handlers/context";
import { getObject } from "./handlers/getObject";
import { getSymlink } from "./handlers/getSymlink";
import { listObjects } from "./handlers/listObjects";
import { listObjectVersions } from "./handlers/listObjectVersions";
import { listObjectsV2 } from "./handlers/listObjectsV2";
import { getObjectAcl, putObjectAcl } from "./handlers/objectAcl";
import { putObject } from "./handlers/putObject";
import { putSymlink } from "./handlers/putSymlink";
import { operationName, type OperationName } from "./operations";
import { collectHeaders, parseUrl, type OssRequest } from "./request";
import { nextRequestId, writeError, writeReply, type Reply, type ReplyMeta } from "./response";
import type { StatsCounter } from "./stats";
import type { ObjectStore } from "./store/objectStore";

/** Everything the pipeline needs from the server. */
export interface RouterDeps {
  store: ObjectStore;
  faults: FaultController;
  stats: StatsCounter;
  auth: AuthConfig;
  maxObjectBytes: number;
}

type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;

const HANDLERS: Partial<Record<OperationName, Handler>> = {
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: getObject,
  DeleteObject: deleteObject,
  PutSymlink: putSymlink,
  GetSymlink: getSymlink,
  PutObjectACL: putObjectAcl,
  GetObjectACL: getObjectAcl,
  PutBucketVersioning: putBucketVersioning,
  GetBucketVersioning: getBucketVersioning,
  ListObjectsV2: listObjectsV2,
  ListObjects: listObjects,
  ListObjectVersions: listObjectVersions,
};

/** Operations whose request body is read; every other body is discarded. */
const BODY_OPERATIONS: ReadonlySet<OperationName> = new Set(["PutObject", "PutBucketVersioning"]);

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) return Promise.reject(errors.entityTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(errors.entityTooLarge());
      } else chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Builds the `request` listener of the HTTP server. */
export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void route(deps, req, res).catch((e: unknown) => {
      // The client went away mid-request (e.g. while sending the body): nothing to answer.
      if (req.socket.destroyed || res.destroyed) return;
      // Last resort: never let a handler bug crash the server or leave a request hanging.
      process.stderr.write(`local OSS server: unexpected error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      if (!res.headersSent) {
        writeError(res, errors.internalError(), req.headers.host ?? "", { requestId: nextRequestId(), now: Date.now(), startedAt: Date.now(), head: req.method === "HEAD" });
      } else res.destroy();
    });
  };
}

async function route(deps: RouterDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = Date.now();
  const method = (req.method ?? "GET").toUpperCase();
  const host = req.headers.host ?? "";
  const meta: ReplyMeta = { requestId: nextRequestId(), now: startedAt + deps.faults.clockOffsetMs(), startedAt, head: method === "HEAD" };

  let early: OssServerError | undefined;
  let op: OperationName = "Unknown";
  let request: OssRequest | undefined;
  let bucketName: string | undefined;
  let key: string | undefined;
  try {
    const url = parseUrl(req.url ?? "/");
    const addr = resolveAddress(host, url.rawPath, (n) => deps.store.hasBucket(n));
    bucketName = addr.bucket;
    key = addr.key;
    op = operationName(method, bucketName, key, url.query);
    request = { id: meta.requestId, method, host, rawPath: url.rawPath, queryList: url.queryList, query: url.query, headers: collectHeaders(req), now: meta.now };
  } catch (e) {
    if (!(e instanceof OssServerError)) throw e;
    early = e;
  }

  deps.stats.count(op);
  const decision = deps.faults.decide(op);
  const delay = deps.faults.latency();
  if (delay > 0) await sleep(delay);
  if (decision.kind === "reset") {
    req.socket.destroy();
    return;
  }
  const hostId = host || "localhost";
  if (decision.kind === "error") {
    const err = decision.status === 500 ? errors.internalError()
      : decision.status === 503 ? errors.serviceUnavailable()
      : errors.qpsLimitExceeded(deps.faults.retryAfterSeconds());
    writeError(res, err, hostId, meta);
    return;
  }

  try {
    if (early || !request) throw early ?? errors.internalError();
    const principal = authenticate(request, bucketName, key, deps.auth);
    const handler = HANDLERS[op];
    if (!handler) throw errors.notImplemented(`${method} ${request.rawPath}${request.queryList.length ? "?" + request.queryList.map((q) => q.key).join("&") : ""}`);
    const bucket = deps.store.bucket(bucketName as string);
    const body = BODY_OPERATIONS.has(op) ? await readBody(req, deps.maxObjectBytes) : Buffer.alloc(0);
    const reply = await handler({ req: request, store: deps.store, bucket, key: key ?? "", principal, body });
    const crc = reply.headers?.["x-oss-hash-crc64ecma"];
    if (crc !== undefined && reply.headers) reply.headers["x-oss-hash-crc64ecma"] = deps.faults.crc64(crc);
    writeReply(res, reply, meta);
  } catch (e) {
    if (!(e instanceof OssServerError)) throw e;
    writeError(res, e, hostId, meta);
  }
}
