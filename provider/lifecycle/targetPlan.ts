/**
 * `verifyTarget` decisions: what one HEAD of the target says about it, and what the user is told
 * when a link to it would not serve reads. Pure; the HEAD itself is the effect
 * effects/verifyTarget.ts. What HEAD answers (docs/oss.md §1.4): a missing key is 404 `NoSuchKey`;
 * HEAD follows a link, so a target that is itself a link answers 200 with `x-oss-object-type:
 * Symlink`, or the error of following it (`SymlinkTargetNotExist`, `InvalidTargetType`,
 * `InvalidObjectState`); an Archive-class object answers its metadata with `x-oss-storage-class`
 * and, once a restore was asked for, `x-oss-restore`.
 */
import type { HeadObjectResult } from "../oss/clientTypes";
import { ABSENT_CODES } from "./errors";

/** Storage classes whose objects must be restored before a read (docs/oss.md §1.4). */
const FROZEN_STORAGE_CLASSES: ReadonlySet<string> = new Set(["Archive", "ColdArchive", "DeepColdArchive"]);

/** OSS codes a HEAD of a target answers when the target is a link that cannot be followed. */
const FOLLOWED_LINK_CODES: ReadonlySet<string> = new Set(["SymlinkTargetNotExist", "InvalidTargetType", "InvalidObjectState"]);

/** What the HEAD of a target found. */
export type TargetFinding =
  | { kind: "ok" }
  | { kind: "missing"; requestId?: string }
  /** `answered`: what HEAD said (the object type, or the code of following the link). */
  | { kind: "symlink"; answered: string; requestId?: string }
  | { kind: "archived"; storageClass: string; restore?: string; requestId?: string };

/** The finding for a HEAD that answered `head`. */
export function findingFromHead(head: HeadObjectResult): TargetFinding {
  const requestId = head.requestId !== undefined ? { requestId: head.requestId } : {};
  if (head.objectType === "Symlink") return { kind: "symlink", answered: "200 with x-oss-object-type: Symlink", ...requestId };
  if (head.storageClass !== undefined && FROZEN_STORAGE_CLASSES.has(head.storageClass)) {
    return { kind: "archived", storageClass: head.storageClass, ...(head.restore !== undefined ? { restore: head.restore } : {}), ...requestId };
  }
  return { kind: "ok" };
}

/** The finding for a HEAD that failed with OSS `code`, or undefined when the failure says nothing about the target. */
export function findingFromError(code: string, status: number | undefined, requestId: string | undefined): TargetFinding | undefined {
  const id = requestId !== undefined ? { requestId } : {};
  if (ABSENT_CODES.has(code)) return { kind: "missing", ...id };
  if (FOLLOWED_LINK_CODES.has(code)) return { kind: "symlink", answered: `${status ?? "an error"} ${code}`, ...id };
  return undefined;
}

/** A refusal: its stable code, what was found and what to do, each one sentence (errors.ts writes the line). */
interface TargetRefusalText {
  code: "TargetNotFound" | "TargetIsSymlink" | "TargetArchived";
  found: string;
  fix: string;
}

const TURN_OFF = "or set `verifyTarget: false` to write the link anyway";

/** How a restore state reads in a sentence. */
function restoreState(restore: string | undefined): string {
  if (restore === undefined) return "not restored";
  if (/ongoing-request="true"/.test(restore)) return "a restore is in progress";
  const expiry = /expiry-date="([^"]*)"/.exec(restore)?.[1];
  return expiry !== undefined ? `restored until ${expiry}, then frozen again` : `restore state ${restore}`;
}

/**
 * What the user is told about `target` (in the link's bucket) when the finding is not `ok`;
 * `linkedTo` is where a target that is itself a link points, when that could be read.
 */
export function targetRefusal(finding: Exclude<TargetFinding, { kind: "ok" }>, target: string, linkedTo?: string): TargetRefusalText {
  switch (finding.kind) {
    case "missing":
      return {
        code: "TargetNotFound",
        found: `verifyTarget found no object at the target "${target}" (HeadObject answered 404 NoSuchKey), so every read through the link would fail with SymlinkTargetNotExist`,
        fix:
          "Upload the target first (in the same program, give the Symlink `dependsOn` the upload or pass the upload's key Output as `target`), " +
          `fix \`target\`, ${TURN_OFF}`,
      };
    case "symlink":
      return {
        code: "TargetIsSymlink",
        found:
          `verifyTarget found that the target "${target}" is itself a symlink${linkedTo !== undefined ? ` (to "${linkedTo}")` : ""} ` +
          `(HeadObject answered ${finding.answered}); OSS follows one link only, so every read through this link would fail with InvalidTargetType`,
        fix: `Point \`target\` at ${linkedTo !== undefined ? `"${linkedTo}" or another` : "a"} regular object, ${TURN_OFF}`,
      };
    case "archived":
      return {
        code: "TargetArchived",
        found:
          `verifyTarget found that the target "${target}" is stored as ${finding.storageClass} (${restoreState(finding.restore)}), ` +
          "so reads through the link fail with InvalidObjectState whenever it is not restored",
        fix: `Convert the target to Standard or IA (a restore is temporary), point \`target\` at another object, ${TURN_OFF}`,
      };
  }
}

/**
 * The short drift note refresh stores for a target that stopped serving reads, shown in `pulumi
 * preview --refresh` (single quotes: the CLI escapes double quotes inside a displayed string).
 */
export function targetProblemNote(finding: Exclude<TargetFinding, { kind: "ok" }>, target: string): string {
  switch (finding.kind) {
    case "missing":
      return `target '${target}' does not exist`;
    case "symlink":
      return `target '${target}' is itself a symlink`;
    case "archived":
      return `target '${target}' is ${finding.storageClass} (${restoreState(finding.restore)})`;
  }
}
