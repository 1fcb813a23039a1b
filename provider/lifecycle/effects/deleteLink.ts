/**
 * Effect: delete. One GetSymlink, then DeleteObject only when the live link carries our token.
 *
 * Between the two, someone may write the key. On a versioned bucket the DeleteObject therefore
 * names the exact version GetSymlink read (`?versionId=`), so a newer version written in the
 * meantime is never touched. Removing that version makes the previous one current again; when it
 * is an earlier version of this resource's link (every update and every same-key replacement
 * writes one), it is removed the same way, until the current version is another resource's, a
 * normal object, or nothing. Versions that are
 * not ours stay. An unversioned bucket has no version to name: a plain DeleteObject, and the
 * window between the two requests remains (README, "Ownership and delete").
 */
import type { OssClientApi } from "../../oss/clientTypes";
import { decideDelete, MAX_VERSIONS_PER_DELETE, resurfacedVersionToDelete, versionToDelete, type DeleteDecision } from "../deletePlan";
import { ossErrorCode, SymlinkProviderError } from "../errors";
import type { ExistingKey } from "../existingKey";
import { lookupKey } from "./lookupKey";

/** Deletes `bucket/key` if, and only if, the live link is ours; returns what was decided. */
export async function deleteLink(client: OssClientApi, bucket: string, key: string, ownerToken: string | undefined): Promise<DeleteDecision> {
  let existing: ExistingKey;
  try {
    existing = await lookupKey(client, bucket, key);
  } catch (err) {
    // No bucket, no link: already deleted.
    if (ossErrorCode(err) === "NoSuchBucket") return "gone";
    throw err;
  }
  const decision = decideDelete(existing, ownerToken);
  if (decision !== "delete") return decision;
  let versionId = versionToDelete(existing, ownerToken);
  if (versionId === undefined) {
    await client.deleteObject({ bucket, key });
    return decision;
  }
  for (let removed = 0; versionId !== undefined; removed++) {
    if (removed === MAX_VERSIONS_PER_DELETE) {
      throw new SymlinkProviderError(
        `oss://${bucket}/${key} still has earlier versions of this link after ${MAX_VERSIONS_PER_DELETE} were deleted; ` +
          "run the delete again (`pulumi up` or `pulumi destroy`) to continue, or remove old versions with a lifecycle rule",
        "TooManyVersions",
      );
    }
    await client.deleteObject({ bucket, key, versionId });
    versionId = resurfacedVersionToDelete(await lookupKey(client, bucket, key), ownerToken);
  }
  return decision;
}
