/** PutObjectACL / GetObjectACL — `?acl` (docs/oss.md §1.7). */
import type { Reply } from "../response";
import { parseObjectAcl } from "../validation";
import { addressedVersion, type HandlerContext } from "./context";

/** The owner shown in ACL documents. */
export const OWNER_ID = "1000000000000000";

/** Changes the addressed version's ACL in place (no new version; docs/server.md, "Choices on points the documentation leaves open"). */
export async function putObjectAcl(ctx: HandlerContext): Promise<Reply> {
  const acl = parseObjectAcl(ctx.req.headers["x-oss-object-acl"], true);
  const r = await ctx.store.setAcl(ctx.bucket, ctx.key, () => addressedVersion(ctx, 405), acl);
  const versionId = ctx.req.query.get("versionId");
  return { status: 200, headers: versionId !== undefined && r.versionId !== undefined ? { "x-oss-version-id": r.versionId } : {} };
}

/** Returns the addressed version's own ACL (`default` when it inherits the bucket's). */
export function getObjectAcl(ctx: HandlerContext): Reply {
  const v = addressedVersion(ctx, 404);
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<AccessControlPolicy>\n  <Owner>\n    <ID>${OWNER_ID}</ID>\n    <DisplayName>${OWNER_ID}</DisplayName>\n  </Owner>\n` +
    `  <AccessControlList>\n    <Grant>${v.acl}</Grant>\n  </AccessControlList>\n</AccessControlPolicy>\n`;
  const headers: Record<string, string> = { "content-type": "application/xml" };
  if (ctx.req.query.get("versionId") !== undefined) headers["x-oss-version-id"] = v.versionId;
  return { status: 200, headers, body };
}
