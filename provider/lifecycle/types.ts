/**
 * Plain (already resolved) shapes of a Symlink's inputs and outputs as the provider sees them.
 * The SDK's `SymlinkArgs` wraps these in `pulumi.Input`; by the time `check` has run every
 * default is filled in and region/endpoint are resolved, so inner functions can trust them.
 */
import type { ObjectAcl, SymlinkStorageClass } from "../oss/constants";

/** Inputs after `check`: defaults filled, region/endpoint resolved. */
export interface SymlinkInputs {
  bucket: string;
  key: string;
  /** Decoded key of the target object, same bucket. */
  target: string;
  acl: ObjectAcl;
  storageClass: SymlinkStorageClass;
  /** User metadata, names lower case and without the `x-oss-meta-` prefix. */
  metadata: Record<string, string>;
  forbidOverwrite: boolean;
  adopt: boolean;
  cacheControl?: string;
  contentDisposition?: string;
  contentType?: string;
  /** Bare region (`cn-hangzhou`). */
  region: string;
  /** Custom endpoint, when one was given (input, config or env); absent means the public endpoint of `region`. */
  endpoint?: string;
  /** Stable id of the logical resource (hash of project/stack/name), computed by the SDK. */
  ownerId: string;
}

/** Outputs stored in state: the inputs plus what OSS reported. */
export interface SymlinkOutputs extends SymlinkInputs {
  etag: string;
  versionId?: string;
  lastModified?: string;
  /** Public (unsigned) URL of the link. */
  url: string;
  /** `<ownerId>.<nonce>` written to `x-oss-meta-pulumi-owner`; decides whether delete may remove the live link. */
  ownerToken: string;
}

/** The user-facing input field names, in the order docs list them. */
export const INPUT_FIELDS = [
  "bucket",
  "key",
  "target",
  "acl",
  "storageClass",
  "metadata",
  "forbidOverwrite",
  "adopt",
  "cacheControl",
  "contentDisposition",
  "contentType",
  "region",
  "endpoint",
  "ownerId",
] as const satisfies readonly (keyof SymlinkInputs)[];

/** Changing one of these replaces the resource (diff.ts says why a same-key replacement is safe). */
export const REPLACE_FIELDS = [
  "bucket",
  "key",
  "region",
  "endpoint",
  "target",
  "acl",
  "storageClass",
] as const satisfies readonly (keyof SymlinkInputs)[];

/** Changing one of these updates the link in place (one PutSymlink). */
export const UPDATE_FIELDS = [
  "metadata",
  "cacheControl",
  "contentDisposition",
  "contentType",
  "forbidOverwrite",
  "adopt",
  "ownerId",
] as const satisfies readonly (keyof SymlinkInputs)[];

/** The property the dynamic provider host adds to inputs and outputs (the serialized shim). */
export const PROVIDER_KEY = "__provider";
