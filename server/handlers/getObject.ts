/** GetObject / HeadObject — `GET|HEAD /{key}`, following symlinks (docs/oss.md §1.4, §1.5). */
import { absent, requireRead } from "../access";
import { OssServerError, errors } from "../errors";
import type { Reply } from "../response";
import type { ObjectVersion } from "../store/types";
import { isFrozen, restoreHeader } from "./archive";
import { CRC64_HEADER, addressedVersion, versionCrc64, versionHeader, type HandlerContext } from "./context";

/** The addressed version and, for a symlink, the target's current version whose bytes are served. */
interface Resolved {
  link?: ObjectVersion;
  object: ObjectVersion;
}

function resolve(ctx: HandlerContext): Resolved {
  const v = addressedVersion(ctx, 405);
  requireRead(ctx.principal, ctx.bucket, v);
  if (v.type !== "Symlink") {
    // A frozen object's metadata answers a HEAD; its bytes need a restore (server/handlers/archive.ts).
    if (ctx.req.method === "GET" && isFrozen(v, ctx.req.now)) throw errors.invalidObjectState();
    return { object: v };
  }
  const target = ctx.store.current(ctx.bucket, v.target ?? "");
  // A target whose current version is a delete marker counts as missing (docs/server.md, "Choices on points the documentation leaves open").
  if (!target || target.deleteMarker) throw absent(ctx.principal, ctx.bucket, errors.symlinkTargetNotExist(v.target ?? ""));
  requireRead(ctx.principal, ctx.bucket, target);
  if (target.type === "Symlink") throw errors.invalidTargetType();
  if (isFrozen(target, ctx.req.now)) throw errors.invalidObjectState();
  return { link: v, object: target };
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined | "unsatisfiable" {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Malformed or multi-range headers are ignored and the whole object is returned, as OSS does.
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

/** 304/412 per the conditional headers, compared against what the response reports. */
function checkConditions(ctx: HandlerContext, etag: string, lastModified: number): Reply | undefined {
  const h = ctx.req.headers;
  const seconds = Math.floor(lastModified / 1000) * 1000;
  const ifMatch = h["if-match"];
  if (ifMatch !== undefined && ifMatch.trim() !== "*" && !ifMatch.split(",").some((t) => t.trim() === etag)) {
    throw new OssServerError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.", "0026-00000004", [["Condition", "If-Match"]]);
  }
  const ifUnmod = h["if-unmodified-since"];
  if (ifMatch === undefined && ifUnmod !== undefined && !Number.isNaN(Date.parse(ifUnmod)) && seconds > Date.parse(ifUnmod)) {
    throw new OssServerError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.", "0026-00000004", [["Condition", "If-Unmodified-Since"]]);
  }
  const ifNone = h["if-none-match"];
  if (ifNone !== undefined && (ifNone.trim() === "*" || ifNone.split(",").some((t) => t.trim() === etag))) {
    return { status: 304, headers: { etag } };
  }
  const ifMod = h["if-modified-since"];
  if (ifNone === undefined && ifMod !== undefined && !Number.isNaN(Date.parse(ifMod)) && seconds <= Date.parse(ifMod)) {
    return { status: 304, headers: { etag } };
  }
  return undefined;
}

/** Serves GET and HEAD: content, length, ETag, MD5, storage class from the target; the rest from the link. */
export function getObject(ctx: HandlerContext): Reply {
  const { link, object } = resolve(ctx);
  const meta = link ?? object;
  const data = object.data ?? Buffer.alloc(0);
  const lastModified = link ? Math.max(link.lastModified, object.lastModified) : object.lastModified;
  const notModified = checkConditions(ctx, object.etag, lastModified);
  if (notModified) return notModified;
  const headers: Record<string, string> = {
    "content-type": "application/octet-stream",
    ...meta.headers,
    ...meta.userMeta,
    etag: object.etag,
    "last-modified": new Date(lastModified).toUTCString(),
    "x-oss-object-type": link ? "Symlink" : object.type,
    "x-oss-storage-class": object.storageClass,
    "accept-ranges": "bytes",
    // The CRC of the bytes served, so the target's through a link (SDKs check it against the
    // body they read, docs/server.md). A range response carries the whole object's (the CRC-64 page).
    [CRC64_HEADER]: versionCrc64(object),
    // Reported for the object itself; what OSS reports through a link is not documented.
    ...(link ? {} : restoreHeader(object, ctx.req.now)),
    ...versionHeader(ctx, meta.versionId),
  };
  if (object.contentMd5 !== undefined) headers["content-md5"] = object.contentMd5;
  const range = parseRange(ctx.req.method === "GET" ? ctx.req.headers["range"] : undefined, data.length);
  if (range === "unsatisfiable") {
    throw new OssServerError(416, "InvalidRange", "The requested range cannot be satisfied.", "0017-00000101", [["ActualObjectSize", String(data.length)]]);
  }
  if (range !== undefined) {
    headers["content-range"] = `bytes ${range.start}-${range.end}/${data.length}`;
    const slice = data.subarray(range.start, range.end + 1);
    headers["content-length"] = String(slice.length);
    return { status: 206, headers, body: slice };
  }
  headers["content-length"] = String(data.length);
  return { status: 200, headers, body: data };
}
