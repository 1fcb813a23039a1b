/**
 * The AssumeRole action: a signed caller gets temporary credentials for a role
 * (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole).
 */
import { parseSessionPolicy } from "./sessionPolicy";
import { checkDurationSeconds, checkExternalId, checkRoleSessionName, findRole, parseRoleArn } from "./stsParameters";
import type { StsRoleConfig } from "./stsOptions";
import type { IssuedCredentials, TemporaryCredentialStore } from "./temporaryCredentials";

/** The `AssumedRoleUser` element: a stable role id and the assumed-role ARN. */
export function assumedRoleUser(account: string, roleName: string, roleArn: string, sessionName: string): { AssumedRoleId: string; Arn: string } {
  let h = 0;
  for (const c of roleArn.toLowerCase()) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const roleId = `3${String(h).padStart(16, "0")}`.slice(0, 17);
  return { AssumedRoleId: `${roleId}:${sessionName}`, Arn: `acs:ram::${account}:assumed-role/${roleName.toLowerCase()}/${sessionName}` };
}

/** Body of a successful reply, without RequestId. */
export interface AssumeRoleResult {
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  Credentials: IssuedCredentials;
}

/** Validates the AssumeRole parameters (the caller is already verified) and issues credentials. */
export function assumeRole(params: Readonly<Record<string, string>>, roles: readonly StsRoleConfig[], store: TemporaryCredentialStore): AssumeRoleResult {
  const { account, roleName } = parseRoleArn(params.RoleArn);
  const sessionName = checkRoleSessionName(params.RoleSessionName);
  const policy = parseSessionPolicy(params.Policy, account);
  const role = findRole(roles, params.RoleArn as string);
  const duration = checkDurationSeconds(params.DurationSeconds, role);
  checkExternalId(params.ExternalId, role);
  return {
    AssumedRoleUser: assumedRoleUser(account, roleName, role.arn, sessionName),
    Credentials: store.issue(duration, policy),
  };
}
