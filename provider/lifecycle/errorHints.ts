/**
 * What each OSS error code means for a Symlink and what the user can do about it: the one table
 * of hints. Only the provider boundary (errors.ts) reads it; the client's `OssError` carries data
 * and no advice. Codes: OSS's own (docs/oss.md §3.1) and the client's local ones
 * (`LOCAL_ERROR_CODES` in provider/oss/ossError.ts).
 */
import { CONFIG_KEYS } from "../config";
import { CREDENTIAL_ERROR_CODES, LOCAL_ERROR_CODES } from "../oss/ossError";

/** Where the failure happened, for hints that name it. */
export interface HintContext {
  bucket: string;
  region?: string;
  endpoint?: string;
}

/** One row: the advice. For the client's credential codes the message also says how to set credentials. */
interface ErrorHint {
  advice: string | ((where: HintContext) => string);
}

/** How to set credentials and the permissions a Symlink needs; follows every credential hint. */
const CREDENTIAL_HELP =
  `Set credentials with \`pulumi config set ${CONFIG_KEYS.accessKey} <id>\` and \`pulumi config set --secret ${CONFIG_KEYS.secretKey} <secret>\` ` +
  `(plus ${CONFIG_KEYS.securityToken} for STS), or the env vars OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (OSS_SESSION_TOKEN), ` +
  `or ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, and make sure the RAM policy allows ` +
  `oss:PutObject, oss:GetObject, oss:DeleteObject (plus oss:DeleteObjectVersion on a versioned bucket), oss:GetObjectAcl and oss:ListObjects on the bucket`;

const THROTTLED = "Requests are being throttled; reduce the request rate or concurrency (for example `pulumi up --parallel 4`)";

/** The hints, keyed by `OssError.code`. */
export const ERROR_HINTS: Readonly<Record<string, ErrorHint>> = {
  // Credentials and permissions.
  AccessDenied: {
    advice: "The credentials lack permission for this action, or a bucket policy denies it",
  },
  SignatureDoesNotMatch: {
    advice: "The access key secret does not match the AccessKey ID (or something between, such as a proxy, rewrote the request)",
  },
  InvalidAccessKeyId: { advice: "The AccessKey ID is unknown or disabled; check which credentials are in use" },
  InvalidSecurityToken: { advice: "The STS security token is invalid or expired; obtain fresh STS credentials" },
  SecurityTokenExpired: { advice: "The STS security token has expired; obtain fresh STS credentials" },
  AccessKeyIdAndSecurityTokenNotMatch: {
    advice: "The STS token does not belong to this AccessKey ID; use the ID, secret and token from the same STS response",
  },
  MissingCredentials: {
    // Nothing was sent: the client's message names the source that failed, or lists every source
    // it tried; this adds the Pulumi way.
    advice:
      "Fix the alicloud:* setting the message names (docs/configuration.md lists them all); with none set, " +
      `in a Pulumi stack: \`pulumi config set ${CONFIG_KEYS.accessKey} <AccessKeyId>\` and ` +
      `\`pulumi config set --secret ${CONFIG_KEYS.secretKey} <AccessKeySecret>\` (plus ${CONFIG_KEYS.securityToken} for STS)`,
  },
  RequestTimeTooSkewed: { advice: "This machine's clock is more than 15 minutes off; synchronise it (NTP)" },
  // Where the link lives.
  NoSuchBucket: {
    advice: (where) => {
      const place = [where.region !== undefined ? `region ${where.region}` : "", where.endpoint !== undefined ? `endpoint ${where.endpoint}` : ""]
        .filter((s) => s !== "")
        .join(", ");
      return `bucket "${where.bucket}" does not exist${place !== "" ? ` (${place})` : ""}; create the bucket first or fix \`bucket\`/\`region\``;
    },
  },
  NoSuchKey: { advice: "The object does not exist (or its current version is a delete marker)" },
  SecondLevelDomainForbidden: { advice: "The public OSS service refuses path-style requests; do not use an IP or path-style endpoint for aliyuncs.com" },
  // What is at the key.
  FileAlreadyExists: {
    advice:
      "To proceed, pick another `key`, delete the existing object, set `adopt: true` to take over an existing symlink (never a normal object), or set `forbidOverwrite: false` to overwrite it",
  },
  FileImmutable: {
    advice:
      "The bucket has a retention (WORM) policy that protects this key; links there cannot be written or deleted until the retention period expires. Use a key outside the protected data, or wait",
  },
  NotSymlink: { advice: "The object at this key is a normal object, not a symlink" },
  SymlinkTargetNotExist: { advice: "The symlink exists but its target object does not; create the target or repoint the link" },
  InvalidTargetType: { advice: "The symlink's target is itself a symlink; OSS follows only one level. Point it at a regular object" },
  InvalidObjectState: { advice: "The target is an Archive/ColdArchive object that has not been restored; restore it first" },
  MethodNotAllowed: { advice: "The addressed version is a delete marker, or the operation is not allowed on this resource" },
  // What was sent.
  InvalidArgument: { advice: "A parameter is invalid (e.g. storage class, ACL or header value); check the inputs" },
  InvalidObjectName: { advice: "Object keys must be 1–1023 UTF-8 bytes and must not start with '/' or '\\'" },
  InvalidBucketName: { advice: "Bucket names are 3–63 characters of lower-case letters, digits and hyphens" },
  PreconditionFailed: { advice: "A conditional header did not match" },
  RequestHeaderFieldsTooLarge: {
    advice:
      "The request headers are too large for the server (or a proxy in front of it): shorten contentType, cacheControl, contentDisposition or metadata, or the key and target",
  },
  // Load and the network.
  QpsLimitExceeded: { advice: THROTTLED },
  TooManyRequests: { advice: THROTTLED },
  ServiceUnavailable: { advice: "OSS is busy or throttling; run the command again later or reduce concurrency" },
  InternalError: { advice: "OSS had an internal error; run the command again later" },
  NetworkError: { advice: "The endpoint could not be reached after the client's retries; check the endpoint, DNS, proxy and network, then run the command again" },
  RequestTimeout: { advice: "OSS did not answer in time after the client's retries; run the command again, or check the network" },
  InvalidResponse: { advice: "The response was not a valid OSS error; check that the endpoint is an OSS service" },
  CrcMismatch: { advice: "The data read does not have the checksum OSS sent; run the command again" },
};

/** Codes that mean "these credentials cannot do this": the client's one set (provider/oss/ossError.ts). */
export { CREDENTIAL_ERROR_CODES };

/** The advice for `code`, with the credential help after it where the credentials are the likely culprit. */
export function hintFor(code: string, where: HintContext): string | undefined {
  const hint = ERROR_HINTS[code];
  if (hint === undefined) return undefined;
  const advice = typeof hint.advice === "function" ? hint.advice(where) : hint.advice;
  // Nothing was sent for MissingCredentials: its advice is the Pulumi way to set them.
  const refused = CREDENTIAL_ERROR_CODES.has(code) && code !== LOCAL_ERROR_CODES.missingCredentials;
  return refused ? `${advice}. ${CREDENTIAL_HELP}` : advice;
}
