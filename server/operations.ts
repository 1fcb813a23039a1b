/**
 * The operation table: one row per OSS operation the server knows, read by the router and by
 * nothing else. A row says which requests it takes (what is addressed, the method, the
 * sub-resource in the query), the operation's name (the key of `stats().byOperation` and of
 * fault rules), its handler, its body cap, whether anonymous callers reach the handler, and the
 * RAM actions a session policy must allow (docs/oss.md §1.11).
 * Adding an operation is adding a row.
 */
import { getBucketVersioning, putBucketVersioning } from "./handlers/bucketVersioning";
import type { HandlerContext } from "./handlers/context";
import { deleteObject } from "./handlers/deleteObject";
import { getObject } from "./handlers/getObject";
import { getSymlink } from "./handlers/getSymlink";
import { listObjects } from "./handlers/listObjects";
import { listObjectVersions } from "./handlers/listObjectVersions";
import { listObjectsV2 } from "./handlers/listObjectsV2";
import { getObjectAcl, putObjectAcl } from "./handlers/objectAcl";
import { putObject } from "./handlers/putObject";
import { putSymlink } from "./handlers/putSymlink";
import { restoreObject } from "./handlers/restoreObject";
import type { Reply } from "./response";

type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;

/** One operation; `N` is the type of its name (the table's names once the table is built). */
export interface Operation<N extends string = string> {
  /** A bucket (no key in the address) or an object. */
  target: "bucket" | "object";
  /** The method; `*` for a row that refuses a sub-resource whatever the method. */
  method: "GET" | "HEAD" | "PUT" | "POST" | "DELETE" | "*";
  /**
   * The query parameter that selects the row: `name` when its presence is enough, `name=value`
   * when the value matters, "" for a request with no sub-resource of its own.
   */
  subResource: string;
  /**
   * For subResource "": the query parameters the operation takes. Any other parameter (beside
   * signature ones) means a call the server does not know; absent means any parameter is fine.
   */
  params?: ReadonlySet<string>;
  /** `stats().byOperation` key and fault-rule name; "Unsupported" for a refused sub-resource. */
  name: N;
  /** Absent on rows that refuse (answered 501 NotImplemented after authentication). */
  handler?: Handler;
  /**
   * Body cap: the server's object cap, or the XML cap, which also bounds operations that take
   * no body, so a stray body is read and dropped but never unbounded. A declared Content-Length
   * over the cap is refused before reading.
   */
  body: "object" | "xml";
  /** false: only the owner may call it (ACL and versioning configuration); anonymous gets 403. */
  anonymous: boolean;
  /** The RAM action the call needs (docs/oss.md §1.11); absent on rows that refuse. */
  ram?: string;
  /** The further action it needs when the request names a version (`versionId`). */
  ramVersion?: string;
}

/** Parameters of a v1 listing; any other bucket sub-resource is a different (unsupported) call. */
const LIST_V1_PARAMS: ReadonlySet<string> = new Set(["prefix", "marker", "delimiter", "max-keys", "encoding-type"]);

/**
 * Rows in precedence order: the first row whose target and sub-resource match a request claims
 * it, and the method then picks among the rows sharing that sub-resource (none: Unsupported).
 * So `DELETE /key?symlink` is Unsupported, not DeleteObject, and `?versioning` outranks listing.
 */
