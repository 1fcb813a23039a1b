/**
 * The AssumeRoleWithOIDC action: an unsigned request whose OIDC token, issued by a registered
 * identity provider, buys temporary credentials for a role
 * (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerolewithoidc).
 */
import { assumedRoleUser, type AssumeRoleResult } from "./assumeRole";
import { verifyOidcToken, type OidcProviderConfig } from "./oidcToken";
import { stsErrors } from "./stsErrors";
import { parseSessionPolicy } from "./sessionPolicy";
import { checkDurationSeconds, checkRoleSessionName, findRole, parseRoleArn } from "./stsParameters";
import type { StsRoleConfig } from "./stsOptions";
import { stsTimestamp, type TemporaryCredentialStore } from "./temporaryCredentials";

const MAX_TOKEN_LENGTH = 20000;

/** Body of a successful reply, without RequestId. */
interface AssumeRoleWithOidcResult extends AssumeRoleResult {
  OIDCTokenInfo: { Issuer: string; Subject: string; ClientIds: string; IssuanceTime: string; ExpirationTime: string; VerificationInfo: string };
}

/** Validates the parameters and the token at time `now`, and issues credentials. */
export function assumeRoleWithOidc(
  params: Readonly<Record<string, string>>,
  roles: readonly StsRoleConfig[],
  providers: readonly OidcProviderConfig[],
  store: TemporaryCredentialStore,
  now: number,
): AssumeRoleWithOidcResult {
  const providerArn = params.OIDCProviderArn;
  if (providerArn === undefined || providerArn === "") throw stsErrors.missingParameter("OIDCProviderArn");
  const { account, roleName } = parseRoleArn(params.RoleArn);
  const token = params.OIDCToken ?? "";
  if (token.length > MAX_TOKEN_LENGTH) throw stsErrors.oidcTokenContent();
  // The library fills RoleSessionName itself when unset; the API allows it to be absent.
  const sessionName = params.RoleSessionName === undefined || params.RoleSessionName === "" ? `oidc-${Date.now()}` : checkRoleSessionName(params.RoleSessionName);
  const policy = parseSessionPolicy(params.Policy, account);
  const provider = providers.find((p) => p.arn === providerArn);
  if (!provider) throw stsErrors.oidcProviderNotFound();
  const claims = verifyOidcToken(token, provider, now);
  const role = findRole(roles, params.RoleArn as string);
  const duration = checkDurationSeconds(params.DurationSeconds, role);
  return {
    AssumedRoleUser: assumedRoleUser(account, roleName, role.arn, sessionName),
    Credentials: store.issue(duration, policy),
    OIDCTokenInfo: {
      Issuer: claims.issuer,
      Subject: claims.subject,
      ClientIds: claims.audiences.join(","),
      IssuanceTime: stsTimestamp(claims.issuedAt),
      ExpirationTime: stsTimestamp(claims.expiresAt),
      VerificationInfo: "Success",
    },
  };
}
