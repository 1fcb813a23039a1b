/**
 * Every OSS operation the client issues, as data: one entry each, saying its method, its
 * sub-resource and query, the headers built from the input, how much of the answer is read and
 * how the answer becomes a result. The request pipeline (pipeline.ts) does the rest the same way
 * for all of them. Request and answer shapes: docs/oss.md §1.
 */
import { createHash } from "node:crypto";
import type { Dispatcher } from "undici";
import type {
  DeleteResult,
  GetObjectResult,
  GetSymlinkResult,
  HeadObjectResult,
  ListObjectsV2Input,
  ListObjectsV2Result,
  ObjectRef,
  PutObjectInput,
  PutResult,
  PutSymlinkInput,
  VersioningStatus,
} from "./clientTypes";
import { HEADER, LIST_QUERY, QUERY, type ObjectAcl } from "./constants";
import { decodeSymlinkTarget, encodeSymlinkTarget } from "./encoding";
import {
  addContentHeaders,
  addMetadataHeaders,
  headerValue,
  normalizeEtag,
  readContentHeaders,
  readMetadata,
} from "./metadata";
import type { OssError } from "./ossError";
import { parseAclXml, parseListObjectsV2Xml, parseVersioningXml, versioningXml, XmlShapeError } from "./xml";
import type { HttpResponse } from "../http/transport";

/**
 * Largest XML answer read (GetObjectACL, GetBucketVersioning, ListObjectsV2). A full ListObjectsV2
 * page (1,000 keys of up to 1,023 bytes, URL-encoded) is about 4 MiB; more is not an OSS answer.
 */
const MAX_XML_BODY_BYTES = 16 * 1024 * 1024;

/** Query parameters, decoded; `null` is a bare sub-resource such as `?symlink`. */
export type Query = Record<string, string | null>;

/** What an operation addresses and sends, built from its input. */
export interface RequestTarget {
  bucket: string;
  /** Absent for bucket-level calls. */
  key?: string;
  query: Query;
  headers: Record<string, string>;
  body?: Buffer | string;
}

/** Checks a result mapper may apply to a 2xx answer. */
export interface ResponseChecks {
  /** An `InvalidResponse` error: the answer is not what OSS sends, for the reason given. */
  invalid(why: string): OssError;
  /** Throws `CrcMismatch` when `data` does not have the CRC-64 the answer reports (if any). */
  crc64(data: Buffer | string): void;
}

/** One OSS operation. */
export interface Operation<I, R> {
  /** OSS API name, used in errors. */
  readonly name: string;
  readonly method: Dispatcher.HttpMethod;
  /** How much of a 2xx body is read: none (dumped), all, or up to a cap (XML answers). */
  readonly body: "dump" | "all" | { readonly maxBytes: number };
  readonly target: (input: I) => RequestTarget;
  readonly result: (response: HttpResponse, input: I, check: ResponseChecks) => R;
}

const XML_BODY = { maxBytes: MAX_XML_BODY_BYTES } as const;
const NO_HEADERS: Record<string, string> = {};

function withVersion(query: Query, versionId: string | undefined): Query {
  return versionId === undefined ? query : { ...query, [QUERY.versionId]: versionId };
}

function objectTarget(ref: ObjectRef, subResource?: string): RequestTarget {
  const base: Query = subResource === undefined ? {} : { [subResource]: null };
  return { bucket: ref.bucket, key: ref.key, query: withVersion(base, ref.versionId), headers: NO_HEADERS };
}

function setIfDefined<T extends object, K extends keyof T>(target: T, name: K, value: T[K] | undefined): void {
  if (value !== undefined) target[name] = value;
}

/**
 * A write's result. OSS always answers a successful PutObject/PutSymlink with the new ETag; a
 * 200 without one did not come from OSS (a proxy, a stub) and proves nothing was stored.
 */
function putResult(response: HttpResponse, check: ResponseChecks): PutResult {
  const etag = headerValue(response.headers, HEADER.etag);
  if (etag === undefined || etag === "") throw check.invalid("the response has no ETag header");
  const result: PutResult = { etag: normalizeEtag(etag) };
  setIfDefined(result, "crc64", headerValue(response.headers, HEADER.crc64));
  setIfDefined(result, "versionId", headerValue(response.headers, HEADER.versionId));
  setIfDefined(result, "requestId", headerValue(response.headers, HEADER.requestId));
  return result;
}

