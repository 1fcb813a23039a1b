/** The embedded OSS-compatible local server. */
export { startLocalOss } from "./localOss";
export {
  DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_MAX_OBJECT_BYTES, DEFAULT_REGION,
} from "./options";
export type { BucketSettings, LocalOss, LocalOssOptions } from "./options";
export { FaultController, seededRandom } from "./faults";
export type { FaultConfig, FaultCounts, FaultDecision, RandomSource } from "./faults";
export type { ServerStats } from "./stats";
export type { BucketAcl, ObjectAclValue, VersioningStatus } from "./store/types";
export type { OperationName } from "./operations";
export {
  SIGNATURE_MISMATCH_PREFIX, StsServerError, TemporaryCredentialStore, createTestCertificate, rpcCanonicalizedQuery,
  rpcPercentEncode, rpcSignature, rpcStringToSign, startCredentialsUriServer, startStsEndpoint, stsTimestamp, verifyOidcToken,
} from "./sts";
export type {
  CredentialsUriServer, CredentialsUriServerOptions, IssuedCredentials, OidcProviderConfig, StsCall, StsEndpoint,
  StsEndpointOptions, StsRoleConfig, TemporaryCredentialLookup, TemporaryCredentialRecord, TestCertificate, VerifiedOidcToken,
} from "./sts";
