/**
 * The delete decision. Deleting is only safe when the live link is the very one this resource
 * wrote: the token check is what makes a same-key replacement (create new, then delete old)
 * leave the new link in place, also for `pulumi up --replace` and for a pending delete that an
 * interrupted update left behind for a later run.
 */
import type { ExistingKey } from "./existingKey";
import { parseOwnerToken } from "./ownerToken";

export type DeleteDecision =
  /** Our link is live: DeleteObject. */
  | "delete"
  /** Nothing there (or only a delete marker): already deleted. */
  | "gone"
  /** A symlink carrying another token: a successor (or someone else) owns the key now. */
  | "foreign"
  /** A normal object: never delete data we did not write. */
  | "notSymlink";

/**
 * Bound on the versions one delete removes (each costs a GetSymlink and a DeleteObject): a link
 * updated more often than this on a versioned bucket is left with its older versions, and the
 * delete fails saying so rather than running on.
 */
export const MAX_VERSIONS_PER_DELETE = 1000;

/**
 * On a versioned bucket, the first version to delete: the one GetSymlink just read, when it is
 * our own link. `undefined` when it is not ours, or when GetSymlink named no version (an
 * unversioned bucket: then delete can only remove the current object).
 */
export function versionToDelete(existing: ExistingKey, ourToken: string | undefined): string | undefined {
  if (existing.kind !== "symlink" || decideDelete(existing, ourToken) !== "delete") return undefined;
  return existing.versionId;
}

/**
 * After our version is removed, the version that became current again, when it belongs to the
 * same logical resource (same `ownerId`): an earlier version of our link (each update writes
 * one) or of a predecessor that a replacement superseded (each release of a "latest" pointer).
 * Left in place, it would make a destroyed link serve an old target. A link of another resource,
 * a normal object or nothing ends the walk.
 */
export function resurfacedVersionToDelete(existing: ExistingKey, ourToken: string | undefined): string | undefined {
  if (existing.kind !== "symlink" || existing.versionId === undefined) return undefined;
  const ours = parseOwnerToken(ourToken);
  const live = parseOwnerToken(existing.ownerToken);
  return ours !== undefined && live !== undefined && live.ownerId === ours.ownerId ? existing.versionId : undefined;
}

/** Decides what delete does given what GetSymlink found and the token in our state. */
export function decideDelete(existing: ExistingKey, ourToken: string | undefined): DeleteDecision {
  switch (existing.kind) {
    case "absent":
      return "gone";
    case "notSymlink":
      return "notSymlink";
    case "symlink":
      // A state without a token (hand-edited) owns nothing we can prove: leave the key alone.
      return ourToken !== undefined && existing.ownerToken === ourToken ? "delete" : "foreign";
  }
}
