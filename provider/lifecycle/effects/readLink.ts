/**
 * Effect: refresh. GetSymlink, GetObjectACL and ListObjectsV2 (prefix = key, max-keys = 1, for
 * the link's own storage class) run concurrently: three requests, one round trip.
 */
import type { OssClientApi } from "../../oss/clientTypes";
import { ABSENT_CODES, NOT_SYMLINK_CODE, ossErrorCode } from "../errors";
import type { LiveLink } from "../readMapping";

/** The live link, or undefined when there is no symlink at the key any more. */
export async function readLink(client: OssClientApi, bucket: string, key: string): Promise<LiveLink | undefined> {
  const [link, acl, list] = await Promise.allSettled([
    client.getSymlink({ bucket, key }),
    client.getObjectAcl({ bucket, key }),
    // The key sorts first among keys that start with it, so max-keys=1 finds it if it exists.
    client.listObjectsV2({ bucket, prefix: key, maxKeys: 1 }),
  ]);
  if (link.status === "rejected") {
    const code = ossErrorCode(link.reason);
    // Gone, a normal object now, or the bucket itself is gone: the link no longer exists.
    if (code !== undefined && (ABSENT_CODES.has(code) || code === NOT_SYMLINK_CODE || code === "NoSuchBucket")) return undefined;
    throw link.reason;
  }
  const live: LiveLink = { link: link.value };
  if (acl.status === "fulfilled") live.acl = acl.value.acl;
  else if (!ABSENT_CODES.has(ossErrorCode(acl.reason) ?? "")) throw acl.reason;
  if (list.status === "fulfilled") {
    const entry = list.value.objects.find((o) => o.key === key);
    if (entry?.storageClass !== undefined) live.storageClass = entry.storageClass;
  } else throw list.reason;
  return live;
}
