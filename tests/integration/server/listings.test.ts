/** ListObjects (v1) and ListObjectVersions response shapes on the wire. */
import { startLocalOss, type LocalOss } from "../../../server";
import { sendSigned, xmlField } from "./rawClient";

let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["v1list"], versionedBuckets: ["vers"] });
  for (const k of ["a/1", "a/2", "a/3", "a/sub/x", "b/1", "c d/é"]) {
    await sendSigned(oss, { method: "PUT", bucket: "v1list", key: k, body: k });
  }
  await sendSigned(oss, { method: "PUT", bucket: "v1list", key: "a/link", query: { symlink: null }, headers: { "x-oss-symlink-target": "a/1" } });
});
afterAll(async () => {
  await oss.close();
});

const all = (xml: string, tag: string): string[] => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) => m[1]!);
const list = async (query: Record<string, string | null>, bucket = "v1list"): Promise<string> => {
  const res = await sendSigned(oss, { method: "GET", bucket, query });
  expect(res.status).toBe(200);
  return res.text;
};

describe("ListObjects (v1)", () => {
  test("prefix, max-keys, marker and NextMarker page through every key once", async () => {
    const page1 = await list({ prefix: "a/", "max-keys": "2" });
    expect(page1).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListBucketResult>\n  <Name>v1list<\/Name>\n  <Prefix>a\/<\/Prefix>\n  <Marker><\/Marker>\n  <MaxKeys>2<\/MaxKeys>\n  <Delimiter><\/Delimiter>\n  <IsTruncated>true<\/IsTruncated>\n  <NextMarker>a\/2<\/NextMarker>\n/);
    expect(all(page1, "Key")).toEqual(["a/1", "a/2"]);
    const page2 = await list({ prefix: "a/", marker: "a/2" });
    expect(all(page2, "Key")).toEqual(["a/3", "a/link", "a/sub/x"]);
    expect([xmlField(page2, "IsTruncated"), xmlField(page2, "NextMarker"), xmlField(page2, "Marker")]).toEqual(["false", undefined, "a/2"]);
  });

  test("each entry: Key, LastModified, ETag, Type (Normal / Symlink), Size (0 for a link), StorageClass, Owner", async () => {
    const xml = await list({ prefix: "a/l" });
    expect(xml).toMatch(/<Contents>\n    <Key>a\/link<\/Key>\n    <LastModified>\d{4}-\d\d-\d\dT[\d:.]+Z<\/LastModified>\n    <ETag>"[0-9A-F]{32}"<\/ETag>\n    <Type>Symlink<\/Type>\n    <Size>0<\/Size>\n    <StorageClass>Standard<\/StorageClass>\n    <Owner>\n      <ID>\d+<\/ID>\n      <DisplayName>\d+<\/DisplayName>\n    <\/Owner>\n  <\/Contents>/);
    expect(all(await list({ prefix: "a/1" }), "Type")).toEqual(["Normal"]);
    expect(all(await list({ prefix: "a/1" }), "Size")).toEqual(["3"]);
  });

  test("delimiter rolls keys up into CommonPrefixes after the Contents; paging resumes after a prefix", async () => {
    const xml = await list({ delimiter: "/", "max-keys": "2" });
    expect(all(xml, "Prefix")).toEqual(["", "a/", "b/"]);
    expect(all(xml, "Key")).toEqual([]);
    expect(xmlField(xml, "NextMarker")).toBe("b/");
    const next = await list({ delimiter: "/", marker: "b/" });
    expect(all(next, "Prefix")).toEqual(["", "c d/"]);
    const under = await list({ prefix: "a/", delimiter: "/" });
    expect(all(under, "Key")).toEqual(["a/1", "a/2", "a/3", "a/link"]);
    expect(under.indexOf("<CommonPrefixes>")).toBeGreaterThan(under.lastIndexOf("</Contents>"));
    expect(all(under, "Prefix")).toEqual(["a/", "a/sub/"]);
  });

  test("encoding-type=url encodes Key, Prefix, Marker, Delimiter and NextMarker", async () => {
    const xml = await list({ prefix: "c d", marker: "c d/", "encoding-type": "url", "max-keys": "1" });
    expect(all(xml, "Key")).toEqual(["c%20d/%C3%A9"]);
    expect([xmlField(xml, "Prefix"), xmlField(xml, "Marker"), xmlField(xml, "EncodingType")]).toEqual(["c%20d", "c%20d/", "url"]);
    const page = await list({ prefix: "c", "max-keys": "1", "encoding-type": "url" });
    expect(xmlField(page, "NextMarker")).toBeUndefined();
    const trunc = await list({ "max-keys": "6", "encoding-type": "url" });
    expect(xmlField(trunc, "NextMarker")).toBe("b/1");
    const raw = await list({ prefix: "c d" });
    expect(all(raw, "Key")).toEqual(["c d/é"]);
  });

  test("bad max-keys and encoding-type are InvalidArgument; other bucket sub-resources stay 501", async () => {
    for (const query of [{ "max-keys": "0" }, { "max-keys": "1001" }, { "encoding-type": "base64" }] as Array<Record<string, string>>) {
      const res = await sendSigned(oss, { method: "GET", bucket: "v1list", query });
      expect([res.status, xmlField(res.text, "Code")]).toEqual([400, "InvalidArgument"]);
    }
    const cors = await sendSigned(oss, { method: "GET", bucket: "v1list", query: { cors: null }, version: "v4" });
    expect([cors.status, xmlField(cors.text, "Code")]).toEqual([501, "NotImplemented"]);
    expect(oss.stats().byOperation["ListObjects"]).toBeGreaterThan(0);
  });
});

