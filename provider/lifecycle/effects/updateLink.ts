/**
 * Effect: update. One PutSymlink over our own link, keeping its ownership token. With
 * `forbidOverwrite`, the write is guarded as at create: if someone replaced the link with a normal
 * object or another owner's link since, it is refused instead of clobbered (up to three requests).
 */
import type { OssClientApi, PutResult } from "../../oss/clientTypes";
import type { SymlinkInputs } from "../types";
import { guardedPut } from "./createLink";
import { putLink } from "./putLink";

/** Rewrites the link with `inputs`. */
export function updateLink(client: OssClientApi, inputs: SymlinkInputs, ownerToken: string): Promise<PutResult> {
  return inputs.forbidOverwrite ? guardedPut(client, inputs, ownerToken) : putLink(client, inputs, ownerToken, false);
}
