/**
 * Effect: create. One PutSymlink in the common case. With `forbidOverwrite`, a 409 leads to one
 * GetSymlink and, if the key holds our own predecessor, one more PutSymlink. With `adopt`, a
 * GetSymlink comes first.
 */
import type { OssClientApi, PutResult } from "../../oss/clientTypes";
import { decideAdopt, decideForbidConflict } from "../createPlan";
import { ossErrorCode, SymlinkProviderError } from "../errors";
import type { SymlinkInputs } from "../types";
import { lookupKey } from "./lookupKey";
import { putLink } from "./putLink";

/** What create did. */
export interface CreateOutcome {
  write: PutResult;
  /** Set when an existing symlink was taken over (`adopt`) or our predecessor overwritten. */
  replacedTarget?: string;
  how: "created" | "adopted" | "overwroteOwn";
}

async function guardedCreate(client: OssClientApi, inputs: SymlinkInputs, ownerToken: string, retried: boolean): Promise<CreateOutcome> {
  try {
    return { write: await putLink(client, inputs, ownerToken, true), how: "created" };
  } catch (err) {
    if (ossErrorCode(err) !== "FileAlreadyExists") throw err;
    const { existing } = await lookupKey(client, inputs.bucket, inputs.key);
    const decision = decideForbidConflict(existing, inputs.ownerId, inputs.bucket, inputs.key);
    if (decision.action === "overwriteOwn") {
      const target = existing.kind === "symlink" ? existing.target : undefined;
      const outcome: CreateOutcome = { write: await putLink(client, inputs, ownerToken, false), how: "overwroteOwn" };
      if (target !== undefined) outcome.replacedTarget = target;
      return outcome;
    }
    if (decision.action === "retryGuarded" && !retried) return guardedCreate(client, inputs, ownerToken, true);
    const message =
      decision.action === "refuse"
        ? decision.message
        : `FileAlreadyExists: oss://${inputs.bucket}/${inputs.key} keeps reporting an existing object but GetSymlink finds none; retry the update`;
    throw new SymlinkProviderError(message, "FileAlreadyExists", { cause: err });
  }
}

/** Creates the link for `inputs` with `ownerToken`. */
export async function createLink(client: OssClientApi, inputs: SymlinkInputs, ownerToken: string): Promise<CreateOutcome> {
  if (inputs.adopt) {
    const { existing } = await lookupKey(client, inputs.bucket, inputs.key);
    const decision = decideAdopt(existing, inputs.bucket, inputs.key);
    if (decision.action === "refuse") throw new SymlinkProviderError(decision.message, "CannotAdopt");
    if (decision.action === "takeOver") {
      return {
        write: await putLink(client, inputs, ownerToken, false),
        how: "adopted",
        replacedTarget: decision.previousTarget,
      };
    }
  }
  if (inputs.forbidOverwrite) return guardedCreate(client, inputs, ownerToken, false);
  return { write: await putLink(client, inputs, ownerToken, false), how: "created" };
}
