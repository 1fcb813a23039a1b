/**
 * Effect: delete. One GetSymlink, then DeleteObject only when the live link carries our token
 * (at most two requests). On a versioned bucket the DeleteObject has no versionId: it adds a
 * delete marker and earlier versions stay as history.
 */
import type { DeleteResult, OssClientApi } from "../../oss/clientTypes";
import { decideDelete, type DeleteDecision } from "../deletePlan";
import { ossErrorCode } from "../errors";
import { lookupKey } from "./lookupKey";

/** What delete decided and, if it deleted, what OSS answered. */
export interface DeleteOutcome {
  decision: DeleteDecision;
  result?: DeleteResult;
}

/** Deletes `bucket/key` if, and only if, the live link is ours. */
export async function deleteLink(client: OssClientApi, bucket: string, key: string, ownerToken: string | undefined): Promise<DeleteOutcome> {
  let found;
  try {
    found = await lookupKey(client, bucket, key);
  } catch (err) {
    // No bucket, no link: already deleted.
    if (ossErrorCode(err) === "NoSuchBucket") return { decision: "gone" };
    throw err;
  }
  const decision = decideDelete(found.existing, ownerToken);
  if (decision !== "delete") return { decision };
  return { decision, result: await client.deleteObject({ bucket, key }) };
}
