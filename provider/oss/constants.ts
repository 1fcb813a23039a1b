/**
 * Every literal OSS header, query and algorithm name used by the client, in one place.
 * Source: docs/oss.md (§1 operations, §4 signatures), which names the public pages.
 */

export const HEADER = {
  authorization: "authorization",
  contentMd5: "content-md5",
  contentType: "content-type",
  contentLength: "content-length",
  cacheControl: "cache-control",
  contentDisposition: "content-disposition",
  date: "date",
  etag: "etag",
  lastModified: "last-modified",
  retryAfter: "retry-after",
  ossDate: "x-oss-date",
  ossContentSha256: "x-oss-content-sha256",
  ossSecurityToken: "x-oss-security-token",
  symlinkTarget: "x-oss-symlink-target",
  objectAcl: "x-oss-object-acl",
  storageClass: "x-oss-storage-class",
  forbidOverwrite: "x-oss-forbid-overwrite",
  metaPrefix: "x-oss-meta-",
  ossPrefix: "x-oss-",
  requestId: "x-oss-request-id",
  ec: "x-oss-ec",
  err: "x-oss-err",
  versionId: "x-oss-version-id",
  deleteMarker: "x-oss-delete-marker",
  objectType: "x-oss-object-type",
  /** HeadObject of an Archive-class object: its restore state, absent when not restored (docs/oss.md §1.4). */
  restore: "x-oss-restore",
  crc64: "x-oss-hash-crc64ecma",
} as const;

export const QUERY = {
  symlink: "symlink",
  acl: "acl",
  versionId: "versionId",
  versioning: "versioning",
  listType: "list-type",
  prefix: "prefix",
  maxKeys: "max-keys",
  // presigned V1
  ossAccessKeyId: "OSSAccessKeyId",
  expires: "Expires",
  signature: "Signature",
  securityToken: "security-token",
  // presigned V4
  v4SignatureVersion: "x-oss-signature-version",
  v4Credential: "x-oss-credential",
  v4Date: "x-oss-date",
  v4Expires: "x-oss-expires",
  v4AdditionalHeaders: "x-oss-additional-headers",
  v4SecurityToken: "x-oss-security-token",
  v4Signature: "x-oss-signature",
} as const;

export const V4 = {
  algorithm: "OSS4-HMAC-SHA256",
  product: "oss",
  terminator: "aliyun_v4_request",
  secretPrefix: "aliyun_v4",
  unsignedPayload: "UNSIGNED-PAYLOAD",
} as const;

export const V1 = {
  scheme: "OSS",
} as const;

/**
 * Query parameters that take part in the V1 CanonicalizedResource (Go-v2 / Python-v2 list).
 * Any query key starting with `x-oss-` is signed as well.
 */
export const V1_SIGNED_SUBRESOURCES: ReadonlySet<string> = new Set([
  "acl", "append", "bucketInfo", "callback", "callback-var", "cloudboxes", "continuation-token",
  "delete", "location", "objectMeta", "partNumber", "position", "regionList",
  "response-cache-control", "response-content-disposition", "response-content-encoding",
  "response-content-language", "response-content-type", "response-expires", "restore",
  "security-token", "sequential", "stat", "symlink", "tagging", "uploadId", "uploads",
  "versionId", "versioning", "versions",
]);

/** The ACL values PutSymlink / PutObjectACL accept in `x-oss-object-acl`. */
export const OBJECT_ACLS = ["default", "private", "public-read", "public-read-write"] as const;
export type ObjectAcl = (typeof OBJECT_ACLS)[number];

/** The storage classes the PutSymlink documentation lists. */
export const SYMLINK_STORAGE_CLASSES = ["Standard", "IA", "Archive"] as const;
export type SymlinkStorageClass = (typeof SYMLINK_STORAGE_CLASSES)[number];

/** Key rules (object naming doc; EC 0016-00000001/2/5). */
export const KEY_MAX_BYTES = 1023;
/** Σ(UTF-8 bytes of lower-cased `x-oss-meta-*` name + value) must not exceed this. */
export const USER_META_MAX_BYTES = 8192;
/**
 * Longest `Content-Type`, `Cache-Control` or `Content-Disposition` value accepted at check, in
 * characters (each is one byte on the wire: header values are limited to Latin-1). OSS documents
 * no limit for these headers, only the 8 KB user-metadata total, while HTTP front ends commonly
 * refuse a request whose header section exceeds 8–16 KiB (431). Our own conservative choice: a
 * MIME type with parameters, a Cache-Control directive list or a Content-Disposition with a
 * percent-encoded 255-byte file name all fit well within 1 KiB. See docs/resource.md.
 */
export const CONTENT_HEADER_MAX_CHARS = 1024;

/** ListObjectsV2 query parameters beyond `list-type`, `prefix` and `max-keys` (client). */
export const LIST_QUERY = {
  continuationToken: "continuation-token",
  startAfter: "start-after",
  encodingType: "encoding-type",
} as const;
