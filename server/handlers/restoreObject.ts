/**
 * RestoreObject — `POST /{key}?restore`, optional `<RestoreRequest><Days>n</Days></RestoreRequest>`
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/restoreobject). The first request
 * answers 202 and a repeated one on a restored object 200, extending the restore; an object that is
 * not Archive-class answers 400 `OperationNotSupported`. Unlike OSS, which takes minutes (Archive)
 * to hours (ColdArchive, DeepColdArchive), the restore completes at once (docs/server.md).
 */
import { errors, OssServerError } from "../errors";
import type { Reply } from "../response";
import { parseXmlBody, singleText } from "../xmlBody";
import { FROZEN_CLASSES } from "./archive";
import { addressedVersion, versionHeader, type HandlerContext } from "./context";

const DAY_MS = 24 * 60 * 60 * 1000;

/** `Days` of the request body: 1 when there is no body; 1 to 365. */
function restoreDays(body: Buffer): number {
  if (body.length === 0) return 1;
  const text = singleText(parseXmlBody(body, "RestoreRequest"), "Days");
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1 || days > 365) throw errors.invalidArgument("The Days must be an integer from 1 to 365.", "Days", text);
  return days;
}

/** Restores the addressed Archive-class object for `Days` days (at once, see above). */
export async function restoreObject(ctx: HandlerContext): Promise<Reply> {
  const v = addressedVersion(ctx, 405);
  if (v.type !== "Normal" || !FROZEN_CLASSES.has(v.storageClass)) {
    throw new OssServerError(400, "OperationNotSupported", "The operation is not supported for this resource", "");
  }
  const days = restoreDays(ctx.body);
  const restored = v.restoredUntil !== undefined && v.restoredUntil > ctx.req.now;
  await ctx.store.setRestoredUntil(ctx.bucket, ctx.key, () => addressedVersion(ctx, 405), ctx.req.now + days * DAY_MS);
  return { status: restored ? 200 : 202, headers: versionHeader(ctx, v.versionId) };
}
