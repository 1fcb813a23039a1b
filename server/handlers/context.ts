/** What every handler receives. */
import { absent, requireWrite } from "../access";
import type { Principal } from "../auth/authenticate";
import type { OssRequest } from "../request";
import type { BucketRecord, ObjectStore } from "../store/objectStore";
import type { ObjectVersion } from "../store/types";
import { crc64 } from "../crc64";
import { errors, type OssServerError } from "../errors";
import { forbidOverwrite } from "../validation";

/** The response header carrying an object's CRC-64 (server/crc64.ts). */
export const CRC64_HEADER = "x-oss-hash-crc64ecma";

/** A normal object's CRC-64, computed once for versions stored before the field existed. */
export function versionCrc64(v: ObjectVersion): string {
  v.crc64 ??= crc64(v.data ?? Buffer.alloc(0));
  return v.crc64;
}

/** A request addressed to an existing bucket (and, for object operations, a key). */
export interface HandlerContext {
  req: OssRequest;
  store: ObjectStore;
  bucket: BucketRecord;
  /** Decoded key; "" for bucket operations. */
  key: string;
  principal: Principal;
  /** Request body (PutObject, PutBucketVersioning); empty otherwise. */
  body: Buffer;
}

/** Header `x-oss-version-id`, only once the bucket has ever had versioning on. */
export function versionHeader(ctx: HandlerContext, versionId: string | undefined): Record<string, string> {
  return versionId !== undefined && ctx.bucket.state.versioning !== "Off" ? { "x-oss-version-id": versionId } : {};
}

/**
 * The version a read addresses: `?versionId=` or the current one. A current delete marker is
 * 404 NoSuchKey with `x-oss-delete-marker`; an addressed delete marker is 405 for
 * GET/HEAD/PutObjectACL/GetSymlink and 404 for GetObjectACL (docs/oss.md §1.8). A caller who may
 * not list the bucket gets AccessDenied for all of these instead (see `absent` in server/access.ts).
 */
export function addressedVersion(ctx: HandlerContext, markerByIdStatus: 404 | 405): ObjectVersion {
  const hide = (e: OssServerError): OssServerError => absent(ctx.principal, ctx.bucket, e);
  const versionId = ctx.req.query.get("versionId");
  if (versionId !== undefined) {
    if (versionId === "") throw errors.invalidArgument("versionId must not be empty.", "versionId", "");
    const v = ctx.store.version(ctx.bucket, ctx.key, versionId);
    if (!v) throw hide(errors.noSuchVersion(ctx.key, versionId));
    if (v.deleteMarker) {
      if (markerByIdStatus === 405) throw hide(errors.methodNotAllowedMarker(ctx.req.method, v.versionId));
      throw hide(errors.noSuchKey(ctx.key, { "x-oss-delete-marker": "true", "x-oss-version-id": v.versionId }));
    }
    return v;
  }
  const cur = ctx.store.current(ctx.bucket, ctx.key);
  if (!cur) throw hide(errors.noSuchKey(ctx.key));
  if (cur.deleteMarker) throw hide(errors.noSuchKey(ctx.key, { "x-oss-delete-marker": "true", "x-oss-version-id": cur.versionId }));
  return cur;
}

/**
 * Checks before PutObject/PutSymlink replaces the key: the caller may write, a WORM bucket
 * keeps a live object, and `x-oss-forbid-overwrite` (ignored once versioning is Enabled or
 * Suspended, docs/oss.md §1.2) keeps one too.
 */
export function checkOverwrite(ctx: HandlerContext): void {
  requireWrite(ctx.principal, ctx.bucket, ctx.store.current(ctx.bucket, ctx.key));
  const live = ctx.store.exists(ctx.bucket, ctx.key);
  if (ctx.bucket.state.locked && live) throw errors.fileImmutable();
  if (forbidOverwrite(ctx.req.headers["x-oss-forbid-overwrite"]) && ctx.bucket.state.versioning === "Off" && live) {
    throw errors.fileAlreadyExists();
  }
}
