/** ListObjectsV2 and versioning state transitions on the wire. */
import { startLocalOss, type LocalOss } from "../../../server";
import { sendSigned, xmlField } from "./rawClient";

let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["l", "v"] });
});
afterAll(async () => {
  await oss.close();
});

function keys(xml: string): string[] {
  return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!);
}

test("ListObjectsV2: prefix, max-keys, continuation-token, start-after, delimiter, encoding-type=url, fields", async () => {
  for (const k of ["a/1", "a/2", "a/3", "a/sub/x", "b/1", "c d/é"]) {
    await sendSigned(oss, { method: "PUT", bucket: "l", key: k, body: k });
  }
  await sendSigned(oss, { method: "PUT", bucket: "l", key: "a/link", query: { symlink: null }, headers: { "x-oss-symlink-target": "a/1" } });
  const page1 = (await sendSigned(oss, { method: "GET", bucket: "l", query: { "list-type": "2", prefix: "a/", "max-keys": "2" } })).text;
  expect(keys(page1)).toEqual(["a/1", "a/2"]);
  expect(xmlField(page1, "IsTruncated")).toBe("true");
  expect(xmlField(page1, "KeyCount")).toBe("2");
  const token = xmlField(page1, "NextContinuationToken")!;
  const page2 = (await sendSigned(oss, { method: "GET", bucket: "l", query: { "list-type": "2", prefix: "a/", "max-keys": "10", "continuation-token": token } })).text;
  expect(keys(page2)).toEqual(["a/3", "a/link", "a/sub/x"]);
  expect(xmlField(page2, "IsTruncated")).toBe("false");
  expect(page2).toMatch(/<Key>a\/link<\/Key>\s*<LastModified>\d{4}-\d\d-\d\dT[\d:.]+Z<\/LastModified>\s*<ETag>"[0-9A-F]{32}"<\/ETag>\s*<Type>Symlink<\/Type>\s*<Size>0<\/Size>\s*<StorageClass>Standard<\/StorageClass>/);
  const after = (await sendSigned(oss, { method: "GET", bucket: "l", query: { "list-type": "2", "start-after": "a/3" } })).text;
  expect(keys(after)).toEqual(["a/link", "a/sub/x", "b/1", "c d/é"]);
  const delim = (await sendSigned(oss, { method: "GET", bucket: "l", query: { "list-type": "2", delimiter: "/", "max-keys": "2" } })).text;
  expect([...delim.matchAll(/<Prefix>([^<]*)<\/Prefix>/g)].map((m) => m[1])).toEqual(["", "a/", "b/"]);
  const next = (await sendSigned(oss, { method: "GET", bucket: "l", query: { "list-type": "2", delimiter: "/", "continuation-token": xmlField(delim, "NextContinuationToken")! } })).text;
  expect([...next.matchAll(/<Prefix>([^<]*)<\/Prefix>/g)].map((m) => m[1])).toEqual(["", "c d/"]);
  const enc = (await sendSigned(oss, { method: "GET", bucket: "l", query: { "list-type": "2", prefix: "c", "encoding-type": "url" } })).text;
  expect(keys(enc)).toEqual(["c%20d/%C3%A9"]);
  const bad = await sendSigned(oss, { method: "GET", bucket: "l", query: { "list-type": "2", "max-keys": "5000" } });
  expect(xmlField(bad.text, "Code")).toBe("InvalidArgument");
});