function objectResult(response: HttpResponse): HeadObjectResult {
  const headers = response.headers;
  const length = Number(headerValue(headers, HEADER.contentLength) ?? "0");
  const result: HeadObjectResult = {
    etag: normalizeEtag(headerValue(headers, HEADER.etag) ?? ""),
    contentLength: Number.isFinite(length) ? length : 0,
    metadata: readMetadata(headers),
  };
  readContentHeaders(headers, result);
  setIfDefined(result, "crc64", headerValue(headers, HEADER.crc64));
  setIfDefined(result, "objectType", headerValue(headers, HEADER.objectType));
  setIfDefined(result, "storageClass", headerValue(headers, HEADER.storageClass));
  setIfDefined(result, "restore", headerValue(headers, HEADER.restore));
  setIfDefined(result, "lastModified", headerValue(headers, HEADER.lastModified));
  setIfDefined(result, "versionId", headerValue(headers, HEADER.versionId));
  setIfDefined(result, "requestId", headerValue(headers, HEADER.requestId));
  return result;
}

function versionIdResult(response: HttpResponse): { versionId?: string } {
  const result: { versionId?: string } = {};
  setIfDefined(result, "versionId", headerValue(response.headers, HEADER.versionId));
  return result;
}

/** Parses an XML answer; a document of the wrong shape is an `InvalidResponse`. */
function xml<T>(parse: (body: Buffer) => T): (response: HttpResponse, input: unknown, check: ResponseChecks) => T {
  return (response, _input, check) => {
    try {
      return parse(response.body);
    } catch (err) {
      if (err instanceof XmlShapeError) throw check.invalid(err.message);
      throw err;
    }
  };
}

/** `headers` plus the object headers PutSymlink and PutObject share: ACL, storage class, content, metadata. */
function objectHeaders(input: PutSymlinkInput | PutObjectInput, headers: Record<string, string>): Record<string, string> {
  if (input.acl !== undefined) headers[HEADER.objectAcl] = input.acl;
  if (input.storageClass !== undefined) headers[HEADER.storageClass] = input.storageClass;
  addContentHeaders(headers, input);
  addMetadataHeaders(headers, input.metadata);
  return headers;
}

export const PUT_SYMLINK: Operation<PutSymlinkInput, PutResult> = {
  name: "PutSymlink",
  method: "PUT",
  body: "dump",
  target: (input) => {
    const headers: Record<string, string> = { [HEADER.symlinkTarget]: encodeSymlinkTarget(input.target) };
    if (input.forbidOverwrite === true) headers[HEADER.forbidOverwrite] = "true";
    return { bucket: input.bucket, key: input.key, query: { [QUERY.symlink]: null }, headers: objectHeaders(input, headers) };
  },
  result: (response, _input, check) => putResult(response, check),
};

export const GET_SYMLINK: Operation<ObjectRef, GetSymlinkResult> = {
  name: "GetSymlink",
  method: "GET",
  body: "dump",
  target: (ref) => objectTarget(ref, QUERY.symlink),
  result: (response, _ref, check) => {
    const encoded = headerValue(response.headers, HEADER.symlinkTarget);
    if (encoded === undefined) throw check.invalid(`the response has no ${HEADER.symlinkTarget} header`);
    let target: string;
    try {
      target = decodeSymlinkTarget(encoded);
    } catch (err) {
      throw check.invalid((err as Error).message);
    }
    const result: GetSymlinkResult = {
      target,
      etag: normalizeEtag(headerValue(response.headers, HEADER.etag) ?? ""),
      metadata: readMetadata(response.headers),
    };
    readContentHeaders(response.headers, result);
    setIfDefined(result, "lastModified", headerValue(response.headers, HEADER.lastModified));
    setIfDefined(result, "versionId", headerValue(response.headers, HEADER.versionId));
    setIfDefined(result, "requestId", headerValue(response.headers, HEADER.requestId));
    return result;
  },
};

export const HEAD_OBJECT: Operation<ObjectRef, HeadObjectResult> = {
  name: "HeadObject",
  method: "HEAD",
  body: "dump",
  target: (ref) => objectTarget(ref),
  result: (response) => objectResult(response),
};

