/**
 * Shape checks of the AssumeRole / AssumeRoleWithOIDC parameters, per the API reference pages
 * (https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole and
 * https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerolewithoidc).
 */
import { stsErrors } from "./stsErrors";
import type { StsRoleConfig } from "./stsOptions";

const ROLE_ARN = /^acs:ram::(\d+):role\/([A-Za-z0-9.\-_]{1,64})$/;
const SESSION_NAME = /^[A-Za-z0-9.@\-_]{2,64}$/;
const EXTERNAL_ID = /^[A-Za-z0-9=,.@:/\-_]{2,1224}$/;
const MIN_DURATION = 900;
const DEFAULT_DURATION = 3600;

/** Account id and role name of a well-formed role ARN, or InvalidParameter.RoleArn. */
export function parseRoleArn(roleArn: string | undefined): { account: string; roleName: string } {
  if (roleArn === undefined || roleArn === "") throw stsErrors.missingParameter("RoleArn");
  const m = ROLE_ARN.exec(roleArn);
  if (!m) throw stsErrors.roleArnFormat();
  return { account: m[1] as string, roleName: m[2] as string };
}

/** The configured role, or EntityNotExist.Role. */
export function findRole(roles: readonly StsRoleConfig[], roleArn: string): StsRoleConfig {
  const role = roles.find((r) => r.arn.toLowerCase() === roleArn.toLowerCase());
  if (!role) throw stsErrors.roleNotFound(roleArn);
  return role;
}

/** RoleSessionName: required, 2 to 64 of letters, digits, `.@-_`. */
export function checkRoleSessionName(name: string | undefined): string {
  if (name === undefined || name === "") throw stsErrors.missingParameter("RoleSessionName");
  if (!SESSION_NAME.test(name)) throw stsErrors.roleSessionName();
  return name;
}

/** DurationSeconds: whole seconds from 900 to the role's maximum session duration; default 3600. */
export function checkDurationSeconds(raw: string | undefined, role: StsRoleConfig): number {
  const max = role.maxSessionDuration ?? DEFAULT_DURATION;
  if (raw === undefined || raw === "") return Math.min(DEFAULT_DURATION, max);
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= MIN_DURATION && n <= max)) throw stsErrors.durationSeconds(max);
  return n;
}

/** ExternalId: optional, 2 to 1224 of letters, digits, `=,.@:/-_`; must equal the role's when it has one. */
export function checkExternalId(externalId: string | undefined, role: StsRoleConfig): void {
  if (externalId !== undefined && externalId !== "" && !EXTERNAL_ID.test(externalId)) throw stsErrors.externalId();
  if (role.externalId !== undefined && externalId !== role.externalId) throw stsErrors.noPermission();
}
