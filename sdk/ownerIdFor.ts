/**
 * The stable owner id of a logical Symlink: a short hash of project, stack and resource name.
 * Every link this resource writes carries it (in `x-oss-meta-pulumi-owner`), so a same-key
 * replacement recognises its predecessor while other stacks' links stay foreign.
 */
import { createHash } from "node:crypto";

/** 16 hex characters of SHA-256(`project/stack/name`). */
export function ownerIdFor(project: string, stack: string, name: string): string {
  return createHash("sha256").update(`${project}/${stack}/${name}`, "utf8").digest("hex").slice(0, 16);
}
