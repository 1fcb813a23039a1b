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
