/** Shapes shared by the signers, the client and its callers. */

/** A request as the signers see it. Pure data: the signers never mutate it. */
export interface SignableRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Bucket name; absent for service-level calls. */
  bucket?: string;
  /** Decoded object key (UTF-8 string, no leading `/`). */
  key?: string;
  /** Query parameters, decoded. `null` means a bare sub-resource such as `?symlink`. */
  query: Record<string, string | null>;
  /** Request headers by name (any case). */
  headers: Record<string, string>;
  /** Bare signing region, e.g. `cn-hangzhou` (never `oss-cn-hangzhou`). */
  region: string;
  /** V4 only: extra header names to sign (`AdditionalHeaders`). */
  additionalHeaders?: string[];
}

/** Access key credentials; `securityToken` is set for STS credentials. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** Headers a signer asks the caller to add to the request. Names are lower case. */
export type SignedHeaders = Record<string, string>;

/** Signature version the client uses. V4 is the default. */
export type SignatureVersion = "v4" | "v1";
