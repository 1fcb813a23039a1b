/** PutObject — `PUT /{key}`: enough of it to create symlink targets and replace links. */
import { createHash } from "node:crypto";
import { crc64 } from "../crc64";
import { OssServerError } from "../errors";
import type { Reply } from "../response";
import {
  OBJECT_STORAGE_CLASSES, checkKey, collectStoredHeaders, collectUserMeta, parseObjectAcl, parseStorageClass,
} from "../validation";
import { CRC64_HEADER, checkOverwrite, versionHeader, type HandlerContext } from "./context";

/** Stores the body as a normal object (ETag = upper-case hex MD5 of the content). */
export async function putObject(ctx: HandlerContext): Promise<Reply> {
  const h = ctx.req.headers;
  checkKey(ctx.key);
  const acl = parseObjectAcl(h["x-oss-object-acl"]);
  const storageClass = parseStorageClass(h["x-oss-storage-class"], OBJECT_STORAGE_CLASSES);
  const userMeta = collectUserMeta(h);
  const md5 = createHash("md5").update(ctx.body).digest();
  const sentMd5 = h["content-md5"];
  if (sentMd5 !== undefined && sentMd5.trim() !== md5.toString("base64")) {
    throw new OssServerError(400, "InvalidDigest", "The Content-MD5 you specified was invalid.", "0016-00000311");
  }
  const etag = `"${md5.toString("hex").toUpperCase()}"`;
  const crc = crc64(ctx.body);
  const r = await ctx.store.put(ctx.bucket, ctx.key, {
    deleteMarker: false, type: "Normal", data: ctx.body, etag, contentMd5: md5.toString("base64"), crc64: crc,
    lastModified: ctx.req.now, acl, storageClass, headers: collectStoredHeaders(h), userMeta,
  }, () => checkOverwrite(ctx));
  return {
    status: 200,
    headers: { etag, "content-md5": md5.toString("base64"), [CRC64_HEADER]: crc, ...versionHeader(ctx, r.versionId) },
  };
}
