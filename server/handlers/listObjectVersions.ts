/**
 * ListObjectVersions — `GET /?versions`: every version and delete marker of every key, newest
 * first within a key, with the shared listing rules (./listing.ts) and `key-marker` /
 * `version-id-marker` paging
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/listobjectversions).
 * Each PutSymlink on a versioned bucket is one `Version` with `Type` Symlink.
 */
import { requireList } from "../access";
import { xmlEscape } from "../encoding";
import { errors } from "../errors";
import type { Reply } from "../response";
import type { ObjectVersion } from "../store/types";
import type { HandlerContext } from "./context";
import { commonPrefixesXml, entryXml, listPage, listParams, rowKey } from "./listing";

interface Listed {
  version: ObjectVersion;
  isLatest: boolean;
}

/** Lists versions after (`key-marker`, `version-id-marker`). */
export function listObjectVersions(ctx: HandlerContext): Reply {
  requireList(ctx.principal, ctx.bucket);
  const q = ctx.req.query;
  const p = listParams(q);
  const keyMarker = q.get("key-marker") ?? "";
  const versionIdMarker = q.get("version-id-marker") ?? "";
  if (versionIdMarker !== "" && keyMarker === "") {
    throw errors.invalidArgument("A version-id marker cannot be specified without a key marker.", "version-id-marker", versionIdMarker);
  }
  const entries = (key: string): Listed[] => {
    const all = ctx.store.versions(ctx.bucket, key) ?? [];
    let from = 0;
    if (key === keyMarker && versionIdMarker !== "") {
      // An unknown version id leaves nothing of that key to list; the next keys follow.
      const i = all.findIndex((v) => v.versionId === versionIdMarker);
      from = i < 0 ? all.length : i + 1;
    }
    return all.slice(from).map((version) => ({ version, isLatest: version === all[0] }));
  };
  const page = listPage(ctx.store.versionedKeys(ctx.bucket, p.prefix), p,
    { after: keyMarker === "" ? undefined : keyMarker, includeAfter: versionIdMarker !== "" }, entries);

  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult>\n  <Name>${xmlEscape(ctx.bucket.state.name)}</Name>\n` +
    `  <Prefix>${p.enc(p.prefix)}</Prefix>\n  <KeyMarker>${p.enc(keyMarker)}</KeyMarker>\n` +
    `  <VersionIdMarker>${xmlEscape(versionIdMarker)}</VersionIdMarker>\n  <MaxKeys>${p.maxKeys}</MaxKeys>\n` +
    `  <Delimiter>${p.enc(p.delimiter)}</Delimiter>\n`;
  if (p.encodingType !== undefined) xml += `  <EncodingType>url</EncodingType>\n`;
  xml += `  <IsTruncated>${page.truncated}</IsTruncated>\n`;
  const last = page.rows.at(-1);
  if (page.truncated && last) {
    xml += `  <NextKeyMarker>${p.enc(rowKey(last))}</NextKeyMarker>\n`;
    if (last.kind === "entry") xml += `  <NextVersionIdMarker>${xmlEscape(last.item.version.versionId)}</NextVersionIdMarker>\n`;
  }
  for (const r of page.rows) {
    if (r.kind !== "entry") continue;
    const { version, isLatest } = r.item;
    xml += entryXml(version.deleteMarker ? "DeleteMarker" : "Version", r.key, version, p, { owner: true, isLatest });
  }
  xml += commonPrefixesXml(page.rows, p) + `</ListVersionsResult>\n`;
  return { status: 200, headers: { "content-type": "application/xml" }, body: xml };
}
