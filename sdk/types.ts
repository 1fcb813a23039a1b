/**
 * Public types of the Symlink resource, derived from the schema (provider/lifecycle/schema.ts):
 * each argument is the schema's plain value type wrapped in `pulumi.Input`, with its TSDoc.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SymlinkAcl, SymlinkStorageClass, SymlinkValues } from "../provider/lifecycle/schema";

export type { SymlinkAcl, SymlinkStorageClass };

/** Arguments of a {@link Symlink}: every input of the schema except `ownerId`, which the SDK computes. */
export type SymlinkArgs = {
  [K in keyof Omit<SymlinkValues, "ownerId">]: NonNullable<SymlinkValues[K]> extends Record<string, string>
    ? pulumi.Input<Record<string, pulumi.Input<string>>>
    : pulumi.Input<NonNullable<SymlinkValues[K]>>;
};
