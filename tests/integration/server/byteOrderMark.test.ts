/**
 * A leading U+FEFF (the UTF-8 byte order mark, `%EF%BB%BF`) is an ordinary character of a key,
 * a bucket path segment, a symlink target and a query value: it is never dropped, so `\uFEFFx`
 * and `x` are two keys, and a signature over `\uFEFFy` verifies. Every decode path gets a BOM:
 * the path (key and bucket segment), the query (keys and values), the continuation token and
 * `x-oss-symlink-target` here; a BOM before an XML request body is in requestBodies.test.ts.
 */
import { strictDecode } from "../../../server/encoding";
import { startLocalOss, type LocalOss } from "../../../server";
import { send, sendSigned, xmlField } from "./rawClient";

const BOM = "\uFEFF";
let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ bucketAcls: { pub: "public-read" } });
  expect((await sendSigned(oss, { method: "PUT", bucket: "pub", key: "x", body: "plain x" })).status).toBe(200);
});
afterAll(async () => {
  await oss.close();
});

test("strictDecode keeps every U+FEFF, leading or not", () => {
  expect(strictDecode("%EF%BB%BFx")).toBe(`${BOM}x`);
  expect(strictDecode("%EF%BB%BF%EF%BB%BF")).toBe(BOM + BOM);
  expect(strictDecode("a%EF%BB%BF")).toBe(`a${BOM}`);
  expect(strictDecode("%EF%BB%BF")).toBe(BOM);
});

test("GET /pub/%EF%BB%BFx does not serve object x, for anyone", async () => {
  const anon = await send(oss, { path: "/pub/%EF%BB%BFx" });
  expect([anon.status, xmlField(anon.text, "Code"), xmlField(anon.text, "Key")]).toEqual([404, "NoSuchKey", `${BOM}x`]);
  const owner = await sendSigned(oss, { method: "GET", bucket: "pub", key: `${BOM}x` });
  expect([owner.status, xmlField(owner.text, "Code")]).toEqual([404, "NoSuchKey"]);
  expect((await send(oss, { path: "/pub/x" })).text).toBe("plain x");
});

test("a BOM before the bucket segment of a path does not address that bucket", async () => {
  const res = await send(oss, { path: "/%EF%BB%BFpub/x" });
  expect(res.status).not.toBe(200);
  expect(res.text).not.toBe("plain x");
});

test.each(["v1", "v4"] as const)("%s: the owner writes, reads and lists \\uFEFFy; it stays apart from y", async (version) => {
  const key = `${BOM}y-${version}`;
  const put = await sendSigned(oss, { method: "PUT", bucket: "pub", key, query: { symlink: null }, headers: { "x-oss-symlink-target": "x" }, version });
  expect([put.status, xmlField(put.text, "Code")]).toEqual([200, undefined]);
  const got = await sendSigned(oss, { method: "GET", bucket: "pub", key, version });
  expect([got.status, got.text]).toEqual([200, "plain x"]);
  expect((await sendSigned(oss, { method: "GET", bucket: "pub", key: `y-${version}`, version })).status).toBe(404);
  const list = await sendSigned(oss, { method: "GET", bucket: "pub", query: { "list-type": "2", prefix: BOM, "encoding-type": "url" }, version });
  expect([...list.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1])).toContain(`%EF%BB%BFy-${version}`);
});

test("a link to \\uFEFFx points at \\uFEFFx, not at x", async () => {
  const put = await sendSigned(oss, { method: "PUT", bucket: "pub", key: "link-to-bom", query: { symlink: null }, headers: { "x-oss-symlink-target": "%EF%BB%BFx" } });
  expect(put.status).toBe(200);
  const link = await sendSigned(oss, { method: "GET", bucket: "pub", key: "link-to-bom", query: { symlink: null } });
  expect(link.headers["x-oss-symlink-target"]).toBe("%EF%BB%BFx");
  const through = await sendSigned(oss, { method: "GET", bucket: "pub", key: "link-to-bom" });
  expect([through.status, xmlField(through.text, "Code")]).toEqual([404, "SymlinkTargetNotExist"]);
});

test("query keys and values keep a leading BOM: prefix, start-after, versionId, sub-resource names", async () => {
  await sendSigned(oss, { method: "PUT", bucket: "pub", key: `${BOM}z`, body: "bom z" });
  const keysOf = (text: string) => [...text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => decodeURIComponent(m[1] as string));
  // prefix "\uFEFF" lists only keys that start with it; "" would list x and link-to-bom too.
  const byPrefix = await send(oss, { path: "/pub/?list-type=2&encoding-type=url&prefix=%EF%BB%BF" });
  expect(byPrefix.status).toBe(200);
  expect(keysOf(byPrefix.text).every((k) => k.startsWith(BOM))).toBe(true);
  expect(keysOf(byPrefix.text)).toContain(`${BOM}z`);
  expect(xmlField(byPrefix.text, "Prefix")).toBe("%EF%BB%BF");
  // start-after "\uFEFF" (U+FEFF sorts after every ASCII key) skips x and link-to-bom.
  const after = await send(oss, { path: "/pub/?list-type=2&encoding-type=url&start-after=%EF%BB%BF" });
  expect(keysOf(after.text)).not.toContain("x");
  // A continuation token that resumes after a BOM key resumes after that key, not after its BOM-less twin.
  await sendSigned(oss, { method: "PUT", bucket: "pub", key: "z", body: "plain z" });
  const page1 = await send(oss, { path: "/pub/?list-type=2&encoding-type=url&prefix=%EF%BB%BF&max-keys=1" });
  const token = xmlField(page1.text, "NextContinuationToken") as string;
  const page2 = await send(oss, { path: `/pub/?list-type=2&encoding-type=url&prefix=%EF%BB%BF&continuation-token=${encodeURIComponent(token)}` });
  expect([...keysOf(page1.text), ...keysOf(page2.text)].sort()).toEqual(keysOf(byPrefix.text).sort());
  // "\uFEFFnull" is not the null version.
  const v = await sendSigned(oss, { method: "GET", bucket: "pub", key: "x", query: { versionId: `${BOM}null` } });
  expect([v.status, xmlField(v.text, "Code")]).toEqual([404, "NoSuchVersion"]);
  // "?\uFEFFsymlink" is not the symlink sub-resource: it is a GetObject of the link's target.
  const notSub = await send(oss, { path: "/pub/link-to-bom?%EF%BB%BFsymlink" });
  expect(notSub.headers["x-oss-symlink-target"]).toBeUndefined();
});
