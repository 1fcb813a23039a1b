/**
 * What the user can do about an OSS error code: the advice the provider adds to the facts an
 * `OssError` carries. Moved here unchanged from provider/oss/parseError.ts, which now writes no
 * advice.
 */
import { LOCAL_ERROR_CODES } from "../oss/ossError";

/** What the user can do, per common code. */
export const OSS_HINTS: Readonly<Record<string, string>> = {
  NoSuchBucket: "Check the bucket name and that the client's region/endpoint is the bucket's region.",
  NoSuchKey: "The object does not exist (or its current version is a delete marker).",
  SymlinkTargetNotExist: "The symlink exists but its target object does not; create the target or repoint the link.",
  InvalidTargetType: "The symlink's target is itself a symlink; OSS follows only one level. Point it at a regular object.",
  NotSymlink: "The object at this key is not a symlink; GetSymlink only reads symlinks.",
  FileAlreadyExists: "The key already exists and forbidOverwrite is set; delete the object first or turn forbidOverwrite off.",
  FileImmutable: "The bucket has a retention (WORM) policy that protects this object; it cannot be changed until the policy allows it.",
  AccessDenied: "The credentials lack permission for this action (e.g. oss:PutObject, oss:GetObject, oss:PutObjectAcl), or a bucket policy denies it.",
  SignatureDoesNotMatch: "Check the access key secret; make sure the region is the bucket's region and nothing (a proxy) rewrites the request.",
  InvalidAccessKeyId: "The AccessKey ID is unknown or disabled; check which credentials are in use.",
  InvalidSecurityToken: "The STS security token is invalid or expired; obtain fresh STS credentials.",
  SecurityTokenExpired: "The STS security token has expired; obtain fresh STS credentials.",
  AccessKeyIdAndSecurityTokenNotMatch: "The STS token does not belong to this AccessKey ID; use the ID, secret and token from the same STS response.",
  RequestTimeTooSkewed: "This machine's clock is more than 15 minutes off; synchronise it (NTP).",
  InvalidArgument: "A parameter is invalid (e.g. storage class, ACL or header value); check the inputs.",
  InvalidObjectName: "Object keys must be 1–1023 UTF-8 bytes and must not start with '/' or '\\'.",
  InvalidBucketName: "Bucket names are 3–63 characters of lower-case letters, digits and hyphens.",
  SecondLevelDomainForbidden: "The public OSS service refuses path-style requests; do not set pathStyle for aliyuncs.com endpoints.",
  MethodNotAllowed: "The addressed version is a delete marker, or the operation is not allowed on this resource.",
  InvalidObjectState: "The target is an Archive/ColdArchive object that has not been restored; restore it first.",
  QpsLimitExceeded: "Requests are being throttled; reduce the request rate or concurrency.",
  TooManyRequests: "Requests are being throttled; reduce the request rate or concurrency.",
  ServiceUnavailable: "OSS is busy or throttling; try again later or reduce concurrency.",
  InternalError: "OSS had an internal error; try again later.",
  PreconditionFailed: "A conditional header did not match.",
  RequestHeaderFieldsTooLarge:
    "The request headers are too large for the server (or a proxy in front of it): shorten contentType, cacheControl, contentDisposition or metadata, or the key and target.",
  [LOCAL_ERROR_CODES.invalidResponse]: "The response was not a valid OSS error; check that the endpoint is an OSS service.",
};
