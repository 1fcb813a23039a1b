/**
 * Create decisions: what to do when `x-oss-forbid-overwrite` hits an existing key, and what
 * `adopt: true` does with what is already there.
 */
import type { ExistingKey } from "./existingKey";
import { parseOwnerToken } from "./ownerToken";

/** Outcome of a decision: go ahead (how), or refuse with a message the user can act on. */
export type ConflictDecision =
  /** Our own predecessor (same ownerId): overwrite it without forbid-overwrite. */
  | { action: "overwriteOwn" }
  /** The key vanished between the 409 and our look: try the guarded create once more. */
  | { action: "retryGuarded" }
  | { action: "refuse"; message: string };

export type AdoptDecision =
  /** Nothing there: create normally (honouring forbidOverwrite). */
  | { action: "create" }
  /** An existing symlink: take it over by writing our configuration and token. */
  | { action: "takeOver"; previousTarget: string }
  | { action: "refuse"; message: string };

function where(bucket: string, key: string): string {
  return `oss://${bucket}/${key}`;
}

/**
 * After PutSymlink with forbid-overwrite answered 409 FileAlreadyExists: replacing our own
 * previous link (same-key replacement) is what the user asked for; anything else is not ours.
 */
export function decideForbidConflict(existing: ExistingKey, ownerId: string, bucket: string, key: string): ConflictDecision {
  const fixes =
    "pick another `key`, delete the existing object, set `adopt: true` to take over an existing symlink, or set `forbidOverwrite: false` to overwrite it";
  switch (existing.kind) {
    case "absent":
      return { action: "retryGuarded" };
    case "notSymlink":
      return {
        action: "refuse",
        message: `FileAlreadyExists: ${where(bucket, key)} already exists and is a normal object, not a symlink; forbidOverwrite is true, so it was left untouched. To proceed, pick another \`key\` or delete that object`,
      };
    case "symlink": {
      if (parseOwnerToken(existing.ownerToken)?.ownerId === ownerId) return { action: "overwriteOwn" };
      const whose = existing.ownerToken === undefined ? "not created by this provider" : "owned by another Pulumi resource or stack";
      return {
        action: "refuse",
        message: `FileAlreadyExists: ${where(bucket, key)} already exists as a symlink to "${existing.target}" (${whose}); forbidOverwrite is true, so it was left untouched. To proceed, ${fixes}`,
      };
    }
  }
}

/** `adopt: true`: take over an existing symlink, never a normal object. */
export function decideAdopt(existing: ExistingKey, bucket: string, key: string): AdoptDecision {
  switch (existing.kind) {
    case "absent":
      return { action: "create" };
    case "symlink":
      return { action: "takeOver", previousTarget: existing.target };
    case "notSymlink":
      return {
        action: "refuse",
        message: `cannot adopt ${where(bucket, key)}: it is a normal object, not a symlink, and adopting would replace its data. Pick another \`key\` or move that object away first`,
      };
  }
}
