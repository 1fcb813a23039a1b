/** Public options and handle of the local STS endpoint. */
import type { OidcProviderConfig } from "./oidcToken";
import type { TemporaryCredentialStore } from "./temporaryCredentials";

/** A RAM role the local STS lets callers assume. */
export interface StsRoleConfig {
  /** `acs:ram::<account id>:role/<role name>`. */
  arn: string;
  /** Largest DurationSeconds accepted, 3600 to 43200. Default 3600 (the RAM default). */
  maxSessionDuration?: number;
  /** When set, AssumeRole must carry this ExternalId (the role's trust policy condition). */
  externalId?: string;
}

/** Options of {@link startStsEndpoint}. */
export interface StsEndpointOptions {
  /** PEM key and certificate to serve (e.g. from `createTestCertificate`). STS is https only. */
  tls: { key: string; cert: string };
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** AccessKey pairs (id → secret) allowed to sign AssumeRole. */
  accessKeys?: Record<string, string>;
  /** Roles that exist. */
  roles: StsRoleConfig[];
  /** Registered OIDC identity providers. */
  oidcProviders?: OidcProviderConfig[];
  /** Where issued credentials are kept; give the same store to `startLocalOss`. Default: a new one. */
  credentials?: TemporaryCredentialStore;
  /** Clock for the Timestamp and token-expiry checks, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** One call the endpoint answered, for tests that check who asked for what. */
export interface StsCall {
  action: string;
  /** AccessKeyId that signed an AssumeRole (absent for AssumeRoleWithOIDC). */
  callerAccessKeyId?: string;
  roleArn?: string;
  roleSessionName?: string;
  /** `Success` or the error code answered. */
  code: string;
  /** AccessKeyId issued, on success. */
  issuedAccessKeyId?: string;
}

/** A running STS endpoint. */
export interface StsEndpoint {
  /** `127.0.0.1:PORT`: the value for @alicloud/credentials' `stsEndpoint` (it adds `https://`). */
  readonly hostPort: string;
  /** `https://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The store issued credentials go to. */
  readonly credentials: TemporaryCredentialStore;
  /** Calls answered so far, oldest first. */
  calls(): readonly StsCall[];
  close(): Promise<void>;
}
