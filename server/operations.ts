/** Maps a request to its OSS operation name (the key of `stats().byOperation`). */

/** Every operation name the server can report. */
export type OperationName =
  | "PutObject" | "GetObject" | "HeadObject" | "DeleteObject"
  | "PutSymlink" | "GetSymlink" | "PutObjectACL" | "GetObjectACL"
  | "PutBucketVersioning" | "GetBucketVersioning" | "ListObjectsV2"
  | "ListObjects" | "ListObjectVersions"
  | "Unsupported" | "Unknown";

/** Parameters of a v1 listing; any other bucket sub-resource is a different (unsupported) call. */
const LIST_V1_PARAMS: ReadonlySet<string> = new Set(["prefix", "marker", "delimiter", "max-keys", "encoding-type"]);
/** Query parameters of presigned URLs (V1 and V4), which never name an operation. */
const SIGNATURE_PARAMS: ReadonlySet<string> = new Set(["OSSAccessKeyId", "Signature", "Expires", "security-token"]);

function isListV1(query: ReadonlyMap<string, string>): boolean {
  for (const k of query.keys()) {
    if (!LIST_V1_PARAMS.has(k) && !SIGNATURE_PARAMS.has(k) && !k.startsWith("x-oss-")) return false;
  }
  return true;
}

/** Names the operation from method, addressing and sub-resources. */
export function operationName(method: string, bucket: string | undefined, key: string | undefined, query: ReadonlyMap<string, string>): OperationName {
  if (bucket === undefined) return "Unsupported";
  if (key === undefined) {
    if (query.has("versioning")) return method === "GET" ? "GetBucketVersioning" : method === "PUT" ? "PutBucketVersioning" : "Unsupported";
    if (method === "GET" && query.get("list-type") === "2") return "ListObjectsV2";
    if (method === "GET" && query.has("versions")) return "ListObjectVersions";
    if (method === "GET" && isListV1(query)) return "ListObjects";
    return "Unsupported";
  }
  if (query.has("symlink")) return method === "PUT" ? "PutSymlink" : method === "GET" ? "GetSymlink" : "Unsupported";
  if (query.has("acl")) return method === "PUT" ? "PutObjectACL" : method === "GET" ? "GetObjectACL" : "Unsupported";
  for (const sub of ["uploads", "uploadId", "append", "tagging", "restore", "objectMeta", "x-oss-process"]) {
    if (query.has(sub)) return "Unsupported";
  }
  switch (method) {
    case "PUT": return "PutObject";
    case "GET": return "GetObject";
    case "HEAD": return "HeadObject";
    case "DELETE": return "DeleteObject";
    default: return "Unsupported";
  }
}
