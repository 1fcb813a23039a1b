/** ListObjectsV2 — `GET /?list-type=2`: current, non-delete-marker versions only. */
import { requireList } from "../access";
import { xmlEscape } from "../encoding";
import { errors } from "../errors";
import type { Reply } from "../response";
import type { HandlerContext } from "./context";
import { commonPrefixesXml, entryXml, listPage, listParams, rowKey } from "./listing";

function decodeToken(token: string): string {
  const decoded = Buffer.from(token, "base64url").toString("utf8");
  if (token === "" || Buffer.from(decoded, "utf8").toString("base64url") !== token) {
    throw errors.invalidArgument("The continuation token provided is incorrect.", "continuation-token", token);
  }
  return decoded;
}

/** Lists keys under `prefix` after `start-after`/`continuation-token`, grouping by `delimiter`. */
export function listObjectsV2(ctx: HandlerContext): Reply {
  requireList(ctx.principal, ctx.bucket);
  const q = ctx.req.query;
  const p = listParams(q);
  const startAfter = q.get("start-after");
  const token = q.get("continuation-token");
  const fetchOwner = q.get("fetch-owner") === "true";
  const after = token !== undefined ? decodeToken(token) : startAfter;

  const page = listPage(ctx.store.liveKeys(ctx.bucket, p.prefix), p, { after }, (key) => [ctx.store.current(ctx.bucket, key)!]);
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult>\n  <Name>${xmlEscape(ctx.bucket.state.name)}</Name>\n` +
    `  <Prefix>${p.enc(p.prefix)}</Prefix>\n`;
  if (startAfter !== undefined) xml += `  <StartAfter>${p.enc(startAfter)}</StartAfter>\n`;
  if (token !== undefined) xml += `  <ContinuationToken>${xmlEscape(token)}</ContinuationToken>\n`;
  xml += `  <MaxKeys>${p.maxKeys}</MaxKeys>\n`;
  if (p.delimiter !== "") xml += `  <Delimiter>${p.enc(p.delimiter)}</Delimiter>\n`;
  if (p.encodingType !== undefined) xml += `  <EncodingType>url</EncodingType>\n`;
  xml += `  <IsTruncated>${page.truncated}</IsTruncated>\n`;
  const last = page.rows.at(-1);
  if (page.truncated && last) xml += `  <NextContinuationToken>${Buffer.from(rowKey(last), "utf8").toString("base64url")}</NextContinuationToken>\n`;
  xml += `  <KeyCount>${page.rows.length}</KeyCount>\n`;
  for (const r of page.rows) if (r.kind === "entry") xml += entryXml("Contents", r.key, r.item, p, { owner: fetchOwner });
  xml += commonPrefixesXml(page.rows, p) + `</ListBucketResult>\n`;
  return { status: 200, headers: { "content-type": "application/xml" }, body: xml };
}
