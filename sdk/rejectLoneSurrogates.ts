import * as pulumi from "@pulumi/pulumi";
import { INPUT_FIELDS, SYMLINK_SCHEMA, loneSurrogate } from "../provider/lifecycle/schema";
import type { SymlinkArgs } from "./types";

/** Declared inputs sent to OSS as text (keys, header values), from the schema; metadata is checked entry by entry. */
const STRING_INPUTS = INPUT_FIELDS.filter((f) => SYMLINK_SCHEMA[f].declared && SYMLINK_SCHEMA[f].text && f !== "metadata");

function assertWellFormed(resource: string, property: string, value: unknown): void {
  if (typeof value !== "string") return;
  const lone = loneSurrogate(value);
  if (lone === undefined) return;
  const { index: at, unit } = lone;
  throw new pulumi.RunError(
    `Symlink "${resource}": property ${property} contains a lone UTF-16 surrogate (U+${unit}) at index ${at}; remove it ` +
      "or write the whole character it belongs to. A lone surrogate has no UTF-8 form: Pulumi would drop or refuse it " +
      "before the provider could check it, and OSS keys and headers are UTF-8.",
  );
}

function assertMetadata(resource: string, metadata: unknown): void {
  if (metadata === null || typeof metadata !== "object") return;
  for (const [name, value] of Object.entries(metadata)) {
    assertWellFormed(resource, `metadata (name "${name}")`, name);
    assertWellFormed(resource, `metadata (value of "${name}")`, value);
  }
}

function isPlain(value: unknown): boolean {
  return !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/**
 * Refuses lone UTF-16 surrogates in the string inputs, naming the property and the fix.
 *
 * Why here and not in the provider's `check`: Pulumi's protobuf encoder runs before `check` and
 * mangles them (a high surrogate before another character is silently dropped, so the link would
 * be planned at a different key; other shapes fail with an error that names no property). Plain
 * values are checked now; Outputs and Promises when they resolve, during registration.
 */
export function rejectLoneSurrogates(resource: string, args: SymlinkArgs): SymlinkArgs {
  const checked: Record<string, unknown> = { ...args };
  for (const property of STRING_INPUTS) {
    const value: unknown = (args as Record<string, unknown>)[property];
    if (value === undefined) continue;
    if (isPlain(value)) assertWellFormed(resource, property, value);
    else checked[property] = pulumi.output(value).apply((v) => (assertWellFormed(resource, property, v), v));
  }
  const metadata: unknown = args.metadata;
  if (metadata !== undefined) {
    const plain = isPlain(metadata) && Object.values(metadata as object).every(isPlain);
    if (plain) assertMetadata(resource, metadata);
    else checked.metadata = pulumi.output(args.metadata).apply((m) => (assertMetadata(resource, m), m));
  }
  return checked as unknown as SymlinkArgs;
}
