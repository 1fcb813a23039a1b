/** DeleteObject — `DELETE /{key}[?versionId=]` (docs/oss.md §1.6). Always 204. */
import { requireDeleteVersion, requireWrite } from "../access";
import { errors } from "../errors";
import type { Reply } from "../response";
import type { HandlerContext } from "./context";

function isVisibleAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** Removes the object (Off), adds a delete marker (Enabled/Suspended) or removes one version. */
export async function deleteObject(ctx: HandlerContext): Promise<Reply> {
  const versionId = ctx.req.query.get("versionId");
  if (versionId !== undefined) requireDeleteVersion(ctx.principal);
  // Checked when the delete is decided, against the committed versions.
  const guard = (): void => {
    requireWrite(ctx.principal, ctx.bucket, ctx.store.current(ctx.bucket, ctx.key));
    if (ctx.bucket.state.locked) {
      const protectedVersion = versionId === undefined ? ctx.store.exists(ctx.bucket, ctx.key) : ctx.store.version(ctx.bucket, ctx.key, versionId)?.deleteMarker === false;
      if (protectedVersion) throw errors.fileImmutable();
    }
  };
  const r = versionId === undefined
    ? await ctx.store.deleteCurrent(ctx.bucket, ctx.key, ctx.req.now, guard)
    : await ctx.store.deleteVersion(ctx.bucket, ctx.key, versionId, guard);
  const headers: Record<string, string> = {};
  // The id is echoed as sent when no such version exists; one that cannot be a header value
  // (ours are base64url) is not echoed rather than failing the reply.
  if (r.versionId !== undefined && ctx.bucket.state.versioning !== "Off" && isVisibleAscii(r.versionId)) headers["x-oss-version-id"] = r.versionId;
  if (r.deleteMarker) headers["x-oss-delete-marker"] = "true";
  return { status: 204, headers };
}
