/**
 * Effect: the lookup (`getSymlink`). The refresh reads (GetSymlink, GetObjectACL, ListObjectsV2 for
 * the storage class) run concurrently, addressing `versionId` when given; unlike refresh, a key
 * that holds no symlink is an error, so the caller learns why. ListObjectsV2 lists only current
 * versions, so for a `versionId` one more GetSymlink of the current version says whether the
 * listed storage class is that version's.
 */
import type { OssClientApi } from "../../oss/clientTypes";
import { ABSENT_CODES, ossErrorCode } from "../errors";
import type { LiveLink } from "../readMapping";

/** The live link at `bucket/key` (its `versionId`, if given). Throws OSS's error for a missing key or a normal object. */
export async function lookupLink(client: OssClientApi, bucket: string, key: string, versionId?: string): Promise<LiveLink> {
  const ref = versionId !== undefined ? { bucket, key, versionId } : { bucket, key };
  const [link, acl, list, current] = await Promise.allSettled([
    client.getSymlink(ref),
    client.getObjectAcl(ref),
    // The key sorts first among keys that start with it, so max-keys=1 finds it if it exists.
    client.listObjectsV2({ bucket, prefix: key, maxKeys: 1 }),
    versionId !== undefined ? client.getSymlink({ bucket, key }) : Promise.resolve(undefined),
  ]);
  if (link.status === "rejected") throw link.reason;
  const live: LiveLink = { link: link.value };
  if (acl.status === "fulfilled") live.acl = acl.value.acl;
  else if (!ABSENT_CODES.has(ossErrorCode(acl.reason) ?? "")) throw acl.reason;
  if (list.status === "rejected") throw list.reason;
  const listedIsThisVersion = versionId === undefined || (current.status === "fulfilled" && current.value?.versionId === versionId);
  const entry = list.value.objects.find((o) => o.key === key);
  if (listedIsThisVersion && entry?.storageClass !== undefined) live.storageClass = entry.storageClass;
  return live;
}
