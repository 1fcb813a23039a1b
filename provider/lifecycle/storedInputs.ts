/**
 * The inputs as stored in state, without the values that equal their schema default.
 *
 * Why: `check`'s result is what the engine stores as a resource's inputs, and five inputs are at
 * their default on most links (`acl: "default"`, `storageClass: "Standard"`, `metadata: {}`,
 * `forbidOverwrite: false`, `adopt: false`): 89 bytes per Symlink that say nothing
 * (docs/performance.md, "State"). An absent input already means its default everywhere the
 * stored inputs are read: `diff` compares through `defaultOf` (diff.ts), and create and update
 * put the defaults back with {@link withDefaults} before using the values. The outputs keep every
 * field, defaults included: during a preview the SDK resolves a declared output missing from
 * state as unknown (outputs.ts, withExplicitNulls).
 */
import { defaultOf, INPUT_FIELDS } from "./schema";

function isDefault(field: string, value: unknown): boolean {
  const d = defaultOf(field);
  if (d === undefined) return false;
  if (typeof d === "object" && d !== null) {
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0 && Object.keys(d).length === 0;
  }
  return value === d;
}

/** `inputs` without the schema inputs that hold their default value; everything else as is. */
export function withoutDefaults<T extends Record<string, unknown>>(inputs: T): T {
  const out: Record<string, unknown> = { ...inputs };
  for (const f of INPUT_FIELDS) if (f in out && isDefault(f, out[f])) delete out[f];
  return out as T;
}

/** `inputs` with every absent schema input that has a default set to it (a fresh copy of an object default). */
export function withDefaults<T extends Record<string, unknown>>(inputs: T): T {
  const out: Record<string, unknown> = { ...inputs };
  for (const f of INPUT_FIELDS) {
    if (out[f] !== undefined) continue;
    const d = defaultOf(f);
    if (d !== undefined) out[f] = typeof d === "object" && d !== null ? { ...d } : d;
  }
  return out as T;
}
