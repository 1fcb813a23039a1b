/**
 * The few XML documents OSS exchanges with this client, on one shared fast-xml-parser instance
 * (building a parser per response costs more than parsing these small documents). The parser is
 * loaded by the first document read: a `pulumi up` whose writes all succeed reads none, and the
 * module adds ~4 MB to the provider process (docs/performance.md).
 */
import type * as FastXmlParser from "fast-xml-parser";
import { OBJECT_ACLS, type ObjectAcl } from "./constants";
import type { ListObjectsV2Result, ListedObject, VersioningStatus } from "./clientTypes";
import { normalizeEtag } from "./metadata";

const ARRAY_ELEMENTS: ReadonlySet<string> = new Set(["Contents", "CommonPrefixes", "Grant"]);

let loaded: { parser: FastXmlParser.XMLParser; validator: typeof FastXmlParser.XMLValidator } | undefined;

/** The shared parser and validator, the module loaded on the first call. */
function fastXmlParser(): NonNullable<typeof loaded> {
  if (loaded !== undefined) return loaded;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { XMLParser, XMLValidator } = require("fast-xml-parser") as typeof FastXmlParser;
  const parser = new XMLParser({
    ignoreAttributes: true,
    // Keep every value a string: keys like "007" and ETags must not become numbers.
    parseTagValue: false,
    // Keys may begin or end with spaces; trimming would change them.
    trimValues: false,
    // Numeric character references (&#12; &#x4E2D;) appear in keys; decode them too.
    htmlEntities: true,
    isArray: (name) => ARRAY_ELEMENTS.has(name),
  });
  loaded = { parser, validator: XMLValidator };
  return loaded;
}

/** A parsed element: text, or children by name (`#text` holds mixed-content whitespace). */
type XmlNode = string | { [name: string]: XmlNode | XmlNode[] | undefined };

/** Thrown for a body that is not the XML document we expected. */
export class XmlShapeError extends Error {
  override readonly name = "XmlShapeError";
}

