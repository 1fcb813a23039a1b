/**
 * `diff`: decides replace vs in-place update vs nothing, with no network access.
 *
 * `olds` are the stored **outputs** (the host does not forward old inputs), `news` the checked
 * inputs. Replacement never asks for delete-before-replace: PutSymlink overwrites the same key
 * atomically, so create-new-then-delete-old keeps the link resolvable the whole time; the
 * ownership token (ownerToken.ts) stops the old resource's delete from removing the new link.
 */
import { defaultOf, fieldsWhere } from "./schema";
import { IMPLEMENTATION_MODULE, PROVIDER_KEY } from "./types";
import { containsUnknown, isUnknown } from "./unknown";

/** The dynamic-provider diff result we produce; `changes` is always set. */
interface SymlinkDiff {
  changes: boolean;
  replaces: string[];
  /**
   * Fields that differ (replace-triggering or not). Empty with `changes` true: only `__provider`
   * differs, from a text that is not this package's, and update returns the old outputs.
   */
  changed: string[];
}

/** The schema's change effects, read once. */
const REPLACE_FIELDS = fieldsWhere("replace");
const IN_PLACE_FIELDS = [...fieldsWhere("update"), ...fieldsWhere("record")];

/** An absent, null or empty value counts as the field's default (older state lacks defaulted fields). */
function normalized(props: Record<string, unknown>, field: string): unknown {
  const v = props[field];
  if (v === undefined || v === null || v === "") return defaultOf(field);
  return v;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
    return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Fields among `fields` whose new value differs from (or is not yet known against) the old one. */
function changedFields(olds: Record<string, unknown>, news: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.filter((f) => {
    const n = normalized(news, f);
    // An unknown value may turn out to be anything; report it as a change.
    if (containsUnknown(n)) return true;
    return !sameValue(normalized(olds, f), n);
  });
}

/** Compares stored outputs with new checked inputs. */
export function diffSymlink(olds: Record<string, unknown>, news: Record<string, unknown>): SymlinkDiff {
  const replaces = changedFields(olds, news, REPLACE_FIELDS);
  // A refresh found the target no longer serves reads (verifyTarget): an update checks it again.
  const targetGone = typeof olds.targetProblem === "string" && news.verifyTarget === true ? ["targetProblem"] : [];
  const updates = [...changedFields(olds, news, IN_PLACE_FIELDS), ...targetGone];
  const changed = [...replaces, ...updates];
  if (changed.length > 0) return { changes: true, replaces, changed };
  // Only the stored provider text differs. A text this package stored loads the implementation by
  // package name when it runs (provider/index.ts), so an older one runs the installed code as the
  // new one would: a package upgrade shows no change and sends nothing. Any other text (written by
  // hand, or by something else) is replaced by an update that sends no request.
  const newProvider = news[PROVIDER_KEY];
  const oldProvider = olds[PROVIDER_KEY];
  const ours = typeof oldProvider === "string" && oldProvider.includes(IMPLEMENTATION_MODULE);
  const providerChanged = newProvider !== undefined && !isUnknown(newProvider) && oldProvider !== newProvider && !ours;
  return { changes: providerChanged, replaces: [], changed: [] };
}
