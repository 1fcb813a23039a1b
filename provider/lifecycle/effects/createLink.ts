/**
 * Effect: create. One PutSymlink in the common case. With `forbidOverwrite`, a 409 leads to one
 * GetSymlink and, if the key holds our own predecessor, one more PutSymlink. With `adopt`, a
 * GetSymlink comes first. With `verifyTarget`, one HeadObject of the target before anything else.
 */
import type { OssClientApi, PutResult } from "../../oss/clientTypes";
import { decideAdopt, decideForbidConflict } from "../createPlan";
import { ossErrorCode, SymlinkProviderError } from "../errors";
import type { SymlinkInputs } from "../types";
import { lookupKey } from "./lookupKey";
import { putLink } from "./putLink";
import { verifyTarget } from "./verifyTarget";

/**
 * PutSymlink with `x-oss-forbid-overwrite: true`. On 409 the key is looked at: our own link (same
 * `ownerId`: a predecessor, or this resource itself) is overwritten; anything else is refused.
 */
export async function guardedPut(client: OssClientApi, inputs: SymlinkInputs, ownerToken: string, retried = false): Promise<PutResult> {
  try {
    return await putLink(client, inputs, ownerToken, true);
  } catch (err) {
    if (ossErrorCode(err) !== "FileAlreadyExists") throw err;
    const decision = decideForbidConflict(await lookupKey(client, inputs.bucket, inputs.key), inputs.ownerId);
    if (decision.action === "overwriteOwn") return putLink(client, inputs, ownerToken, false);
    if (decision.action === "retryGuarded" && !retried) return guardedPut(client, inputs, ownerToken, true);
    const found = decision.action === "refuse" ? decision.message : "OSS keeps reporting an existing object but GetSymlink finds none";
    throw new SymlinkProviderError(found, "FileAlreadyExists", { cause: err });
  }
}

/** Creates the link for `inputs` with `ownerToken`; returns what the final PutSymlink reported. */
export async function createLink(client: OssClientApi, inputs: SymlinkInputs, ownerToken: string): Promise<PutResult> {
  if (inputs.verifyTarget) await verifyTarget(client, inputs.bucket, inputs.target);
  if (inputs.adopt) {
    const decision = decideAdopt(await lookupKey(client, inputs.bucket, inputs.key), inputs.bucket, inputs.key);
    if (decision.action === "refuse") throw new SymlinkProviderError(decision.message, "CannotAdopt");
    if (decision.action === "takeOver") return putLink(client, inputs, ownerToken, false);
  }
  if (inputs.forbidOverwrite) return guardedPut(client, inputs, ownerToken);
  return putLink(client, inputs, ownerToken, false);
}
