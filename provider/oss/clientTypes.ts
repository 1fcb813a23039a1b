/**
 * The OSS client's public contract: options, operation inputs and results.
 * The implementation lives in `client.ts`; callers (the lifecycle effects, tests, the demo)
 * depend only on these shapes.
 */
import type { Dispatcher } from "undici";
import type { ObjectAcl } from "./constants";
import type { EndpointOptions } from "./endpoint";
import type { Credentials, SignatureVersion } from "./types";

/** Where credentials come from; `describe()` names the source for error messages, never the secret. */
export interface CredentialsProvider {
  getCredentials(): Promise<Credentials>;
  describe(): string;
}

/** Where requests go (region, endpoint, addressing: see `EndpointOptions`), how they are signed and sent. */
export interface OssClientOptions extends EndpointOptions {
  /** Explicit credentials or a provider. Without them the default chain applies at call time. */
  credentials?: Credentials | CredentialsProvider;
  /** Default `v4`. */
  signatureVersion?: SignatureVersion;
  /** Injected undici dispatcher (keep-alive pool). The global dispatcher is never touched. */
  dispatcher?: Dispatcher;
  /** Per-attempt idle timeout: the wait for the response headers and each gap in the body, ms. Default 30 000. */
  timeoutMs?: number;
  /** Total time one attempt may take, headers and whole body, ms. Default 2 × `timeoutMs` (60 000). */
  deadlineMs?: number;
  /** How long `close()` lets in-flight requests finish before ending them, ms. Default 5 000. */
  closeGraceMs?: number;
  /** Attempts including the first. Default 3. */
  maxAttempts?: number;
  /** Base of the full-jitter backoff, ms. Default 200; cap 20 000. */
  retryBaseMs?: number;
  /** Clock for signing (tests). Default `Date.now`. */
  now?: () => number;
  /** Source of `[0, 1)` numbers for the retry jitter (tests). Default `Math.random`. */
  random?: () => number;
}

export interface ObjectRef {
  bucket: string;
  key: string;
  versionId?: string;
}

/** Content headers stored on an object or link. */
export interface ContentHeaders {
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
}

export interface PutSymlinkInput extends ContentHeaders {
  bucket: string;
  key: string;
  /** Decoded target key in the same bucket. */
  target: string;
  acl?: ObjectAcl;
  storageClass?: string;
  forbidOverwrite?: boolean;
  /** User metadata without the `x-oss-meta-` prefix; names are sent lower case. */
  metadata?: Record<string, string>;
}

export interface PutResult {
  etag: string;
  /** `x-oss-hash-crc64ecma`: CRC-64 of the stored content, decimal (`0` for a symlink). */
  crc64?: string;
  versionId?: string;
  requestId?: string;
}

export interface GetSymlinkResult extends ContentHeaders {
  /** Decoded target key. */
  target: string;
  etag: string;
  lastModified?: string;
  versionId?: string;
  metadata: Record<string, string>;
  requestId?: string;
}

export interface HeadObjectResult extends ContentHeaders {
  etag: string;
  contentLength: number;
  /** `x-oss-hash-crc64ecma`: CRC-64 of the content (the target's through a link), decimal. */
  crc64?: string;
  objectType?: string;
  storageClass?: string;
  /** `x-oss-restore` of an Archive-class object: `ongoing-request="true"`, or `ongoing-request="false", expiry-date="…"`; absent when not restored. */
  restore?: string;
  lastModified?: string;
  versionId?: string;
  metadata: Record<string, string>;
  requestId?: string;
}

export interface GetObjectResult extends HeadObjectResult {
  body: Buffer;
}

export interface PutObjectInput extends ContentHeaders {
  bucket: string;
  key: string;
  body: Buffer | string;
  acl?: ObjectAcl;
  storageClass?: string;
  metadata?: Record<string, string>;
}

export interface DeleteResult {
  deleteMarker: boolean;
  versionId?: string;
  requestId?: string;
}

export type VersioningStatus = "Off" | "Enabled" | "Suspended";

export interface ListObjectsV2Input {
  bucket: string;
  prefix?: string;
  maxKeys?: number;
  continuationToken?: string;
  startAfter?: string;
}

export interface ListedObject {
  key: string;
  type?: string;
  storageClass?: string;
  etag?: string;
  size: number;
  lastModified?: string;
}

export interface ListObjectsV2Result {
  objects: ListedObject[];
  isTruncated: boolean;
  nextContinuationToken?: string;
}

/** Every operation the library issues. */
export interface OssClientApi {
  putSymlink(input: PutSymlinkInput): Promise<PutResult>;
  getSymlink(ref: ObjectRef): Promise<GetSymlinkResult>;
  headObject(ref: ObjectRef): Promise<HeadObjectResult>;
  getObject(ref: ObjectRef): Promise<GetObjectResult>;
  putObject(input: PutObjectInput): Promise<PutResult>;
  deleteObject(ref: ObjectRef): Promise<DeleteResult>;
  putObjectAcl(ref: ObjectRef & { acl: ObjectAcl }): Promise<{ versionId?: string }>;
  getObjectAcl(ref: ObjectRef): Promise<{ acl: ObjectAcl; versionId?: string }>;
  getBucketVersioning(bucket: string): Promise<VersioningStatus>;
  putBucketVersioning(bucket: string, status: "Enabled" | "Suspended"): Promise<void>;
  listObjectsV2(input: ListObjectsV2Input): Promise<ListObjectsV2Result>;
  /** Public URL of an object (no signature). */
  objectUrl(bucket: string, key: string): string;
  /** Resolves credentials, then names their source ("environment OSS_ACCESS_KEY_ID", ...); never a secret. */
  credentialSource(): Promise<string>;
  /** Closes the dispatcher if the client created it; requests still running after `closeGraceMs` are ended. */
  close(): Promise<void>;
}