/** Parses `body`; throws `XmlShapeError` if it is not well-formed XML. */
function parseXml(body: Buffer | string, validate = false): Record<string, XmlNode | XmlNode[] | undefined> {
  const text = typeof body === "string" ? body : body.toString("utf8");
  if (validate) {
    const result = fastXmlParser().validator.validate(text);
    if (result !== true) throw new XmlShapeError(`malformed XML: ${result.err.msg}`);
  }
  let parsed: unknown;
  try {
    parsed = fastXmlParser().parser.parse(text);
  } catch (err) {
    throw new XmlShapeError(`malformed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== "object" || parsed === null) throw new XmlShapeError("empty XML document");
  return parsed as Record<string, XmlNode | XmlNode[] | undefined>;
}

/** The element `name` under `node` as an object, or throws naming what is missing. */
function xmlChild(node: XmlNode | XmlNode[] | undefined, name: string): { [name: string]: XmlNode | XmlNode[] | undefined } {
  const child = isElement(node) ? node[name] : undefined;
  // An empty element (<Foo/>, or whitespace only) parses as a string: an element without children.
  if (typeof child === "string" && child.trim() === "") return {};
  if (!isElement(child)) throw new XmlShapeError(`missing <${name}> element`);
  return child;
}

/** Text of the element `name` under `node`; `undefined` when absent. */
function xmlText(node: XmlNode | XmlNode[] | undefined, name: string): string | undefined {
  if (!isElement(node)) return undefined;
  const child = node[name];
  if (typeof child === "string") return child;
  if (Array.isArray(child)) {
    const first = child[0];
    return typeof first === "string" ? first : undefined;
  }
  // <Foo></Foo> with whitespace only may come back as an object holding just #text.
  if (isElement(child) && typeof child["#text"] === "string" && Object.keys(child).length === 1) {
    return child["#text"];
  }
  return undefined;
}

function isElement(node: XmlNode | XmlNode[] | undefined): node is { [name: string]: XmlNode | XmlNode[] | undefined } {
  return typeof node === "object" && node !== null && !Array.isArray(node);
}

function asArray(node: XmlNode | XmlNode[] | undefined): XmlNode[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

/** The fields of an OSS `<Error>` document that are safe to show. */
export interface ErrorDocument {
  code?: string;
  message?: string;
  requestId?: string;
  hostId?: string;
  ec?: string;
  /** Values of `SignatureProvided`, `StringToSign`, `StringToSignBytes`: for scrubbing, never shown. */
  secrets: string[];
}

const SECRET_ERROR_FIELDS = ["SignatureProvided", "StringToSign", "StringToSignBytes", "CanonicalRequest"] as const;

/** Reads an OSS error document (docs/oss.md §3.1). Throws `XmlShapeError` if it is not one. */
export function parseErrorXml(body: Buffer | string): ErrorDocument {
  const root = parseXml(body, true);
  const error = root["Error"];
  if (!isElement(error)) throw new XmlShapeError("no <Error> element");
  const secrets: string[] = [];
  for (const field of SECRET_ERROR_FIELDS) {
    const value = xmlText(error, field);
    if (value !== undefined && value.length > 0) secrets.push(value);
  }
  return {
    code: xmlText(error, "Code")?.trim(),
    message: xmlText(error, "Message")?.trim(),
    requestId: xmlText(error, "RequestId")?.trim(),
    hostId: xmlText(error, "HostId")?.trim(),
    ec: xmlText(error, "EC")?.trim(),
    secrets,
  };
}

const ACLS: ReadonlySet<string> = new Set(OBJECT_ACLS);

/** `<AccessControlPolicy><AccessControlList><Grant>` of GetObjectACL. */
export function parseAclXml(body: Buffer): ObjectAcl {
  const policy = xmlChild(parseXml(body), "AccessControlPolicy");
  const grant = xmlText(xmlChild(policy, "AccessControlList"), "Grant")?.trim();
  if (grant === undefined || !ACLS.has(grant)) {
    throw new XmlShapeError(`unexpected <Grant> value ${JSON.stringify(grant)}`);
  }
  return grant as ObjectAcl;
}

/** `<VersioningConfiguration><Status>`; a bucket that never had versioning has no Status: "Off". */
export function parseVersioningXml(body: Buffer): VersioningStatus {
  const config = xmlChild(parseXml(body), "VersioningConfiguration");
  const status = xmlText(config, "Status")?.trim();
  if (status === undefined || status === "") return "Off";
  if (status === "Enabled" || status === "Suspended") return status;
  throw new XmlShapeError(`unexpected versioning <Status> ${JSON.stringify(status)}`);
}

/** Body of PutBucketVersioning. */
export function versioningXml(status: "Enabled" | "Suspended"): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration><Status>${status}</Status></VersioningConfiguration>`;
}

/**
 * A value OSS URL-encoded because the request had `encoding-type=url`. Decoded like the official
 * Go SDK v2 does (`url.QueryUnescape`: `+` is a space, then percent-decoding); a malformed escape
 * or bytes that are not UTF-8 are a shape error, never a silently wrong key.
 */
function urlDecoded(value: string, element: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    throw new XmlShapeError(`a URL-encoded <${element}> does not decode: ${JSON.stringify(value.slice(0, 200))}`);
  }
}

/**
 * `<ListBucketResult>` of ListObjectsV2. The client asks for `encoding-type=url`; when the answer
 * says `<EncodingType>url</EncodingType>`, keys and the continuation token are URL-decoded (OSS
 * then encodes Key, Prefix, StartAfter, Delimiter and the tokens). A server that ignores the
 * parameter sends no EncodingType and its keys are taken as sent, XML-unescaped by the parser.
 */
export function parseListObjectsV2Xml(body: Buffer): ListObjectsV2Result {
  const result = xmlChild(parseXml(body), "ListBucketResult");
  const urlEncoded = xmlText(result, "EncodingType")?.trim().toLowerCase() === "url";
  const objects: ListedObject[] = [];
  for (const entry of asArray(result["Contents"])) {
    const raw = xmlText(entry, "Key");
    if (raw === undefined) throw new XmlShapeError("<Contents> without <Key>");
    const key = urlEncoded ? urlDecoded(raw, "Key") : raw;
    const size = Number(xmlText(entry, "Size") ?? "0");
    const item: ListedObject = { key, size: Number.isFinite(size) ? size : 0 };
    const type = xmlText(entry, "Type");
    if (type !== undefined) item.type = type;
    const storageClass = xmlText(entry, "StorageClass");
    if (storageClass !== undefined) item.storageClass = storageClass;
    const etag = xmlText(entry, "ETag");
    if (etag !== undefined) item.etag = normalizeEtag(etag);
    const lastModified = xmlText(entry, "LastModified");
    if (lastModified !== undefined) item.lastModified = lastModified;
    objects.push(item);
  }
  const out: ListObjectsV2Result = {
    objects,
    isTruncated: xmlText(result, "IsTruncated")?.trim() === "true",
  };
  const next = xmlText(result, "NextContinuationToken");
  if (next !== undefined && next !== "") out.nextContinuationToken = urlEncoded ? urlDecoded(next, "NextContinuationToken") : next;
  return out;
}
