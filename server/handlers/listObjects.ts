/**
 * ListObjects (v1) — `GET /` with `prefix`, `marker`, `delimiter`, `max-keys`, `encoding-type`:
 * the same listing as ListObjectsV2 (./listing.ts) in the v1 shape, `Marker`/`NextMarker` and
 * an `Owner` on every entry (https://www.alibabacloud.com/help/en/oss/developer-reference/listobjects).
 */
import { requireList } from "../access";
import { xmlEscape } from "../encoding";
import type { Reply } from "../response";
import type { HandlerContext } from "./context";
import { commonPrefixesXml, entryXml, listPage, listParams, rowKey } from "./listing";

/** Lists current, non-delete-marker versions after `marker`. */
export function listObjects(ctx: HandlerContext): Reply {
  requireList(ctx.principal, ctx.bucket);
  const p = listParams(ctx.req.query);
  const marker = ctx.req.query.get("marker") ?? "";
  const page = listPage(ctx.store.liveKeys(ctx.bucket, p.prefix), p, { after: marker === "" ? undefined : marker },
    (key) => [ctx.store.current(ctx.bucket, key)!]);
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult>\n  <Name>${xmlEscape(ctx.bucket.state.name)}</Name>\n` +
    `  <Prefix>${p.enc(p.prefix)}</Prefix>\n  <Marker>${p.enc(marker)}</Marker>\n  <MaxKeys>${p.maxKeys}</MaxKeys>\n` +
    `  <Delimiter>${p.enc(p.delimiter)}</Delimiter>\n`;
  if (p.encodingType !== undefined) xml += `  <EncodingType>url</EncodingType>\n`;
  xml += `  <IsTruncated>${page.truncated}</IsTruncated>\n`;
  const last = page.rows.at(-1);
  if (page.truncated && last) xml += `  <NextMarker>${p.enc(rowKey(last))}</NextMarker>\n`;
  for (const r of page.rows) if (r.kind === "entry") xml += entryXml("Contents", r.key, r.item, p, { owner: true });
  xml += commonPrefixesXml(page.rows, p) + `</ListBucketResult>\n`;
  return { status: 200, headers: { "content-type": "application/xml" }, body: xml };
}
