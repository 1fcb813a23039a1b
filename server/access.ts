/**
 * Anonymous access rules. A signed request from the configured keys is the bucket owner and may
 * do anything; an unsigned one is checked against ACLs: the object's own ACL, or the bucket's when
 * the object's is `default` (buckets are private unless configured otherwise). ACLs grant no
 * version-specific deletion, and a caller who may not list a bucket is not told which keys or
 * versions it lacks (docs/server.md, "Anonymous access").
 */
import type { Caller, Principal } from "./auth/authenticate";
import { errors, type OssServerError } from "./errors";
import type { Operation } from "./operations";
import type { BucketRecord } from "./store/objectStore";
import type { ObjectVersion } from "./store/types";

const OBJECT_DENIED = "You have no right to access this object because of bucket acl.";

function effective(bucket: BucketRecord, version: ObjectVersion | undefined): string {
  return version === undefined || version.acl === "default" ? bucket.state.acl : version.acl;
}

/** Read access to one version (for a symlink, called for the link and again for its target). */
export function requireRead(p: Principal, bucket: BucketRecord, version: ObjectVersion): void {
  if (p === "owner") return;
  const acl = effective(bucket, version);
  if (acl !== "public-read" && acl !== "public-read-write") throw errors.accessDenied(OBJECT_DENIED);
}

/** Write access to a key whose current version is `existing` (if any). */
export function requireWrite(p: Principal, bucket: BucketRecord, existing: ObjectVersion | undefined): void {
  if (p === "owner") return;
  const live = existing !== undefined && !existing.deleteMarker ? existing : undefined;
  if (effective(bucket, live) !== "public-read-write") throw errors.accessDenied(OBJECT_DENIED);
}

/**
 * DeleteObject with a version id removes history for good: in OSS that is its own permission,
 * `oss:DeleteObjectVersion` (https://www.alibabacloud.com/help/doc-detail/31982.htm),
 * which no ACL grants, so only the owner has it here.
 */
export function requireDeleteVersion(p: Principal): void {
  if (p !== "owner") throw errors.accessDenied("Anonymous access is forbidden for deleting a specific version of an object.");
}

/** Whether the caller may list the bucket, and so may learn whether a key or version exists. */
function mayList(p: Principal, bucket: BucketRecord): boolean {
  return p === "owner" || bucket.state.acl !== "private";
}

/**
 * The answer for a key or version that is missing (or a delete marker): `notFound` for a caller
 * who may list the bucket; for anyone else the very AccessDenied an existing private object gets,
 * so that 404 versus 403 (or a delete marker's version id) does not tell what the bucket holds.
 */
export function absent(p: Principal, bucket: BucketRecord, notFound: OssServerError): OssServerError {
  return mayList(p, bucket) ? notFound : errors.accessDenied(OBJECT_DENIED);
}

/** Bucket listing. */
export function requireList(p: Principal, bucket: BucketRecord): void {
  if (p === "owner") return;
  if (bucket.state.acl === "private") throw errors.accessDenied("You have no right to access this bucket because of bucket acl.");
}

/** Operations only the owner may call (ACL and versioning configuration). */
export function requireOwner(p: Principal): void {
  if (p !== "owner") throw errors.accessDenied("Anonymous access is forbidden for this operation.");
}

/**
 * Temporary credentials issued with a session policy may make a call only when the policy allows
 * its RAM action on the bucket or object, and, for a request that names a version, the
 * version action too (docs/oss.md §1.11). Other callers are not limited here.
 */
export function requireSessionPolicy(
  caller: Caller, operation: Operation, query: ReadonlyMap<string, string>, region: string, bucket: string, key: string | undefined,
): void {
  if (caller.sessionPolicy === undefined || operation.ram === undefined) return;
  const actions = operation.ramVersion !== undefined && query.has("versionId") ? [operation.ram, operation.ramVersion] : [operation.ram];
  if (caller.sessionPolicy.denied(actions, region, bucket, key) !== undefined) throw errors.deniedBySessionPolicy();
}
