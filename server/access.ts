/**
 * Anonymous access rules. A signed request from the configured keys is the bucket owner and may
 * do anything; an unsigned one is checked against ACLs: the object's own ACL, or the bucket's when
 * the object's is `default` (buckets are private unless configured otherwise).
 */
import type { Principal } from "./auth/authenticate";
import { errors } from "./errors";
import type { BucketRecord } from "./store/objectStore";
import type { ObjectVersion } from "./store/types";

function effective(bucket: BucketRecord, version: ObjectVersion | undefined): string {
  return version === undefined || version.acl === "default" ? bucket.state.acl : version.acl;
}

/** Read access to one version (for a symlink, called for the link and again for its target). */
export function requireRead(p: Principal, bucket: BucketRecord, version: ObjectVersion): void {
  if (p === "owner") return;
  const acl = effective(bucket, version);
  if (acl !== "public-read" && acl !== "public-read-write") throw errors.accessDenied("You have no right to access this object because of bucket acl.");
}

/** Write access to a key whose current version is `existing` (if any). */
export function requireWrite(p: Principal, bucket: BucketRecord, existing: ObjectVersion | undefined): void {
  if (p === "owner") return;
  const live = existing !== undefined && !existing.deleteMarker ? existing : undefined;
  if (effective(bucket, live) !== "public-read-write") throw errors.accessDenied("You have no right to access this object because of bucket acl.");
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
