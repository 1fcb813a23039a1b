/** PutSymlink — `PUT /{key}?symlink` (docs/oss.md §1.2). */
import { createHash, randomBytes } from "node:crypto";
import { DecodeError, strictDecode } from "../encoding";
import { errors } from "../errors";
import type { Reply } from "../response";
import {
  SYMLINK_STORAGE_CLASSES, checkKey, collectStoredHeaders, collectUserMeta, keyProblem, parseObjectAcl,
  parseStorageClass,
} from "../validation";
import { CRC64_HEADER, checkOverwrite, versionHeader, type HandlerContext } from "./context";

// Link ETags only need to be stable per version and differ between writes: MD5 of the target
// plus a per-process random salt and a counter (cheaper than fresh random bytes per request).
const etagSalt = randomBytes(8).toString("hex");
let etagCounter = 0;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The target key from the header: percent-decoded (no `+` → space), UTF-8. Node hands header
 * bytes over as Latin-1; bytes ≥ 0x80 (SDKs that send the target unencoded) are read as the
 * UTF-8 they are meant to be (docs/server.md, "Symlink target encoding").
 */
function decodeTarget(raw: string | undefined): string {
  if (raw === undefined) throw errors.missingSymlinkTarget();
  let text = raw;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(raw)) {
    try {
      text = utf8.decode(Buffer.from(raw, "latin1"));
    } catch {
      throw errors.invalidArgument("x-oss-symlink-target is not UTF-8.", "x-oss-symlink-target", raw);
    }
  }
  let target: string;
  try {
    target = strictDecode(text);
  } catch (e) {
    if (e instanceof DecodeError) throw errors.invalidArgument(`x-oss-symlink-target is not validly URL-encoded: ${e.message}.`, "x-oss-symlink-target", raw);
    throw e;
  }
  const problem = keyProblem(target);
  if (problem !== undefined) throw errors.invalidArgument(`x-oss-symlink-target is not a valid object name. ${problem}`, "x-oss-symlink-target", raw);
  return target;
}

/** Creates or replaces a symlink; the target is not checked (OSS checks it on read). */
export async function putSymlink(ctx: HandlerContext): Promise<Reply> {
  const h = ctx.req.headers;
  checkKey(ctx.key);
  const target = decodeTarget(h["x-oss-symlink-target"]);
  const acl = parseObjectAcl(h["x-oss-object-acl"]);
  const storageClass = parseStorageClass(h["x-oss-storage-class"], SYMLINK_STORAGE_CLASSES);
  const userMeta = collectUserMeta(h);
  const etag = `"${createHash("md5").update(target, "utf8").update(`\0${etagSalt}:${++etagCounter}`).digest("hex").toUpperCase()}"`;
  const r = await ctx.store.put(ctx.bucket, ctx.key, {
    deleteMarker: false, type: "Symlink", target, etag, lastModified: ctx.req.now, acl, storageClass,
    headers: collectStoredHeaders(h), userMeta,
  }, () => checkOverwrite(ctx));
  return { status: 200, headers: { etag, [CRC64_HEADER]: "0", ...versionHeader(ctx, r.versionId) } };
}
