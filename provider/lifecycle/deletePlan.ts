/**
 * The delete decision. Deleting is only safe when the live link is the very one this resource
 * wrote: the token check is what makes a same-key replacement (create new, then delete old)
 * leave the new link in place, also for `pulumi up --replace` and for a pending delete that an
 * interrupted update left behind for a later run.
 */
import type { ExistingKey } from "./existingKey";

export type DeleteDecision =
  /** Our link is live: DeleteObject. */
  | "delete"
  /** Nothing there (or only a delete marker): already deleted. */
  | "gone"
  /** A symlink carrying another token: a successor (or someone else) owns the key now. */
  | "foreign"
  /** A normal object: never delete data we did not write. */
  | "notSymlink";

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
