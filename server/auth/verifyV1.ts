/**
 * Server-side OSS V1 (HMAC-SHA1) signature computation, written from the algorithm in
 * docs/oss.md §4.2, independently of the client's signer.
 */
import { createHmac } from "node:crypto";
import type { QueryParam } from "../request";

/**
 * Query keys that take part in the V1 CanonicalizedResource (Go-v2 / Python-v2 list,
 * docs/oss.md §4.2). Kept here rather than imported so that a mistake in the client's list cannot hide.
 */
const SIGNED_SUBRESOURCES: ReadonlySet<string> = new Set([
  "acl", "append", "bucketInfo", "callback", "callback-var", "cloudboxes", "continuation-token",
  "delete", "location", "objectMeta", "partNumber", "position", "regionList",
  "response-cache-control", "response-content-disposition", "response-content-encoding",
  "response-content-language", "response-content-type", "response-expires", "restore",
  "security-token", "sequential", "stat", "symlink", "tagging", "uploadId", "uploads",
  "versionId", "versioning", "versions",
]);

/** Everything the V1 StringToSign depends on. Headers are lower-cased; query values decoded. */
interface V1Input {
  method: string;
  headers: Readonly<Record<string, string>>;
  /** The Date line: `x-oss-date` or `Date` for header auth, `Expires` for presigned URLs. */
  date: string;
  bucket?: string;
  key?: string;
  query: readonly QueryParam[];
}

/** `CanonicalizedOSSHeaders`: every `x-oss-*` header, `name:trimmed-value\n`, sorted by name. */
function v1CanonicalHeaders(headers: Readonly<Record<string, string>>): string {
  const names = Object.keys(headers).filter((n) => n.startsWith("x-oss-")).sort();
  return names.map((n) => `${n}:${(headers[n] as string).trim()}\n`).join("");
}

/** `CanonicalizedResource`: `/bucket/key` with the raw key, plus signed sub-resources sorted by name. */
function v1CanonicalResource(bucket: string | undefined, key: string | undefined, query: readonly QueryParam[]): string {
  let resource = bucket === undefined ? "/" : `/${bucket}/${key ?? ""}`;
  const signed = new Map<string, string>();
  for (const { key: k, value } of query) {
    if (SIGNED_SUBRESOURCES.has(k) || k.startsWith("x-oss-")) signed.set(k, value ?? "");
  }
  if (signed.size > 0) {
    const parts = [...signed.keys()].sort().map((k) => {
      const v = signed.get(k) as string;
      return v === "" ? k : `${k}=${v}`;
    });
    resource += "?" + parts.join("&");
  }
  return resource;
}

/** The full V1 StringToSign. */
export function v1StringToSign(input: V1Input): string {
  return (
    `${input.method}\n${input.headers["content-md5"] ?? ""}\n${input.headers["content-type"] ?? ""}\n${input.date}\n` +
    v1CanonicalHeaders(input.headers) +
    v1CanonicalResource(input.bucket, input.key, input.query)
  );
}

/** base64(HMAC-SHA1(secret, stringToSign)). */
export function v1Signature(secret: string, stringToSign: string): string {
  return createHmac("sha1", secret).update(stringToSign, "utf8").digest("base64");
}
