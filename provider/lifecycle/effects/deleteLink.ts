/**
 * Effect: delete. One GetSymlink, then DeleteObject only when the live link carries our token
 * (at most two requests). On a versioned bucket the DeleteObject has no versionId: it adds a
 * delete marker and earlier versions stay as history.
 */
import type { OssClientApi } from "../../oss/clientTypes";
import { decideDelete, type DeleteDecision } from "../deletePlan";
import { ossErrorCode } from "../errors";
import { lookupKey } from "./lookupKey";

/** Deletes `bucket/key` if, and only if, the live link is ours; returns what was decided. */
export async function deleteLink(client: OssClientApi, bucket: string, key: string, ownerToken: string | undefined): Promise<DeleteDecision> {
  let decision: DeleteDecision;
  try {
    decision = decideDelete(await lookupKey(client, bucket, key), ownerToken);
  } catch (err) {
    // No bucket, no link: already deleted.
    if (ossErrorCode(err) === "NoSuchBucket") return "gone";
    throw err;
  }
  if (decision === "delete") await client.deleteObject({ bucket, key });
  return decision;
}
