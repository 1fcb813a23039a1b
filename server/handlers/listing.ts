/**
 * One listing concept behind ListObjects (v1), ListObjectsV2 and ListObjectVersions: keys in
 * UTF-8 byte order under a prefix, resumed after a marker, rolled up into CommonPrefixes at the
 * delimiter, cut at max-keys. Each handler only chooses the keys, the entries of each key (its
 * current version, or all its versions) and the response shape.
 */
import { strictEncode, utf8Compare, xmlEscape } from "../encoding";
import { errors } from "../errors";
import type { ObjectVersion } from "../store/types";
import { OWNER_ID } from "./objectAcl";

/** The parameters every listing shares. */
interface ListParams {
  prefix: string;
  /** "" when none. */
  delimiter: string;
  maxKeys: number;
  /** `url` when keys, prefixes and markers in the response are percent-encoded. */
  encodingType?: "url";
  /** Text for an XML element: escaped, and percent-encoded first under `encoding-type=url`. */
  enc(value: string): string;
}

function parseMaxKeys(raw: string | undefined): number {
  if (raw === undefined) return 100;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) {
    throw errors.invalidArgument("max-keys must be an integer between 1 and 1000.", "max-keys", raw);
  }
  return Number(raw);
}

/** Reads `prefix`, `delimiter`, `max-keys` (1–1000, default 100) and `encoding-type`. */
export function listParams(q: ReadonlyMap<string, string>): ListParams {
  const encodingType = q.get("encoding-type");
  if (encodingType !== undefined && encodingType !== "url") {
    throw errors.invalidArgument("encoding-type must be url.", "encoding-type", encodingType);
  }
  return {
    prefix: q.get("prefix") ?? "",
    delimiter: q.get("delimiter") ?? "",
    maxKeys: parseMaxKeys(q.get("max-keys")),
    encodingType,
    enc: (s) => xmlEscape(encodingType === "url" ? strictEncode(s, true) : s),
  };
}

/** One row of a page: a common prefix, or one entry (a version) of a key. */
type Row<T> = { kind: "prefix"; prefix: string } | { kind: "entry"; key: string; item: T };

/** A page of rows; `truncated` when more rows follow the last one. */
interface Page<T> {
  rows: Array<Row<T>>;
  truncated: boolean;
}

/** Where a page starts. */
interface Resume {
  /** Rows of keys up to and including this one are skipped (and every key under it when it is a common prefix). */
  after?: string;
  /** Keep the `after` key itself; its `entries` then decide which of its rows remain (version-id-marker). */
  includeAfter?: boolean;
}

/**
 * Walks `keys` (sorted in UTF-8 order) into one page. `entries(key)` gives the rows of one key;
 * each entry and each common prefix counts towards max-keys.
 */
export function listPage<T>(keys: readonly string[], p: ListParams, resume: Resume, entries: (key: string) => readonly T[]): Page<T> {
  const rows: Array<Row<T>> = [];
  const { after } = resume;
  // A page that ended on a common prefix resumes after every key under that prefix.
  const skipUnder = after !== undefined && p.delimiter !== "" && after.endsWith(p.delimiter) ? after : undefined;
  let lastPrefix: string | undefined;
  for (const key of keys) {
    if (!key.startsWith(p.prefix)) continue;
    if (after !== undefined) {
      const c = utf8Compare(key, after);
      if (c < 0 || (c === 0 && resume.includeAfter !== true)) continue;
      if (skipUnder !== undefined && key.startsWith(skipUnder)) continue;
    }
    const cut = p.delimiter === "" ? -1 : key.indexOf(p.delimiter, p.prefix.length);
    if (cut >= 0) {
      const prefix = key.slice(0, cut + p.delimiter.length);
      if (prefix === lastPrefix) continue;
      if (rows.length === p.maxKeys) return { rows, truncated: true };
      rows.push({ kind: "prefix", prefix });
      lastPrefix = prefix;
      continue;
    }
    for (const item of entries(key)) {
      if (rows.length === p.maxKeys) return { rows, truncated: true };
      rows.push({ kind: "entry", key, item });
    }
  }
  return { rows, truncated: false };
}

/** The key or common prefix of a row (what a next marker names). */
export function rowKey<T>(row: Row<T>): string {
  return row.kind === "prefix" ? row.prefix : row.key;
}

const OWNER_XML = `    <Owner>\n      <ID>${OWNER_ID}</ID>\n      <DisplayName>${OWNER_ID}</DisplayName>\n    </Owner>\n`;

/**
 * The fields of one listed object or version, in OSS's order: Key, [VersionId, IsLatest],
 * LastModified, then ETag, Type, Size (0 for links), StorageClass unless it is a delete marker,
 * then Owner when asked for.
 */
export function entryXml(
  tag: "Contents" | "Version" | "DeleteMarker",
  key: string,
  v: ObjectVersion,
  p: ListParams,
  opts: { owner: boolean; isLatest?: boolean },
): string {
  let xml = `  <${tag}>\n    <Key>${p.enc(key)}</Key>\n`;
  if (opts.isLatest !== undefined) xml += `    <VersionId>${xmlEscape(v.versionId)}</VersionId>\n    <IsLatest>${opts.isLatest}</IsLatest>\n`;
  xml += `    <LastModified>${new Date(v.lastModified).toISOString()}</LastModified>\n`;
  if (!v.deleteMarker) {
    const size = v.type === "Symlink" ? 0 : (v.data?.length ?? 0);
    xml += `    <ETag>${xmlEscape(v.etag)}</ETag>\n    <Type>${v.type}</Type>\n    <Size>${size}</Size>\n    <StorageClass>${v.storageClass}</StorageClass>\n`;
  }
  if (opts.owner) xml += OWNER_XML;
  return xml + `  </${tag}>\n`;
}

/** `<CommonPrefixes>` elements for the prefix rows of a page. */
export function commonPrefixesXml<T>(rows: ReadonlyArray<Row<T>>, p: ListParams): string {
  let xml = "";
  for (const r of rows) if (r.kind === "prefix") xml += `  <CommonPrefixes>\n    <Prefix>${p.enc(r.prefix)}</Prefix>\n  </CommonPrefixes>\n`;
  return xml;
}
