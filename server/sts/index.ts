/** The local STS endpoint, credentials-URI server, and the temporary credentials they issue. */
export { startStsEndpoint } from "./stsEndpoint";
export type { StsCall, StsEndpoint, StsEndpointOptions, StsRoleConfig } from "./stsOptions";
export { startCredentialsUriServer } from "./credentialsUriServer";
export type { CredentialsUriServer, CredentialsUriServerOptions } from "./credentialsUriServer";
export { TemporaryCredentialStore, stsTimestamp } from "./temporaryCredentials";
export type { IssuedCredentials, TemporaryCredentialLookup, TemporaryCredentialRecord } from "./temporaryCredentials";
export { verifyOidcToken } from "./oidcToken";
export type { OidcProviderConfig, VerifiedOidcToken } from "./oidcToken";
export { rpcCanonicalizedQuery, rpcPercentEncode, rpcSignature, rpcStringToSign } from "./rpcSignature";
export { StsServerError, SIGNATURE_MISMATCH_PREFIX } from "./stsErrors";
export { createTestCertificate } from "./testCertificate";
export type { TestCertificate } from "./testCertificate";