const TABLE = [
  { target: "bucket", method: "GET", subResource: "versioning", name: "GetBucketVersioning", handler: getBucketVersioning, body: "xml", anonymous: false, ram: "oss:GetBucketVersioning" },
  { target: "bucket", method: "PUT", subResource: "versioning", name: "PutBucketVersioning", handler: putBucketVersioning, body: "xml", anonymous: false, ram: "oss:PutBucketVersioning" },
  { target: "bucket", method: "GET", subResource: "list-type=2", name: "ListObjectsV2", handler: listObjectsV2, body: "xml", anonymous: true, ram: "oss:ListObjects" },
  { target: "bucket", method: "GET", subResource: "versions", name: "ListObjectVersions", handler: listObjectVersions, body: "xml", anonymous: true, ram: "oss:ListObjectVersions" },
  { target: "bucket", method: "GET", subResource: "", params: LIST_V1_PARAMS, name: "ListObjects", handler: listObjects, body: "xml", anonymous: true, ram: "oss:ListObjects" },
  { target: "object", method: "PUT", subResource: "symlink", name: "PutSymlink", handler: putSymlink, body: "xml", anonymous: true, ram: "oss:PutObject" },
  { target: "object", method: "GET", subResource: "symlink", name: "GetSymlink", handler: getSymlink, body: "xml", anonymous: true, ram: "oss:GetObject", ramVersion: "oss:GetObjectVersion" },
  { target: "object", method: "PUT", subResource: "acl", name: "PutObjectACL", handler: putObjectAcl, body: "xml", anonymous: false, ram: "oss:PutObjectAcl", ramVersion: "oss:PutObjectVersionAcl" },
  { target: "object", method: "GET", subResource: "acl", name: "GetObjectACL", handler: getObjectAcl, body: "xml", anonymous: false, ram: "oss:GetObjectAcl", ramVersion: "oss:GetObjectVersionAcl" },
  { target: "object", method: "*", subResource: "uploads", name: "Unsupported", body: "xml", anonymous: true },
  { target: "object", method: "*", subResource: "uploadId", name: "Unsupported", body: "xml", anonymous: true },
  { target: "object", method: "*", subResource: "append", name: "Unsupported", body: "xml", anonymous: true },
  { target: "object", method: "*", subResource: "tagging", name: "Unsupported", body: "xml", anonymous: true },
  { target: "object", method: "POST", subResource: "restore", name: "RestoreObject", handler: restoreObject, body: "xml", anonymous: false, ram: "oss:RestoreObject" },
  { target: "object", method: "*", subResource: "objectMeta", name: "Unsupported", body: "xml", anonymous: true },
  { target: "object", method: "*", subResource: "x-oss-process", name: "Unsupported", body: "xml", anonymous: true },
  { target: "object", method: "PUT", subResource: "", name: "PutObject", handler: putObject, body: "object", anonymous: true, ram: "oss:PutObject" },
  { target: "object", method: "GET", subResource: "", name: "GetObject", handler: getObject, body: "xml", anonymous: true, ram: "oss:GetObject", ramVersion: "oss:GetObjectVersion" },
  { target: "object", method: "HEAD", subResource: "", name: "HeadObject", handler: getObject, body: "xml", anonymous: true, ram: "oss:GetObject", ramVersion: "oss:GetObjectVersion" },
  { target: "object", method: "DELETE", subResource: "", name: "DeleteObject", handler: deleteObject, body: "xml", anonymous: true, ram: "oss:DeleteObject", ramVersion: "oss:DeleteObjectVersion" },
] as const satisfies readonly Operation[];

/** Every operation name the server can report: the table's, plus the two for requests no row takes. */
export type OperationName = (typeof TABLE)[number]["name"] | "Unsupported" | "Unknown";

/** The table, typed by its own names. */
const OPERATIONS: readonly Operation<OperationName>[] = TABLE;

/** The row of a request no row takes (no bucket addressed, unknown sub-resource or method). */
const UNSUPPORTED: Operation<OperationName> = { target: "object", method: "*", subResource: "", name: "Unsupported", body: "xml", anonymous: true };

/** Query parameters of presigned URLs (V1 and V4), which never name an operation. */
const SIGNATURE_PARAMS: ReadonlySet<string> = new Set(["OSSAccessKeyId", "Signature", "Expires", "security-token"]);

function selects(row: Operation, query: ReadonlyMap<string, string>): boolean {
  if (row.subResource === "") {
    const params = row.params;
    if (params === undefined) return true;
    for (const k of query.keys()) {
      if (!params.has(k) && !SIGNATURE_PARAMS.has(k) && !k.startsWith("x-oss-")) return false;
    }
    return true;
  }
  const eq = row.subResource.indexOf("=");
  if (eq < 0) return query.has(row.subResource);
  return query.get(row.subResource.slice(0, eq)) === row.subResource.slice(eq + 1);
}

/** The row for a request, from its method, addressing and query; never undefined. */
export function selectOperation(method: string, bucket: string | undefined, key: string | undefined, query: ReadonlyMap<string, string>): Operation<OperationName> {
  if (bucket === undefined) return UNSUPPORTED;
  const target = key === undefined ? "bucket" : "object";
  const claim = OPERATIONS.find((r) => r.target === target && selects(r, query));
  if (claim === undefined) return UNSUPPORTED;
  const row = OPERATIONS.find((r) => r.target === target && r.subResource === claim.subResource && (r.method === method || r.method === "*"));
  return row ?? UNSUPPORTED;
}