export const GET_OBJECT: Operation<ObjectRef, GetObjectResult> = {
  name: "GetObject",
  method: "GET",
  // Not capped: the object is what the caller asked for.
  body: "all",
  target: (ref) => objectTarget(ref),
  result: (response, _ref, check) => {
    check.crc64(response.body);
    const result = objectResult(response) as GetObjectResult;
    result.body = response.body;
    // A HEAD-less GET may be chunked: the body is the truth about the length.
    result.contentLength = response.body.length;
    return result;
  },
};

export const PUT_OBJECT: Operation<PutObjectInput, PutResult> = {
  name: "PutObject",
  method: "PUT",
  body: "dump",
  target: (input) => ({ bucket: input.bucket, key: input.key, query: {}, headers: objectHeaders(input, {}), body: input.body }),
  result: (response, input, check) => {
    check.crc64(input.body);
    return putResult(response, check);
  },
};

export const DELETE_OBJECT: Operation<ObjectRef, DeleteResult> = {
  name: "DeleteObject",
  method: "DELETE",
  body: "dump",
  target: (ref) => objectTarget(ref),
  result: (response) => {
    const result: DeleteResult = { deleteMarker: headerValue(response.headers, HEADER.deleteMarker) === "true" };
    setIfDefined(result, "versionId", headerValue(response.headers, HEADER.versionId));
    setIfDefined(result, "requestId", headerValue(response.headers, HEADER.requestId));
    return result;
  },
};

export const PUT_OBJECT_ACL: Operation<ObjectRef & { acl: ObjectAcl }, { versionId?: string }> = {
  name: "PutObjectACL",
  method: "PUT",
  body: "dump",
  target: (ref) => ({ ...objectTarget(ref, QUERY.acl), headers: { [HEADER.objectAcl]: ref.acl } }),
  result: versionIdResult,
};

export const GET_OBJECT_ACL: Operation<ObjectRef, { acl: ObjectAcl; versionId?: string }> = {
  name: "GetObjectACL",
  method: "GET",
  body: XML_BODY,
  target: (ref) => objectTarget(ref, QUERY.acl),
  result: (response, ref, check) => ({ acl: xml(parseAclXml)(response, ref, check), ...versionIdResult(response) }),
};

export const GET_BUCKET_VERSIONING: Operation<string, VersioningStatus> = {
  name: "GetBucketVersioning",
  method: "GET",
  body: XML_BODY,
  target: (bucket) => ({ bucket, query: { [QUERY.versioning]: null }, headers: NO_HEADERS }),
  result: xml(parseVersioningXml),
};

export const PUT_BUCKET_VERSIONING: Operation<{ bucket: string; status: "Enabled" | "Suspended" }, void> = {
  name: "PutBucketVersioning",
  method: "PUT",
  body: "dump",
  target: ({ bucket, status }) => {
    const body = Buffer.from(versioningXml(status), "utf8");
    return {
      bucket,
      query: { [QUERY.versioning]: null },
      headers: {
        [HEADER.contentType]: "application/xml",
        // Not required by OSS for this call, but cheap and it lets the server reject a damaged body.
        [HEADER.contentMd5]: createHash("md5").update(body).digest("base64"),
      },
      body,
    };
  },
  result: () => undefined,
};

export const LIST_OBJECTS_V2: Operation<ListObjectsV2Input, ListObjectsV2Result> = {
  name: "ListObjectsV2",
  method: "GET",
  body: XML_BODY,
  target: (input) => {
    // encoding-type=url, as the official SDKs send it: XML cannot carry every key byte for byte
    // (a literal CR LF arrives as LF, most control characters not at all).
    const query: Query = { [QUERY.listType]: "2", [LIST_QUERY.encodingType]: "url" };
    if (input.prefix !== undefined) query[QUERY.prefix] = input.prefix;
    if (input.maxKeys !== undefined) query[QUERY.maxKeys] = String(input.maxKeys);
    if (input.continuationToken !== undefined) query[LIST_QUERY.continuationToken] = input.continuationToken;
    if (input.startAfter !== undefined) query[LIST_QUERY.startAfter] = input.startAfter;
    return { bucket: input.bucket, query, headers: NO_HEADERS };
  },
  result: xml(parseListObjectsV2Xml),
};
