/**
 * The server's operation table: which row a request selects (its name is what `stats()` counts
 * and fault rules match), including the precedence cases where two rows could claim a request.
 */
import { selectOperation } from "../../server/operations";

const q = (s: string): Map<string, string> =>
  new Map(s === "" ? [] : s.split("&").map((p) => {
    const eq = p.indexOf("=");
    return eq < 0 ? [p, ""] as [string, string] : [p.slice(0, eq), p.slice(eq + 1)] as [string, string];
  }));

describe("selectOperation", () => {
  it.each([
    // [method, bucket, key, query, operation]
    ["PUT", "b", "k", "", "PutObject"],
    ["GET", "b", "k", "versionId=v1", "GetObject"],
    ["HEAD", "b", "k", "", "HeadObject"],
    ["DELETE", "b", "k", "versionId=v1", "DeleteObject"],
    ["POST", "b", "k", "", "Unsupported"],
    ["PUT", "b", "k", "symlink", "PutSymlink"],
    ["GET", "b", "k", "symlink&versionId=v1", "GetSymlink"],
    ["DELETE", "b", "k", "symlink", "Unsupported"],
    ["HEAD", "b", "k", "symlink", "Unsupported"],
    ["GET", "b", "k", "symlink&acl", "GetSymlink"],
    ["PUT", "b", "k", "acl", "PutObjectACL"],
    ["GET", "b", "k", "acl", "GetObjectACL"],
    ["DELETE", "b", "k", "acl", "Unsupported"],
    ["PUT", "b", "k", "acl&uploads", "PutObjectACL"],
    ["POST", "b", "k", "uploads", "Unsupported"],
    ["PUT", "b", "k", "tagging", "Unsupported"],
    ["GET", "b", "k", "x-oss-process=image/resize", "Unsupported"],
    ["GET", "b", "k", "OSSAccessKeyId=ak&Signature=s&Expires=1", "GetObject"],
    ["GET", "b", undefined, "versioning", "GetBucketVersioning"],
    ["PUT", "b", undefined, "versioning", "PutBucketVersioning"],
    ["DELETE", "b", undefined, "versioning", "Unsupported"],
    ["GET", "b", undefined, "versioning&list-type=2", "GetBucketVersioning"],
    ["GET", "b", undefined, "list-type=2&prefix=a", "ListObjectsV2"],
    ["PUT", "b", undefined, "list-type=2", "Unsupported"],
    ["GET", "b", undefined, "list-type=3", "Unsupported"],
    ["GET", "b", undefined, "versions&prefix=a", "ListObjectVersions"],
    ["GET", "b", undefined, "", "ListObjects"],
    ["GET", "b", undefined, "prefix=a&marker=m&max-keys=2&x-oss-date=1&Signature=s", "ListObjects"],
    ["GET", "b", undefined, "lifecycle", "Unsupported"],
    ["PUT", "b", undefined, "", "Unsupported"],
    ["GET", undefined, undefined, "", "Unsupported"],
  ] as const)("%s bucket=%s key=%s ?%s → %s", (method, bucket, key, query, name) => {
    expect(selectOperation(method, bucket, key, q(query)).name).toBe(name);
  });

  it("gives the object cap only to PutObject and refuses anonymous callers only on configuration calls", () => {
    const row = (method: string, key: string | undefined, query: string) => selectOperation(method, "b", key, q(query));
    expect(row("PUT", "k", "").body).toBe("object");
    expect(row("PUT", "k", "symlink").body).toBe("xml");
    expect(row("PUT", undefined, "versioning").body).toBe("xml");
    for (const [m, k, s] of [["PUT", "k", "acl"], ["GET", "k", "acl"], ["PUT", undefined, "versioning"], ["GET", undefined, "versioning"]] as const) {
      expect(row(m, k, s).anonymous).toBe(false);
    }
    for (const [m, k, s] of [["PUT", "k", ""], ["GET", "k", "symlink"], ["GET", undefined, "list-type=2"], ["DELETE", "k", ""]] as const) {
      expect(row(m, k, s).anonymous).toBe(true);
    }
  });

  it("leaves refusing rows without a handler, so the router answers NotImplemented", () => {
    expect(selectOperation("PUT", "b", "k", q("tagging")).handler).toBeUndefined();
    expect(selectOperation("GET", "b", undefined, q("lifecycle")).handler).toBeUndefined();
    expect(selectOperation("GET", "b", "k", q("")).handler).toBeDefined();
  });
});
