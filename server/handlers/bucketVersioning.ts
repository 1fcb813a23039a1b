/** PutBucketVersioning / GetBucketVersioning — `?versioning`. */
import { errors } from "../errors";
import type { Reply } from "../response";
import { parseXmlBody, singleText } from "../xmlBody";
import type { HandlerContext } from "./context";

/** `<VersioningConfiguration>` with `<Status>`, or empty when versioning was never enabled. */
export function getBucketVersioning(ctx: HandlerContext): Reply {
  const s = ctx.bucket.state.versioning;
  const inner = s === "Off" ? "" : `\n  <Status>${s}</Status>\n`;
  return {
    status: 200,
    headers: { "content-type": "application/xml" },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration>${inner}</VersioningConfiguration>\n`,
  };
}

/** Accepts `Enabled` or `Suspended`; a bucket can never go back to Off. */
export async function putBucketVersioning(ctx: HandlerContext): Promise<Reply> {
  const status = singleText(parseXmlBody(ctx.body, "VersioningConfiguration"), "Status");
  if (status !== "Enabled" && status !== "Suspended") throw errors.invalidArgument("Versioning status must be Enabled or Suspended.", "Status", status);
  await ctx.store.setVersioning(ctx.bucket, status);
  return { status: 200 };
}
