/**
 * The form a Symlink takes in Pulumi state, and back.
 *
 * Why a stored form: the file (and cloud) backends rewrite the whole snapshot after every step,
 * so every byte a Symlink keeps is written O(N) times in an `up` of N links (docs/performance.md).
 * State therefore keeps only what refresh, delete and diff cannot get otherwise
 * (docs/resource.md, "What state keeps"):
 *
 * - a field equal to its default (`acl: "default"`, `storageClass: "Standard"`, `metadata: {}`,
 *   `forbidOverwrite: false`, `adopt: false`) is left out: absent means the default, and
 *   {@link expandStored} puts it back before any decision reads it;
 * - `ownerId` is left out of outputs when `ownerToken` starts with it (`<ownerId>.<nonce>`);
 * - `url` is not stored: it is a function of region, endpoint, bucket and key (objectUrl.ts),
 *   and the SDK computes it.
 *
 * Both directions are pure. State written by earlier versions (every default spelled out, `url`
 * and `ownerId` stored) is read the same way: {@link expandStored} only fills what is missing.
 */
import { DEFAULTS } from "./check";
import { parseOwnerToken } from "./ownerToken";

/** Input fields whose default value is not stored. */
const DEFAULT_VALUES: Readonly<Record<string, unknown>> = {
  acl: DEFAULTS.acl,
  storageClass: DEFAULTS.storageClass,
  forbidOverwrite: DEFAULTS.forbidOverwrite,
  adopt: DEFAULTS.adopt,
  metadata: {},
};

/** Outputs earlier versions stored that are now derived, never kept. */
const DERIVED_OUTPUTS = ["url"] as const;

function isDefault(field: string, value: unknown): boolean {
  if (!(field in DEFAULT_VALUES)) return false;
  const d = DEFAULT_VALUES[field];
  if (typeof d === "object" && d !== null) {
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
  }
  return value === d;
}

/**
 * Checked inputs or outputs as stored: defaults and derived values dropped, and `ownerId` dropped
 * when the `ownerToken` beside it carries it. An unknown value (preview)
 * is a sentinel string, never equal to a default, so it is always kept.
 */
export function compactStored<T extends object>(props: T): T {
  const out: Record<string, unknown> = {};
  const token = (props as Record<string, unknown>)["ownerToken"];
  const tokenOwner = typeof token === "string" ? parseOwnerToken(token)?.ownerId : undefined;
  for (const [field, value] of Object.entries(props)) {
    if (value === undefined || isDefault(field, value)) continue;
    if ((DERIVED_OUTPUTS as readonly string[]).includes(field)) continue;
    if (field === "ownerId" && tokenOwner !== undefined && value === tokenOwner) continue;
    out[field] = value;
  }
  return out as T;
}

/**
 * Stored inputs or outputs (this version's compact form or an earlier version's full form) with
 * every default filled in and `ownerId` recovered from `ownerToken`: the shape lifecycle code
 * works on. A value that is present, even unknown, is never replaced.
 */
export function expandStored<T extends object>(props: T): T {
  const out: Record<string, unknown> = { ...(props as Record<string, unknown>) };
  for (const [field, d] of Object.entries(DEFAULT_VALUES)) {
    if (out[field] === undefined || out[field] === null) out[field] = typeof d === "object" && d !== null ? {} : d;
  }
  if (out["ownerId"] === undefined && typeof out["ownerToken"] === "string") {
    const owner = parseOwnerToken(out["ownerToken"])?.ownerId;
    if (owner !== undefined) out["ownerId"] = owner;
  }
  return out as T;
}