describe("ListObjectVersions", () => {
  let ids: Record<string, string[]>;
  beforeAll(async () => {
    ids = {};
    const put = async (key: string, q: Record<string, string | null>, headers: Record<string, string> = {}, body = ""): Promise<void> => {
      const res = await sendSigned(oss, { method: "PUT", bucket: "vers", key, query: q, headers, body });
      (ids[key] ??= []).unshift(String(res.headers["x-oss-version-id"]));
    };
    await put("doc/target", {}, {}, "v1");
    await put("doc/link", { symlink: null }, { "x-oss-symlink-target": "doc/target" });
    await put("doc/link", { symlink: null }, { "x-oss-symlink-target": "doc/other" });
    await put("doc/link", { symlink: null }, { "x-oss-symlink-target": "doc/third" });
    const del = await sendSigned(oss, { method: "DELETE", bucket: "vers", key: "doc/gone" });
    expect(del.headers["x-oss-delete-marker"]).toBe("true");
    await put("doc/gone", {}, {}, "was here");
    await sendSigned(oss, { method: "DELETE", bucket: "vers", key: "doc/gone" });
    await put("top é", {}, {}, "x");
  });

  test("every PutSymlink is a Version with Type Symlink; newest first with IsLatest; delete markers listed", async () => {
    const xml = await list({ versions: null, prefix: "doc/" }, "vers");
    expect(xml).toMatch(/<ListVersionsResult>\n  <Name>vers<\/Name>\n  <Prefix>doc\/<\/Prefix>\n  <KeyMarker><\/KeyMarker>\n  <VersionIdMarker><\/VersionIdMarker>\n  <MaxKeys>100<\/MaxKeys>\n  <Delimiter><\/Delimiter>\n  <IsTruncated>false<\/IsTruncated>\n/);
    const entries = [...xml.matchAll(/<(Version|DeleteMarker)>\n    <Key>([^<]*)<\/Key>\n    <VersionId>([^<]*)<\/VersionId>\n    <IsLatest>(true|false)<\/IsLatest>\n    <LastModified>[^<]+<\/LastModified>\n(?:    <ETag>"[0-9A-F]{32}"<\/ETag>\n    <Type>(\w+)<\/Type>\n    <Size>(\d+)<\/Size>\n    <StorageClass>Standard<\/StorageClass>\n)?    <Owner>/g)]
      .map((m) => [m[1], m[2], m[4], m[5] ?? "-", m[6] ?? "-"]);
    expect(entries).toEqual([
      ["DeleteMarker", "doc/gone", "true", "-", "-"],
      ["Version", "doc/gone", "false", "Normal", "8"],
      ["DeleteMarker", "doc/gone", "false", "-", "-"],
      ["Version", "doc/link", "true", "Symlink", "0"],
      ["Version", "doc/link", "false", "Symlink", "0"],
      ["Version", "doc/link", "false", "Symlink", "0"],
      ["Version", "doc/target", "true", "Normal", "2"],
    ]);
    expect(all(xml, "VersionId").filter((_, i) => i >= 3 && i < 6)).toEqual(ids["doc/link"]);
  });

  test("key-marker and version-id-marker page inside one key's versions; NextKeyMarker/NextVersionIdMarker", async () => {
    const seen: string[] = [];
    let query: Record<string, string | null> = { versions: null, prefix: "doc/link", "max-keys": "2" };
    for (let i = 0; i < 5; i++) {
      const xml = await list(query, "vers");
      seen.push(...all(xml, "VersionId"));
      if (xmlField(xml, "IsTruncated") !== "true") break;
      expect(xmlField(xml, "NextKeyMarker")).toBe("doc/link");
      query = { versions: null, prefix: "doc/link", "max-keys": "2", "key-marker": xmlField(xml, "NextKeyMarker")!, "version-id-marker": xmlField(xml, "NextVersionIdMarker")! };
    }
    expect(seen).toEqual(ids["doc/link"]);
    // key-marker alone skips every version of that key
    expect(all(await list({ versions: null, prefix: "doc/", "key-marker": "doc/link" }, "vers"), "Key")).toEqual(["doc/target"]);
    const bad = await sendSigned(oss, { method: "GET", bucket: "vers", query: { versions: null, "version-id-marker": "x" } });
    expect([bad.status, xmlField(bad.text, "Code")]).toEqual([400, "InvalidArgument"]);
  });

  test("delimiter and encoding-type=url", async () => {
    const xml = await list({ versions: null, delimiter: "/", "encoding-type": "url" }, "vers");
    expect(all(xml, "Prefix")).toEqual(["", "doc/"]);
    expect(all(xml, "Key")).toEqual(["top%20%C3%A9"]);
    expect(xmlField(xml, "EncodingType")).toBe("url");
    const cut = await list({ versions: null, delimiter: "/", "max-keys": "1" }, "vers");
    expect([xmlField(cut, "NextKeyMarker"), xmlField(cut, "NextVersionIdMarker")]).toEqual(["doc/", undefined]);
  });

  test("an unversioned bucket lists its objects with VersionId null", async () => {
    const xml = await list({ versions: null, prefix: "b/" });
    expect([all(xml, "Key"), all(xml, "VersionId"), all(xml, "IsLatest")]).toEqual([["b/1"], ["null"], ["true"]]);
  });
});
