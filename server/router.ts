/**
 * The request pipeline: parse → count → faults → auth → bucket → body → handler → reply. What
 * differs per operation (name, handler, body cap, owner-only) is read from its row of the
 * operation table (server/operations.ts).
 * Faults are decided before anything else touches state, so a faulted request changes nothing.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { requireOwner, requireSessionPolicy } from "./access";
import { resolveAddress } from "./addressing";
import { readBody } from "./readBody";
import { authenticate, type AuthConfig } from "./auth/authenticate";
import { OssServerError, errors } from "./errors";
import type { FaultController } from "./faults";
import { selectOperation, type Operation, type OperationName } from "./operations";
import { collectHeaders, parseUrl, repeatedHeaderNames, type OssRequest } from "./request";
import { nextRequestId, writeError, writeReply, type ReplyMeta } from "./response";
import type { StatsCounter } from "./stats";
import type { ObjectStore } from "./store/objectStore";
import { XML_BODY_MAX_BYTES } from "./xmlBody";

/** Everything the pipeline needs from the server. */
interface RouterDeps {
  store: ObjectStore;
  faults: FaultController;
  stats: StatsCounter;
  auth: AuthConfig;
  maxObjectBytes: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
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
  let operation: Operation<OperationName> | undefined;
  let request: OssRequest | undefined;
  let bucketName: string | undefined;
  let key: string | undefined;
  try {
    const url = parseUrl(req.url ?? "/");
    const addr = resolveAddress(host, url.rawPath, (n) => deps.store.hasBucket(n));
    bucketName = addr.bucket;
    key = addr.key;
    operation = selectOperation(method, bucketName, key, url.query);
    op = operation.name;
    request = { id: meta.requestId, method, host, rawPath: url.rawPath, queryList: url.queryList, query: url.query, headers: collectHeaders(req), repeatedHeaders: repeatedHeaderNames(req), now: meta.now };
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
    if (early || !request || !operation) throw early ?? errors.internalError();
    const caller = authenticate(request, bucketName, key, deps.auth);
    const principal = caller.principal;
    const handler = operation.handler;
    if (!handler) throw errors.notImplemented(`${method} ${request.rawPath}${request.queryList.length ? "?" + request.queryList.map((q) => q.key).join("&") : ""}`);
    requireSessionPolicy(caller, operation, request.query, deps.auth.region, bucketName as string, key);
    const bucket = deps.store.bucket(bucketName as string);
    const body = await readBody(req, operation.body === "object" ? deps.maxObjectBytes : XML_BODY_MAX_BYTES, errors.entityTooLarge);
    if (!operation.anonymous) requireOwner(principal);
    const reply = await handler({ req: request, store: deps.store, bucket, key: key ?? "", principal, body });
    const crc = reply.headers?.["x-oss-hash-crc64ecma"];
    if (crc !== undefined && reply.headers) reply.headers["x-oss-hash-crc64ecma"] = deps.faults.crc64(crc);
    writeReply(res, reply, meta);
  } catch (e) {
    if (!(e instanceof OssServerError)) throw e;
    writeError(res, e, hostId, meta);
  }
}
