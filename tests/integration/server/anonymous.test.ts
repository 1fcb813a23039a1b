/** Anonymous access: buckets are private by default; object ACLs and link+target ACLs both count. */
import { startLocalOss, type LocalOss } from "../../../server";
import { send, sendSigned, xmlField } from "./rawClient";

let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["priv"], bucketAcls: { pub: "public-read" } });
  for (const bucket of ["priv", "pub"]) {
    await sendSigned(oss, { method: "PUT", bucket, key: "default.txt", body: "default" });
    await sendSigned(oss, { method: "PUT", bucket, key: "public.txt", body: "public", headers: { "x-oss-object-acl": "public-read" } });
    await sendSigned(oss, { method: "PUT", bucket, key: "private.txt", body: "private", headers: { "x-oss-object-acl": "private" } });
    const mk = (key: string, target: string, acl?: string) =>
      sendSigned(oss, { method: "PUT", bucket, key, query: { symlink: null }, headers: { "x-oss-symlink-target": target, ...(acl ? { "x-oss-object-acl": acl } : {}) } });
    await mk("pub-link-to-pub", "public.txt", "public-read");
    await mk("pub-link-to-private", "private.txt", "public-read");
    await mk("private-link-to-pub", "public.txt", "private");
    await mk("default-link-to-pub", "public.txt");
  }
});
afterAll(async () => {
  await oss.close();
});

const anon = (bucket: string, key: string, method = "GET") => send(oss, { method, path: `/${bucket}/${key}` });

test.each([
  ["priv", "default.txt", 403],
  ["priv", "public.txt", 200],
  ["priv", "private.txt", 403],
  ["priv", "pub-link-to-pub", 200],
  ["priv", "pub-link-to-private", 403],
  ["priv", "private-link-to-pub", 403],
  ["priv", "default-link-to-pub", 403],
  ["pub", "default.txt", 200],
  ["pub", "private.txt", 403],
  ["pub", "default-link-to-pub", 200],
  ["pub", "pub-link-to-private", 403],
])("anonymous GET %s/%s → %d", async (bucket, key, status) => {
  const res = await anon(bucket, key);
  expect(res.status).toBe(status);
  if (status === 403) expect(xmlField(res.text, "Code")).toBe("AccessDenied");
  const head = await anon(bucket, key, "HEAD");
  expect(head.status).toBe(status);
});

test("anonymous writes, ACL and versioning calls are denied; listing follows the bucket ACL", async () => {
  expect((await send(oss, { method: "PUT", path: "/pub/new", body: "x" })).status).toBe(403);
  expect((await send(oss, { method: "PUT", path: "/pub/new?symlink", headers: { "x-oss-symlink-target": "t" } })).status).toBe(403);
  expect((await send(oss, { method: "DELETE", path: "/pub/public.txt" })).status).toBe(403);
  expect((await send(oss, { path: "/pub/public.txt?acl" })).status).toBe(403);
  expect((await send(oss, { path: "/pub/?versioning" })).status).toBe(403);
  expect((await send(oss, { path: "/pub/?list-type=2" })).status).toBe(200);
  expect((await send(oss, { path: "/priv/?list-type=2" })).status).toBe(403);
  expect((await send(oss, { path: "/pub/pub-link-to-pub?symlink" })).status).toBe(200);
});

test("a public-read-write bucket accepts anonymous writes", async () => {
  await oss.createBucket("open", { acl: "public-read-write" });
  expect((await send(oss, { method: "PUT", path: "/open/a?symlink", headers: { "x-oss-symlink-target": "b" } })).status).toBe(200);
  expect((await send(oss, { path: "/open/a?symlink" })).headers["x-oss-symlink-target"]).toBe("b");
});

test("V4 presigned parameters without the V4 version are refused, never served as anonymous", async () => {
  for (const query of ["x-oss-credential=x&x-oss-signature=00", "x-oss-signature=00", "x-oss-signature-version=OSS2&x-oss-signature=00"]) {
    const res = await send(oss, { path: `/pub/public.txt?${query}` });
    expect([query, res.status, xmlField(res.text, "Code")]).toEqual([query, 400, "InvalidArgument"]);
  }
});

