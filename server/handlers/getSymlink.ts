/** GetSymlink — `GET /{key}?symlink` (docs/oss.md §1.3). */
import { requireRead } from "../access";
import { strictEncode } from "../encoding";
import { errors } from "../errors";
import type { Reply } from "../response";
import { addressedVersion, versionHeader, type HandlerContext } from "./context";

/** Returns the link's target (strictly percent-encoded, `/` kept) and the link's own metadata. */
export function getSymlink(ctx: HandlerContext): Reply {
  const v = addressedVersion(ctx, 405);
  requireRead(ctx.principal, ctx.bucket, v);
  if (v.type !== "Symlink" || v.target === undefined) throw errors.notSymlink();
  return {
    status: 200,
    headers: {
      "x-oss-symlink-target": strictEncode(v.target, true),
      etag: v.etag,
      "last-modified": new Date(v.lastModified).toUTCString(),
      "content-type": "application/octet-stream",
      ...v.headers,
      ...v.userMeta,
      ...versionHeader(ctx, v.versionId),
    },
  };
}
