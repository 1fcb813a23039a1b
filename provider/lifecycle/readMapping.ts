/**
 * Refresh mapping: turns what OSS reports about a live link into new outputs (`props`) and
 * new stored inputs (`inputs`), so the next `pulumi up` sees drift (a retargeted link, changed
 * metadata or ACL) and puts the declared configuration back.
 */
import type { ContentHeaders, GetSymlinkResult } from "../oss/clientTypes";
import type { ObjectAcl, SymlinkStorageClass } from "../oss/constants";
import { OWNER_META_NAME } from "./ownerToken";
import { compact, pickInputs } from "./outputs";
import type { SymlinkInputs, SymlinkOutputs } from "./types";

/** What the three concurrent refresh calls found. */
export interface LiveLink {
  link: GetSymlinkResult;
  /** GetObjectACL answer. */
  acl?: ObjectAcl;
  /** From the ListObjectsV2 entry whose key equals the link's key; undefined if not listed. */
  storageClass?: string;
}

/**
 * The Content-Type OSS reports for an object stored without one (UNCONFIRMED for symlinks:
 * general OSS behaviour). Reporting it as drift when the user never set a type would make
 * every `up` after a refresh rewrite the link, so it counts as "unset".
 */
export const IMPLICIT_CONTENT_TYPE = "application/octet-stream";

/** Splits live metadata into the user's part and our ownership token. */
export function splitMetadata(metadata: Record<string, string>): { user: Record<string, string>; ownerToken?: string } {
  const user: Record<string, string> = {};
  let ownerToken: string | undefined;
  for (const [name, value] of Object.entries(metadata)) {
    const lower = name.toLowerCase();
    if (lower === OWNER_META_NAME) ownerToken = value;
    else user[lower] = value;
  }
  return ownerToken === undefined ? { user } : { user, ownerToken };
}

function liveHeader(stored: string | undefined, live: string | undefined, implicit?: string): string | undefined {
  if (live === undefined || live === "") return undefined;
  if (stored === undefined && live === implicit) return undefined;
  return live;
}

/**
 * New state after a refresh. Settings that are not properties of the object (region, endpoint,
 * forbidOverwrite, adopt, ownerId) and our own ownerToken are carried over: refresh reports
 * what is there but never transfers ownership, so a link someone else rewrote is still not
 * deleted by us.
 */
export function stateFromLive(
  stored: SymlinkOutputs,
  live: LiveLink,
): { props: SymlinkOutputs; inputs: SymlinkInputs } {
  const { user } = splitMetadata(live.link.metadata);
  const headers: ContentHeaders = {
    contentType: liveHeader(stored.contentType, live.link.contentType, IMPLICIT_CONTENT_TYPE),
    cacheControl: liveHeader(stored.cacheControl, live.link.cacheControl),
    contentDisposition: liveHeader(stored.contentDisposition, live.link.contentDisposition),
  };
  const props = compact<SymlinkOutputs>({
    ...stored,
    target: live.link.target,
    acl: live.acl ?? stored.acl,
    storageClass: (live.storageClass as SymlinkStorageClass | undefined) ?? stored.storageClass,
    metadata: user,
    contentType: headers.contentType,
    cacheControl: headers.cacheControl,
    contentDisposition: headers.contentDisposition,
    etag: live.link.etag,
    versionId: live.link.versionId,
    lastModified: live.link.lastModified,
  });
  return { props, inputs: pickInputs(props) };
}

/** `bucket/key` → parts; the ID is the bucket, a slash, then the key (which may contain slashes). */
export function parseId(id: string): { bucket: string; key: string } | undefined {
  const slash = id.indexOf("/");
  if (slash <= 0 || slash === id.length - 1) return undefined;
  return { bucket: id.slice(0, slash), key: id.slice(slash + 1) };
}

/** The resource ID for a bucket and key. */
export function symlinkId(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}
