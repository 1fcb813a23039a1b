/**
 * Effect: update. One PutSymlink over our own link, keeping its ownership token. With
 * `forbidOverwrite`, the write is guarded as at create: if someone replaced the link with a normal
 * object or another owner's link since, it is refused instead of clobbered (up to three requests).
 * With `verifyTarget`, one HeadObject of the target comes first.
 */
import type { OssClientApi, PutResult } from "../../oss/clientTypes";
import type { SymlinkInputs } from "../types";
import { guardedPut } from "./createLink";
import { putLink } from "./putLink";
import { verifyTarget } from "./verifyTarget";

/** Rewrites the link with `inputs`. */
export async function updateLink(client: OssClientApi, inputs: SymlinkInputs, ownerToken: string): Promise<PutResult> {
  if (inputs.verifyTarget) await verifyTarget(client, inputs.bucket, inputs.target);
  return inputs.forbidOverwrite ? guardedPut(client, inputs, ownerToken) : putLink(client, inputs, ownerToken, false);
}