describe("a version is its own resource: anonymous callers are checked against the version they address", () => {
  let older: string;
  let current: string;
  beforeAll(async () => {
    await oss.createBucket("ver", { versioning: "Enabled" });
    older = String((await sendSigned(oss, { method: "PUT", bucket: "ver", key: "k", body: "older private", headers: { "x-oss-object-acl": "private" } })).headers["x-oss-version-id"]);
    current = String((await sendSigned(oss, { method: "PUT", bucket: "ver", key: "k", body: "current open", headers: { "x-oss-object-acl": "public-read-write" } })).headers["x-oss-version-id"]);
  });

  test("DELETE ?versionId= is refused to anonymous callers, whatever the ACLs; the versions stay", async () => {
    for (const versionId of [older, current]) {
      const res = await send(oss, { method: "DELETE", path: `/ver/k?versionId=${encodeURIComponent(versionId)}` });
      expect([versionId === older ? "older" : "current", res.status, xmlField(res.text, "Code")]).toEqual([versionId === older ? "older" : "current", 403, "AccessDenied"]);
    }
    expect((await sendSigned(oss, { method: "GET", bucket: "ver", key: "k", query: { versionId: older } })).text).toBe("older private");
    expect((await sendSigned(oss, { method: "GET", bucket: "ver", key: "k", query: { versionId: current } })).text).toBe("current open");
  });

  test("GET and HEAD ?versionId= follow the addressed version's ACL, not the current one's", async () => {
    for (const method of ["GET", "HEAD"]) {
      expect((await send(oss, { method, path: `/ver/k?versionId=${encodeURIComponent(older)}` })).status).toBe(403);
      expect((await send(oss, { method, path: `/ver/k?versionId=${encodeURIComponent(current)}` })).status).toBe(200);
      expect((await send(oss, { method, path: "/ver/k" })).status).toBe(200);
    }
    expect((await send(oss, { path: `/ver/k?versionId=${encodeURIComponent(older)}&symlink` })).status).toBe(403);
  });

  test("on a public-read-write bucket anonymous callers may write and add delete markers, never remove a version", async () => {
    await oss.createBucket("verpub", { versioning: "Enabled", acl: "public-read-write" });
    const put = await send(oss, { method: "PUT", path: "/verpub/k", body: "anonymous" });
    expect(put.status).toBe(200);
    const id = String(put.headers["x-oss-version-id"]);
    expect((await send(oss, { method: "DELETE", path: `/verpub/k?versionId=${encodeURIComponent(id)}` })).status).toBe(403);
    const marker = await send(oss, { method: "DELETE", path: "/verpub/k" });
    expect([marker.status, marker.headers["x-oss-delete-marker"]]).toEqual([204, "true"]);
    expect((await sendSigned(oss, { method: "GET", bucket: "verpub", key: "k", query: { versionId: id } })).text).toBe("anonymous");
    // The owner may remove versions.
    expect((await sendSigned(oss, { method: "DELETE", bucket: "verpub", key: "k", query: { versionId: id } })).status).toBe(204);
    expect((await sendSigned(oss, { method: "GET", bucket: "verpub", key: "k", query: { versionId: id } })).status).toBe(404);
  });
});

describe("existence is hidden from anonymous callers who may not list the bucket", () => {
  let marker: string;
  beforeAll(async () => {
    await oss.createBucket("hidden", { versioning: "Enabled" });
    await sendSigned(oss, { method: "PUT", bucket: "hidden", key: "open.txt", body: "open", headers: { "x-oss-object-acl": "public-read" } });
    await sendSigned(oss, { method: "PUT", bucket: "hidden", key: "deleted", body: "gone", headers: { "x-oss-object-acl": "public-read" } });
    marker = String((await sendSigned(oss, { method: "DELETE", bucket: "hidden", key: "deleted" })).headers["x-oss-version-id"]);
    await sendSigned(oss, { method: "PUT", bucket: "hidden", key: "dangling", query: { symlink: null }, headers: { "x-oss-symlink-target": "nowhere", "x-oss-object-acl": "public-read" } });
  });

  // Every answer is 403 AccessDenied, with no header that names a version.
  test.each([
    ["GET", "/hidden/missing"],
    ["HEAD", "/hidden/missing"],
    ["GET", "/hidden/missing?symlink"],
    ["GET", "/priv/missing"],
    ["GET", "/hidden/deleted"],
    ["HEAD", "/hidden/deleted"],
    ["GET", "/hidden/deleted?symlink"],
    ["GET", "/hidden/open.txt?versionId=no-such-version"],
    ["GET", "/hidden/dangling"],
  ])("anonymous %s %s → 403, nothing about existence", async (method, path) => {
    const res = await send(oss, { method, path });
    expect([res.status, res.headers["x-oss-delete-marker"], res.headers["x-oss-version-id"]]).toEqual([403, undefined, undefined]);
    if (method === "GET") expect(xmlField(res.text, "Code")).toBe("AccessDenied");
  });

  test("the delete marker by id is hidden too, and the owner still sees everything", async () => {
    const res = await send(oss, { path: `/hidden/deleted?versionId=${encodeURIComponent(marker)}` });
    expect([res.status, res.headers["x-oss-delete-marker"], res.headers["x-oss-version-id"]]).toEqual([403, undefined, undefined]);
    expect((await send(oss, { path: "/hidden/open.txt" })).status).toBe(200);
    const owner = await sendSigned(oss, { method: "GET", bucket: "hidden", key: "deleted" });
    expect([owner.status, owner.headers["x-oss-delete-marker"]]).toEqual([404, "true"]);
    expect((await sendSigned(oss, { method: "GET", bucket: "hidden", key: "missing" })).status).toBe(404);
    expect((await sendSigned(oss, { method: "GET", bucket: "hidden", key: "dangling" })).status).toBe(404);
  });

  test("a caller who may list the bucket (public-read) gets 404, as the listing would tell anyway", async () => {
    const res = await send(oss, { path: "/pub/missing" });
    expect([res.status, xmlField(res.text, "Code")]).toEqual([404, "NoSuchKey"]);
  });
});
