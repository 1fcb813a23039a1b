/**
 * Create decisions: what to do when `x-oss-forbid-overwrite` hits an existing key, and what
 * `adopt: true` does with what is already there.
 */
import type { ExistingKey } from "./existingKey";
import { parseOwnerToken } from "./ownerToken";

/**
 * Outcome of a decision: go ahead (how), or refuse. A forbid-overwrite refusal says only what is
 * at the key: the final message (errors.ts) adds OSS's answer and the one FileAlreadyExists hint.
 */
type ConflictDecision =
  /** Our own predecessor (same ownerId): overwrite it without forbid-overwrite. */
  | { action: "overwriteOwn" }
  /** The key vanished between the 409 and our look: try the guarded create once more. */
  | { action: "retryGuarded" }
  | { action: "refuse"; message: string };

type AdoptDecision =
  /** Nothing there: create normally (honouring forbidOverwrite). */
  | { action: "create" }
  /** An existing symlink: take it over by writing our configuration and token. */
  | { action: "takeOver"; previousTarget: string }
  | { action: "refuse"; message: string };

/**
 * After PutSymlink with forbid-overwrite answered 409 FileAlreadyExists: replacing our own
 * previous link (same-key replacement) is what the user asked for; anything else is not ours.
 */
export function decideForbidConflict(existing: ExistingKey, ownerId: string): ConflictDecision {
  switch (existing.kind) {
    case "absent":
      return { action: "retryGuarded" };
    case "notSymlink":
      return {
        action: "refuse",
        message: "The key already exists and is a normal object, not a symlink; forbidOverwrite is true, so it was left untouched",
      };
    case "symlink": {
      if (parseOwnerToken(existing.ownerToken)?.ownerId === ownerId) return { action: "overwriteOwn" };
      const whose = existing.ownerToken === undefined ? "not created by this provider" : "owned by another Pulumi resource or stack";
      return {
        action: "refuse",
        message: `The key already exists as a symlink to "${existing.target}" (${whose}); forbidOverwrite is true, so it was left untouched`,
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
        message: `cannot adopt oss://${bucket}/${key}: it is a normal object, not a symlink, and adopting would replace its data. Pick another \`key\` or move that object away first`,
      };
  }
}
