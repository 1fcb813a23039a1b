/** Public options and handle of the local OSS server. */
import type { FaultConfig, FaultController, RandomSource } from "./faults";
import type { TemporaryCredentialLookup } from "./sts/temporaryCredentials";
import type { ServerStats } from "./stats";
import type { BucketAcl, VersioningStatus } from "./store/types";

/** AccessKeyId accepted by default. */
export const DEFAULT_ACCESS_KEY_ID = "local-access-key-id";
/** AccessKeySecret accepted by default. */
export const DEFAULT_ACCESS_KEY_SECRET = "local-access-key-secret";
/** Region accepted in V4 credential scopes by default. */
export const DEFAULT_REGION = "cn-hangzhou";
/** Largest PutObject body the server accepts (it keeps objects in memory). */
export const DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/** Options of {@link startLocalOss}. Every field is optional. */
export interface LocalOssOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Buckets to create (private, versioning Off) if they do not exist yet. */
  buckets?: string[];
  /** Buckets to create with versioning Enabled. */
  versionedBuckets?: string[];
  /** Buckets under a retention (WORM) policy: overwriting or deleting an existing object gives 409 FileImmutable. */
  lockedBuckets?: string[];
  /** Bucket ACLs for anonymous access, e.g. `{ site: "public-read" }`. Unlisted buckets are private. */
  bucketAcls?: Record<string, BucketAcl>;
  /** Default {@link DEFAULT_ACCESS_KEY_ID}. */
  accessKeyId?: string;
  /** Default {@link DEFAULT_ACCESS_KEY_SECRET}. */
  accessKeySecret?: string;
  /** An STS token accepted together with the keys; any other token is InvalidSecurityToken. */
  securityToken?: string;
  /**
   * Temporary credentials to accept besides the keys above: pass the `credentials` store of a
   * `startStsEndpoint` / `startCredentialsUriServer`. Each works with its own secret and security
   * token until its expiration.
   */
  temporaryCredentials?: TemporaryCredentialLookup;
  /** Directory for durable state; without it everything lives in memory only. */
  dataDir?: string;
  /** The only region accepted in V4 scopes. Default {@link DEFAULT_REGION}. */
  region?: string;
  /** Initial fault settings. */
  faults?: FaultConfig;
  /** Random source for fault decisions (e.g. `seededRandom(42)`). Default `Math.random`. */
  random?: RandomSource;
  /** Largest PutObject body. Default {@link DEFAULT_MAX_OBJECT_BYTES}. */
  maxObjectBytes?: number;
}

/** Settings for {@link LocalOss.createBucket}. */
export interface BucketSettings {
  versioning?: VersioningStatus;
  locked?: boolean;
  acl?: BucketAcl;
}

/** A running server. */
export interface LocalOss {
  /** `http://HOST:PORT` (IPv6 hosts in brackets). */
  readonly endpoint: string;
  readonly port: number;
  /** Region accepted in V4 scopes. */
  readonly region: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Live fault settings. */
  readonly faults: FaultController;
  /** Stops listening, drops open connections and waits for pending durable writes. */
  close(): Promise<void>;
  /** Request and fault counters. */
  stats(): ServerStats;
  /** Zeroes request and fault counters. */
  resetStats(): void;
  /** Creates a bucket (or changes an existing one's settings). */
  createBucket(name: string, settings?: BucketSettings): Promise<void>;
}
