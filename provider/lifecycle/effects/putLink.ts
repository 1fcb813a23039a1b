/** Effect: one PutSymlink carrying the whole declared configuration and our ownership token. */
import type { OssClientApi, PutResult, PutSymlinkInput } from "../../oss/clientTypes";
import { OWNER_META_NAME } from "../ownerToken";
import type { SymlinkInputs } from "../types";

/** The PutSymlink request for `inputs` (pure; exported for tests). */
export function putSymlinkRequest(inputs: SymlinkInputs, ownerToken: string, forbidOverwrite: boolean): PutSymlinkInput {
  const request: PutSymlinkInput = {
    bucket: inputs.bucket,
    key: inputs.key,
    target: inputs.target,
    acl: inputs.acl,
    storageClass: inputs.storageClass,
    forbidOverwrite,
    metadata: { ...inputs.metadata, [OWNER_META_NAME]: ownerToken },
  };
  if (inputs.contentType !== undefined) request.contentType = inputs.contentType;
  if (inputs.cacheControl !== undefined) request.cacheControl = inputs.cacheControl;
  if (inputs.contentDisposition !== undefined) request.contentDisposition = inputs.contentDisposition;
  return request;
}

/** Writes the link. */
export function putLink(client: OssClientApi, inputs: SymlinkInputs, ownerToken: string, forbidOverwrite: boolean): Promise<PutResult> {
  return client.putSymlink(putSymlinkRequest(inputs, ownerToken, forbidOverwrite));
}
