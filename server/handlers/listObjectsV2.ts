/** ListObjectsV2 — `GET /?list-type=2`: current, non-delete-marker versions only. */
import { requireList } from "../access";
import { strictEncode, utf8Compare, xmlEscape } from "../encoding";
import { errors } from "../errors";
import type { Reply } from "../response";
import type { HandlerContext } from "./context";
import { OWNER_ID } from "./objectAcl";

function parseMaxKeys(raw: string | undefined): number {
  if (raw === undefined) return 100;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) {
    throw errors.invalidArgument("max-keys must be an integer between 1 and 1000.", "max-keys", raw);
  }
  return Number(raw);
}

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
  const prefix = q.get("prefix") ?? "";
  const delimiter = q.get("delimiter") ?? "";
  const startAfter = q.get("start-after");
  const token = q.get("continuation-token");
  const maxKeys = parseMaxKeys(q.get("max-keys"));
  const encodingType = q.get("encoding-type");
  if (encodingType !== undefined && encodingType !== "url") throw errors.invalidArgument("encoding-type must be url.", "encoding-type", encodingType);
  const enc = (s: string): string => xmlEscape(encodingType === "url" ? strictEncode(s, true) : s);
  const fetchOwner = q.get("fetch-owner") === "true";
  const after = token !== undefined ? decodeToken(token) : startAfter;

  const contents: string[] = [];
  const prefixes: string[] = [];
  let count = 0;
  let truncated = false;
  let last = "";
  for (const key of ctx.store.liveKeys(ctx.bucket, prefix)) {
    if (after !== undefined && utf8Compare(key, after) <= 0) continue;
    // A page that ended on a common prefix resumes after every key under that prefix.
    if (after !== undefined && delimiter !== "" && after.endsWith(delimiter) && key.startsWith(after)) continue;
    let entry = key;
    if (delimiter !== "") {
      const i = key.indexOf(delimiter, prefix.length);
      if (i >= 0) entry = key.slice(0, i + delimiter.length);
    }
    if (entry !== key && prefixes.at(-1) === entry) continue;
    if (count === maxKeys) { truncated = true; break; }
    count++;
    if (entry !== key) {
      prefixes.push(entry);
      last = entry;
      continue;
    }
    last = key;
    const v = ctx.store.current(ctx.bucket, key)!;
    const size = v.type === "Symlink" ? 0 : (v.data?.length ?? 0);
    contents.push(
      `  <Contents>\n    <Key>${enc(key)}</Key>\n    <LastModified>${new Date(v.lastModified).toISOString()}</LastModified>\n` +
      `    <ETag>${xmlEscape(v.etag)}</ETag>\n    <Type>${v.type}</Type>\n    <Size>${size}</Size>\n    <StorageClass>${v.storageClass}</StorageClass>\n` +
      (fetchOwner ? `    <Owner>\n      <ID>${OWNER_ID}</ID>\n      <DisplayName>${OWNER_ID}</DisplayName>\n    </Owner>\n` : "") +
      `  </Contents>\n`,
    );
  }
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult>\n  <Name>${xmlEscape(ctx.bucket.state.name)}</Name>\n` +
    `  <Prefix>${enc(prefix)}</Prefix>\n`;
  if (startAfter !== undefined) xml += `  <StartAfter>${enc(startAfter)}</StartAfter>\n`;
  if (token !== undefined) xml += `  <ContinuationToken>${xmlEscape(token)}</ContinuationToken>\n`;
  xml += `  <MaxKeys>${maxKeys}</MaxKeys>\n`;
  if (delimiter !== "") xml += `  <Delimiter>${enc(delimiter)}</Delimiter>\n`;
  if (encodingType !== undefined) xml += `  <EncodingType>url</EncodingType>\n`;
  xml += `  <IsTruncated>${truncated}</IsTruncated>\n`;
  if (truncated) xml += `  <NextContinuationToken>${Buffer.from(last, "utf8").toString("base64url")}</NextContinuationToken>\n`;
  xml += `  <KeyCount>${count}</KeyCount>\n` + contents.join("");
  for (const p of prefixes) xml += `  <CommonPrefixes>\n    <Prefix>${enc(p)}</Prefix>\n  </CommonPrefixes>\n`;
  xml += `</ListBucketResult>\n`;
  return { status: 200, headers: { "content-type": "application/xml" }, body: xml };
}
