/**
 * Plain (already resolved) shapes of a Symlink's inputs and outputs as the provider sees them.
 * The inputs come from the schema (schema.ts); by the time `check` has run every default is
 * filled in and region/endpoint are resolved, so inner functions can trust them.
 */
import type { SymlinkInputs } from "./schema";

export type { SymlinkInputs } from "./schema";

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

/** The property the dynamic provider host keeps in inputs and outputs (the provider text, provider/index.ts). */
export const PROVIDER_KEY = "__provider";
