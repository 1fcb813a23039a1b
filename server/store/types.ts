/** The server's object model (docs/oss.md §1.10). */

/** Bucket versioning state; `Off` means versioning was never enabled. */
export type VersioningStatus = "Off" | "Enabled" | "Suspended";

/** Bucket ACL; buckets are private unless configured otherwise. */
export type BucketAcl = "private" | "public-read" | "public-read-write";

/** Object ACL; `default` inherits the bucket's. */
export type ObjectAclValue = "default" | "private" | "public-read" | "public-read-write";

/** One version of one key: a normal object, a symlink or a delete marker. */
export interface ObjectVersion {
  /** `"null"` for versions written while versioning is Off or Suspended. */
  versionId: string;
  deleteMarker: boolean;
  type: "Normal" | "Symlink";
  /** Decoded target key (symlinks only). */
  target?: string;
  /** Content (normal objects only). */
  data?: Buffer;
  /** Quoted upper-case hex, e.g. `"5B3C..."`. */
  etag: string;
  /** base64 MD5 of the content (normal objects only). */
  contentMd5?: string;
  /** `x-oss-hash-crc64ecma` of the content, decimal (normal objects; absent in stores written before it existed). */
  crc64?: string;
  /** ms since epoch. */
  lastModified: number;
  /** Archive-class objects: readable until this time (ms) after a RestoreObject (server/handlers/archive.ts). */
  restoredUntil?: number;
  acl: ObjectAclValue;
  storageClass: string;
  /** Standard headers stored with the object (`content-type`, `cache-control`, ...), lower-case names. */
  headers: Record<string, string>;
  /** `x-oss-meta-*` headers, lower-case full names. */
  userMeta: Record<string, string>;
}

/** Bucket-level settings. */
export interface BucketState {
  name: string;
  versioning: VersioningStatus;
  /** Retention/WORM: object writes and deletes fail with FileImmutable. */
  locked: boolean;
  acl: BucketAcl;
  createdAt: number;
}
