/** Effect: one GetSymlink, reduced to what the lifecycle decisions need. */
import type { OssClientApi } from "../../oss/clientTypes";
import { ABSENT_CODES, NOT_SYMLINK_CODE, ossErrorCode } from "../errors";
import type { ExistingKey } from "../existingKey";
import { splitMetadata } from "../readMapping";

/** What is at `bucket/key`. */
export async function lookupKey(client: OssClientApi, bucket: string, key: string): Promise<ExistingKey> {
  try {
    const link = await client.getSymlink({ bucket, key });
    const { ownerToken } = splitMetadata(link.metadata);
    const found: ExistingKey & { kind: "symlink" } = { kind: "symlink", target: link.target };
    if (ownerToken !== undefined) found.ownerToken = ownerToken;
    if (link.versionId !== undefined) found.versionId = link.versionId;
    return found;
  } catch (err) {
    const code = ossErrorCode(err);
    if (code !== undefined && ABSENT_CODES.has(code)) return { kind: "absent" };
    if (code === NOT_SYMLINK_CODE) return { kind: "notSymlink" };
    throw err;
  }
}
