/**
 * STS error replies: HTTP status plus the JSON body `{ RequestId, HostId, Code, Message }` that the
 * STS API returns. Codes and messages come from the STS error-code page
 * (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-errorcodes) and
 * the STS troubleshooting page (https://www.alibabacloud.com/help/en/oss/how-to-handle-the-common-errors-when-you-access-oss-by-using-sts);
 * docs/server.md lists which ones are ours where no public page names the case.
 * Messages never contain a secret, a security token or an OIDC token.
 */

/** One STS failure. */
export class StsServerError extends Error {
  override readonly name = "StsServerError";
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** The prefix @alicloud/credentials compares to tell a wrong secret from a signing bug. */
export const SIGNATURE_MISMATCH_PREFIX = "Specified signature is not matched with our calculation. server string to sign is:";

/** Factories for the errors the STS endpoint answers with. */
export const stsErrors = {
  invalidAction: () => new StsServerError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."),
  invalidVersion: () => new StsServerError(400, "InvalidVersion", "Specified parameter Version is not valid."),
  formatNotSupported: () => new StsServerError(400, "InvalidParameter.Format", "The local STS endpoint answers Format=JSON only."),
  missingParameter: (name: string) => new StsServerError(400, `Missing${name}`, `${name} is mandatory for this action.`),
  incompleteSignature: () => new StsServerError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards."),
  unsupportedSignatureMethod: () => new StsServerError(400, "InvalidParameter.SignatureMethod", "SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0."),
  timestampFormat: () => new StsServerError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted."),
  timestampExpired: () => new StsServerError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."),
  nonceUsed: () => new StsServerError(400, "SignatureNonceUsed", "Specified signature nonce was used already."),
  accessKeyNotFound: () => new StsServerError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."),
  missingSecurityToken: () => new StsServerError(400, "MissingSecurityToken", "SecurityToken is mandatory for this action."),
  securityTokenMismatch: () => new StsServerError(400, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey."),
  securityTokenExpired: () => new StsServerError(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired."),
  signatureDoesNotMatch: (stringToSign: string) => new StsServerError(400, "SignatureDoesNotMatch", SIGNATURE_MISMATCH_PREFIX + stringToSign),
  roleArnFormat: () => new StsServerError(400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed."),
  roleNotFound: (roleArn: string) => new StsServerError(404, "EntityNotExist.Role", `The role not exists: ${roleArn}.`),
  noPermission: () => new StsServerError(403, "NoPermission", "No permission perform sts:AssumeRole on this Role. Maybe you should check the role trust policy."),
  roleSessionName: () => new StsServerError(400, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed."),
  durationSeconds: (max: number) =>
    new StsServerError(400, "InvalidParameter.DurationSeconds", `The Min/Max value of DurationSeconds is 15min/${max / 3600}hr.`),
  policyGrammar: () => new StsServerError(400, "InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check."),
  /** Ours (docs/server.md): an element the local server does not evaluate is refused, never ignored. */
  policyElementNotSupported: (name: string) =>
    new StsServerError(400, "InvalidParameter.PolicyGrammar", `The local STS endpoint does not evaluate the policy element ${name.slice(0, 32)}; use Effect, Action and Resource only.`),
  externalId: () => new StsServerError(400, "InvalidParameter.ExternalId", "The parameter ExternalId is wrongly formed."),
  oidcProviderNotFound: () => new StsServerError(401, "AuthenticationFail.NoPermission", "No such OIDC Provider registered."),
  oidcTokenEmpty: () => new StsServerError(401, "AuthenticationFail.OIDCToken.Invalid", "The OIDCToken can not empty."),
  oidcTokenParts: () => new StsServerError(401, "AuthenticationFail.OIDCToken.Invalid", "The number of Jwt field should be divided into 3 parts with '.' ."),
  oidcTokenContent: () => new StsServerError(401, "AuthenticationFail.OIDCToken.Invalid", "The Jwt content is invalid that cannot be recognized."),
  oidcTokenAlgorithm: (alg: string) =>
    new StsServerError(401, "AuthenticationFail.OIDCToken.Invalid", `The algorithm ${alg.slice(0, 16)} that be specified in Jwt header is unknown.`),
  oidcTokenSignature: () => new StsServerError(401, "AuthenticationFail.OIDCToken.InvalidSignature", "OIDC token validate failed: invalid signature."),
  oidcTokenExpired: () => new StsServerError(401, "AuthenticationFail.OIDCToken.Expired", "This JsonWebToken is expired."),
  oidcTokenAudience: () => new StsServerError(401, "AuthenticationFail.OIDCToken.AudienceNotMatch", "Invalid audience."),
  oidcTokenIssuer: () => new StsServerError(401, "AuthenticationFail.OIDCToken.IssuerNotMatch", "Invalid issuer."),
  internal: () => new StsServerError(500, "InternalError", "The request processing has failed due to some unknown error."),
};