test("versioning: Off → Enabled → Suspended; null versions; delete markers hidden from listings", async () => {
  const get = async () => (await sendSigned(oss, { method: "GET", bucket: "v", query: { versioning: null } })).text;
  expect(await get()).not.toContain("<Status>");
  const put = (status: string) => sendSigned(oss, { method: "PUT", bucket: "v", query: { versioning: null }, body: `<VersioningConfiguration><Status>${status}</Status></VersioningConfiguration>` });
  expect(xmlField((await put("Off")).text, "Code")).toBe("InvalidArgument");
  expect(xmlField((await sendSigned(oss, { method: "PUT", bucket: "v", query: { versioning: null }, body: "garbage" })).text, "Code")).toBe("MalformedXML");

  const link = (target: string) => sendSigned(oss, { method: "PUT", bucket: "v", key: "k", query: { symlink: null }, headers: { "x-oss-symlink-target": target } });
  expect((await link("pre")).headers["x-oss-version-id"]).toBeUndefined();
  expect((await put("Enabled")).status).toBe(200);
  expect(xmlField(await get(), "Status")).toBe("Enabled");
  const enabled = await link("enabled");
  const enabledId = String(enabled.headers["x-oss-version-id"]);
  expect(enabledId).toMatch(/^CAEQ/);
  await put("Suspended");
  expect(xmlField(await get(), "Status")).toBe("Suspended");
  expect((await link("s1")).headers["x-oss-version-id"]).toBe("null");
  expect((await link("s2")).headers["x-oss-version-id"]).toBe("null");
  // the earlier "pre" null version was replaced; the Enabled version remains
  const pre = await sendSigned(oss, { method: "GET", bucket: "v", key: "k", query: { symlink: null, versionId: "null" } });
  expect(pre.headers["x-oss-symlink-target"]).toBe("s2");
  expect((await sendSigned(oss, { method: "GET", bucket: "v", key: "k", query: { symlink: null, versionId: enabledId } })).headers["x-oss-symlink-target"]).toBe("enabled");
  // forbid-overwrite is ignored while Suspended
  expect((await sendSigned(oss, { method: "PUT", bucket: "v", key: "k", query: { symlink: null }, headers: { "x-oss-symlink-target": "s3", "x-oss-forbid-overwrite": "true" } })).status).toBe(200);
  const del = await sendSigned(oss, { method: "DELETE", bucket: "v", key: "k" });
  expect([del.headers["x-oss-delete-marker"], del.headers["x-oss-version-id"]]).toEqual(["true", "null"]);
  const list = (await sendSigned(oss, { method: "GET", bucket: "v", query: { "list-type": "2" } })).text;
  expect(keys(list)).toEqual([]);
  // removing the null delete marker makes the Enabled version current again
  await sendSigned(oss, { method: "DELETE", bucket: "v", key: "k", query: { versionId: "null" } });
  expect((await sendSigned(oss, { method: "GET", bucket: "v", key: "k", query: { symlink: null } })).headers["x-oss-symlink-target"]).toBe("enabled");
  // PutObjectACL edits the addressed version in place
  const acl = await sendSigned(oss, { method: "PUT", bucket: "v", key: "k", query: { acl: null, versionId: enabledId }, headers: { "x-oss-object-acl": "private" } });
  expect(acl.headers["x-oss-version-id"]).toBe(enabledId);
  expect((await sendSigned(oss, { method: "GET", bucket: "v", key: "k", query: { acl: null } })).text).toContain("<Grant>private</Grant>");
  expect(xmlField((await sendSigned(oss, { method: "GET", bucket: "v", key: "k", query: { symlink: null, versionId: "nope" } })).text, "Code")).toBe("NoSuchVersion");
});

test("GET through a link: Last-Modified is the later of link and target; range and conditionals use the target", async () => {
  await sendSigned(oss, { method: "PUT", bucket: "l", key: "rt", body: "0123456789" });
  await new Promise((r) => setTimeout(r, 1100));
  await sendSigned(oss, { method: "PUT", bucket: "l", key: "rl", query: { symlink: null }, headers: { "x-oss-symlink-target": "rt", "content-type": "text/plain", "cache-control": "no-cache" } });
  const t = await sendSigned(oss, { method: "HEAD", bucket: "l", key: "rt" });
  const l = await sendSigned(oss, { method: "HEAD", bucket: "l", key: "rl" });
  const sym = await sendSigned(oss, { method: "GET", bucket: "l", key: "rl", query: { symlink: null } });
  expect(l.headers["last-modified"]).toBe(sym.headers["last-modified"]);
  expect(Date.parse(String(l.headers["last-modified"]))).toBeGreaterThan(Date.parse(String(t.headers["last-modified"])));
  expect(l.headers["etag"]).toBe(t.headers["etag"]);
  expect(l.headers["content-md5"]).toBe(t.headers["content-md5"]);
  expect(l.headers["content-type"]).toBe("text/plain");
  expect(l.headers["cache-control"]).toBe("no-cache");
  const range = await sendSigned(oss, { method: "GET", bucket: "l", key: "rl", headers: { range: "bytes=2-4" } });
  expect([range.status, range.text, range.headers["content-range"]]).toEqual([206, "234", "bytes 2-4/10"]);
  const nm = await sendSigned(oss, { method: "GET", bucket: "l", key: "rl", headers: { "if-none-match": String(t.headers["etag"]) } });
  expect(nm.status).toBe(304);
  const pf = await sendSigned(oss, { method: "GET", bucket: "l", key: "rl", headers: { "if-match": '"00000000000000000000000000000000"' } });
  expect([pf.status, xmlField(pf.text, "Code")]).toEqual([412, "PreconditionFailed"]);
});
