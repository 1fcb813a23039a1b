/** Effect: one GetSymlink, reduced to what the lifecycle decisions need. */
import type { GetSymlinkResult, OssClientApi } from "../../oss/clientTypes";
import { ABSENT_CODES, NOT_SYMLINK_CODE, ossErrorCode } from "../errors";
import type { ExistingKey } from "../existingKey";
import { splitMetadata } from "../readMapping";

/** What is at `bucket/key`, plus the raw GetSymlink answer when it is a symlink. */
export async function lookupKey(
  client: OssClientApi,
  bucket: string,
  key: string,
): Promise<{ existing: ExistingKey; link?: GetSymlinkResult }> {
  try {
    const link = await client.getSymlink({ bucket, key });
    const { ownerToken } = splitMetadata(link.metadata);
    const existing: ExistingKey =
      ownerToken === undefined ? { kind: "symlink", target: link.target } : { kind: "symlink", target: link.target, ownerToken };
    return { existing, link };
  } catch (err) {
    const code = ossErrorCode(err);
    if (code !== undefined && ABSENT_CODES.has(code)) return { existing: { kind: "absent" } };
    if (code === NOT_SYMLINK_CODE) return { existing: { kind: "notSymlink" } };
    throw err;
  }
}
