/** Effect: update. One PutSymlink over our own link, keeping its ownership token. */
import type { OssClientApi, PutResult } from "../../oss/clientTypes";
import type { SymlinkInputs } from "../types";
import { putLink } from "./putLink";

/** Rewrites the link with `inputs` (never with forbid-overwrite: the key is ours). */
export function updateLink(client: OssClientApi, inputs: SymlinkInputs, ownerToken: string): Promise<PutResult> {
  return putLink(client, inputs, ownerToken, false);
}
