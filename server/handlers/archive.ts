/**
 * Archive-class objects: which storage classes must be restored before their bytes can be read,
 * and the restore state a HEAD reports
 * (https://www.alibabacloud.com/help/en/oss/how-do-i-check-whether-the-oss-file-is-unfrozen).
 * A RestoreObject here completes at once (server/handlers/restoreObject.ts): an object is either
 * frozen, with no `x-oss-restore` header, or restored until a time, with
 * `ongoing-request="false", expiry-date="…"`; the in-progress state of OSS is not modelled.
 */
import type { ObjectVersion } from "../store/types";

/** Storage classes whose objects need a restore before a read. */
export const FROZEN_CLASSES: ReadonlySet<string> = new Set(["Archive", "ColdArchive", "DeepColdArchive"]);

/** Whether `v`'s bytes cannot be read at `now`: an Archive-class normal object not restored (or whose restore expired). */
export function isFrozen(v: ObjectVersion, now: number): boolean {
  return v.type === "Normal" && FROZEN_CLASSES.has(v.storageClass) && !(v.restoredUntil !== undefined && v.restoredUntil > now);
}

/** The `x-oss-restore` header of `v` at `now`: present only while a restore holds. */
export function restoreHeader(v: ObjectVersion, now: number): Record<string, string> {
  if (!FROZEN_CLASSES.has(v.storageClass) || v.restoredUntil === undefined || v.restoredUntil <= now) return {};
  return { "x-oss-restore": `ongoing-request="false", expiry-date="${new Date(v.restoredUntil).toUTCString()}"` };
}
