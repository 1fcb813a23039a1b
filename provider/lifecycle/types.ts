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
  /**
   * Set by a refresh with `verifyTarget` when the target no longer serves reads (gone, now a link,
   * archived): a short note such as `target "a.js" does not exist`. `diff` then plans an update,
   * which checks the target again before rewriting the link; a write clears it.
   */
  targetProblem?: string;
}

/** The property the dynamic provider host keeps in inputs and outputs (the provider text, provider/index.ts). */
export const PROVIDER_KEY = "__provider";

/**
 * The module every provider text this package stores loads by name when the host runs it
 * (provider/index.ts), so that any version of the text runs the installed implementation.
 */
export const IMPLEMENTATION_MODULE = "pulumi-oss-symlink/provider-impl";
