/** Input rules checked at the server boundary (docs/oss.md §1.2, §1.9, §2.1). */
import { errors } from "./errors";
import type { ObjectAclValue } from "./store/types";

const KEY_MAX_BYTES = 1023;
const USER_META_MAX_BYTES = 8192;
const META_PREFIX = "x-oss-meta-";
const META_NAME = /^[A-Za-z0-9-]+$/;
const OBJECT_ACLS: ReadonlySet<string> = new Set(["default", "private", "public-read", "public-read-write"]);
/** Storage classes PutSymlink accepts (documented list). */
export const SYMLINK_STORAGE_CLASSES: ReadonlySet<string> = new Set(["Standard", "IA", "Archive"]);
/** Storage classes PutObject accepts. */
export const OBJECT_STORAGE_CLASSES: ReadonlySet<string> = new Set(["Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"]);
/** Standard headers stored with an object and returned on GET/HEAD. */
const STORED_HEADERS = ["content-type", "cache-control", "content-disposition", "content-encoding", "expires"] as const;

/** Why a key is not a valid object name, or undefined when it is. */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return "The Object name can not be empty.";
  if (Buffer.byteLength(key, "utf8") > KEY_MAX_BYTES) return "The Length of Object name must be less than 1024.";
  if (key.startsWith("/") || key.startsWith("\\")) return "The specified object is not valid: it must not start with '/' or '\\'.";
  return undefined;
}

/** Throws InvalidObjectName unless `key` is a valid object name. */
export function checkKey(key: string): void {
  const p = keyProblem(key);
  if (p !== undefined) throw errors.invalidObjectName(p);
}

/** `x-oss-object-acl`, defaulting to `default`; 400 InvalidArgument for unknown values. */
export function parseObjectAcl(value: string | undefined, required = false): ObjectAclValue {
  if (value === undefined) {
    if (required) throw errors.invalidArgument("The x-oss-object-acl header is required.", "x-oss-object-acl", "");
    return "default";
  }
  if (!OBJECT_ACLS.has(value)) throw errors.invalidArgument("no such object access control exists", "x-oss-object-acl", value);
  return value as ObjectAclValue;
}

/** `x-oss-storage-class`, defaulting to `Standard`; 400 InvalidArgument outside `allowed`. */
export function parseStorageClass(value: string | undefined, allowed: ReadonlySet<string>): string {
  if (value === undefined) return "Standard";
  if (!allowed.has(value)) throw errors.invalidArgument("Invalid storage class.", "x-oss-storage-class", value);
  return value;
}

/** `x-oss-forbid-overwrite: true` (case-insensitive); anything else means overwrite. */
export function forbidOverwrite(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === "true";
}

/**
 * User metadata: names letters/digits/`-` only, lower-cased; Σ bytes of full name + value ≤ 8192.
 * Values are counted as the bytes received (Node reads header values as latin1, one byte each).
 */
export function collectUserMeta(headers: Readonly<Record<string, string>>): Record<string, string> {
  const meta: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(META_PREFIX)) continue;
    const suffix = name.slice(META_PREFIX.length);
    if (!META_NAME.test(suffix)) {
      throw errors.userMetaInvalid(`The user metadata name '${name}' is invalid: use letters, digits and '-' only.`, "0011-00000004");
    }
    bytes += Buffer.byteLength(name, "latin1") + Buffer.byteLength(value, "latin1");
    meta[name] = value;
  }
  if (bytes > USER_META_MAX_BYTES) {
    throw errors.userMetaInvalid(`The total size of user metadata (${bytes} bytes) exceeds 8192 bytes.`, "0011-00000002");
  }
  return meta;
}

/** The standard content headers of a request that are stored with the object. */
export function collectStoredHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of STORED_HEADERS) {
    const v = headers[h];
    if (v !== undefined) out[h] = v;
  }
  return out;
}
