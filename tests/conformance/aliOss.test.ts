/**
 * Conformance: the official `ali-oss` client (not written here) against the local server, in
 * both its V1 (default) and V4 (`authorizationV4: true`) signing modes.
 *
 * Addressing: with an IP endpoint ali-oss connects to the IP but sends
 * `Host: {bucket}.oss-{region}.aliyuncs.com` and path `/{key}` (lib/common/utils/createRequest.js,
 * lib/common/client/getReqUrl.js). `sldEnable` must stay off: with it the bucket would be both
 * in Host and in the path. The server resolves the bucket from the Host prefix.
 */
import OSS = require("ali-oss");
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startLocalOss, type LocalOss } from "../../server";

type Mode = "V1" | "V4";

/** ali-oss has these methods (lib/common/bucket/*BucketVersioning.js); @types/ali-oss lacks them. */
type VersioningClient = OSS & {
  getBucketVersioning(name: string): Promise<{ versionStatus?: string }>;
  putBucketVersioning(name: string, status: "Enabled" | "Suspended"): Promise<unknown>;
};

/** lib/common/object/getBucketVersions.js; @types/ali-oss lacks it. */
interface ListedVersion {
  name: string;
  versionId: string;
  isLatest: boolean;
  type?: string;
  size?: number;
}
type VersionsClient = OSS & {
  getBucketVersions(query: Record<string, unknown>): Promise<{
    objects: ListedVersion[];
    deleteMarker: ListedVersion[];
    isTruncated: boolean;
    nextKeyMarker: string | null;
    nextVersionIdMarker: string | null;
  }>;
};

interface AliError {
  code?: string;
  status?: number;
  name?: string;
}

async function failure(p: Promise<unknown>): Promise<AliError> {
  try {
    await p;
  } catch (e) {
    return e as AliError;
  }
  throw new Error("expected the call to fail");
}

const TOKEN = "local-sts-token";
let oss: LocalOss;

beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["plain-v1", "plain-v4"], versionedBuckets: ["ver-v1", "ver-v4"], securityToken: TOKEN });
});
afterAll(async () => {
  await oss.close();
});

function client(mode: Mode, bucket: string, over: Partial<OSS.Options> = {}): OSS {
  return new OSS({
    endpoint: oss.endpoint,
    cname: false,
    region: "oss-cn-hangzhou",
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
    bucket,
    authorizationV4: mode === "V4",
    ...over,
  } as OSS.Options);
}

describe.each<Mode>(["V1", "V4"])("ali-oss %s", (mode) => {
  const bucket = mode === "V1" ? "plain-v1" : "plain-v4";
  const vbucket = mode === "V1" ? "ver-v1" : "ver-v4";
  let c: OSS;
  beforeAll(() => {
    c = client(mode, bucket);
  });

  test("putSymlink / getSymlink round trip, link carries its own metadata", async () => {
    await c.put("targets/report.txt", Buffer.from("hello through a link"));
    const put = await c.putSymlink("links/latest.txt", "targets/report.txt", { meta: { owner: "team-a" } } as never);
    expect(put.res.status).toBe(200);
    const got = await c.getSymlink("links/latest.txt");
    expect(got.targetName).toBe("targets/report.txt");
    const h = got.res.headers as Record<string, string>;
    expect(h["x-oss-meta-owner"]).toBe("team-a");
    expect(h["etag"]).toMatch(/^"[0-9A-F]{32}"$/);
    expect(h["x-oss-request-id"]).toMatch(/^[0-9A-F]{24}$/);
  });

  test.each([
    ["unicode", "目录/链接 1.txt", "目录/目标 文件.txt"],
    ["space and plus", "docs/a b+c.txt", "docs/x y+z.txt"],
    ["sub-delims", "a~b*c(1)!.txt", "t'a~r*g(e)t!.txt"],
    ["reserved", "x/y?z#w%.txt", "q/r?s#t%&=;,.txt"],
    ["control and symbols", "ctl\u000c!@#$^&()-=.txt", "中文!@#$%^&*()-=文件\u000c-1.txt"],
  ])("special characters round trip (%s)", async (_label, link, target) => {
    await c.put(target, Buffer.from(`content of ${target}`));
    await c.putSymlink(link, target);
    expect((await c.getSymlink(link)).targetName).toBe(target);
    const body = await c.get(link);
    expect(Buffer.from(body.content as Buffer).toString()).toBe(`content of ${target}`);
  });

  test("head and get through a link report the target's bytes with object type Symlink", async () => {
    const content = Buffer.from("0123456789abcdef");
    const target = await c.put("through/target.bin", content);
    await c.putSymlink("through/link", "through/target.bin", { meta: { role: "link" } } as never);
    const head = await c.head("through/link");
    const h = head.res.headers as Record<string, string>;
    expect(h["x-oss-object-type"]).toBe("Symlink");
    expect(h["content-length"]).toBe(String(content.length));
    expect(h["etag"]).toBe((target.res.headers as Record<string, string>)["etag"]);
    expect(h["x-oss-meta-role"]).toBe("link");
    const got = await c.get("through/link");
    expect(Buffer.compare(got.content as Buffer, content)).toBe(0);
    expect((got.res.headers as Record<string, string>)["x-oss-object-type"]).toBe("Symlink");
  });

  test("dangling link: HEAD shows NoSuchKey (ali-oss body-less 404), GET shows SymlinkTargetNotExist", async () => {
    await c.putSymlink("dangling/link", "dangling/missing");
    const head = await failure(c.head("dangling/link"));
    expect(head.status).toBe(404);
    expect(head.code).toBe("NoSuchKey");
    const get = await failure(c.get("dangling/link"));
    expect(get.status).toBe(404);
    expect(get.code).toBe("SymlinkTargetNotExist");
  });

  test("link to a link: InvalidTargetType 400 on read, accepted on write", async () => {
    await c.put("chain/object", Buffer.from("x"));
    await c.putSymlink("chain/link1", "chain/object");
    await c.putSymlink("chain/link2", "chain/link1");
    const err = await failure(c.get("chain/link2"));
    expect(err.status).toBe(400);
    expect(err.code).toBe("InvalidTargetType");
    const head = await failure(c.head("chain/link2"));
    expect(head.status).toBe(400);
    expect(head.code).toBe("InvalidTargetType");
  });

  test("delete removes only the link", async () => {
    await c.put("del/target", Buffer.from("stay"));
    await c.putSymlink("del/link", "del/target");
    const res = await c.delete("del/link");
    expect(res.res.status).toBe(204);
    expect((await failure(c.getSymlink("del/link"))).code).toBe("NoSuchKey");
    expect((await c.get("del/target")).content.toString()).toBe("stay");
    expect((await c.delete("del/never-existed")).res.status).toBe(204);
  });

  test("getSymlink on a normal object is NotSymlink", async () => {
    await c.put("normal/object", Buffer.from("n"));
    const err = await failure(c.getSymlink("normal/object"));
    expect(err.code).toBe("NotSymlink");
    expect(err.status).toBe(400);
  });

  test("putACL / getACL on a link, and ACL given at creation", async () => {
    await c.putSymlink("acl/link", "acl/target");
    expect((await c.getACL("acl/link")).acl).toBe("default");
    await c.putACL("acl/link", "public-read");
    expect((await c.getACL("acl/link")).acl).toBe("public-read");
    await c.putSymlink("acl/private-link", "acl/target", { headers: { "x-oss-object-acl": "private" } } as never);
    expect((await c.getACL("acl/private-link")).acl).toBe("private");
  });

  test("x-oss-forbid-overwrite: FileAlreadyExists 409 on an existing key", async () => {
    await c.putSymlink("fo/link", "fo/a");
    const err = await failure(c.putSymlink("fo/link", "fo/b", { headers: { "x-oss-forbid-overwrite": "true" } } as never));
    expect(err.status).toBe(409);
    expect(err.code).toBe("FileAlreadyExists");
    expect((await c.getSymlink("fo/link")).targetName).toBe("fo/a");
    await c.putSymlink("fo/new", "fo/a", { headers: { "x-oss-forbid-overwrite": "true" } } as never);
  });

  test("storage class: IA accepted, unknown value InvalidArgument", async () => {
    await c.putSymlink("sc/ia", "sc/t", { storageClass: "IA" } as never);
    const err = await failure(c.putSymlink("sc/bad", "sc/t", { storageClass: "Glacier" } as never));
    expect(err.status).toBe(400);
    expect(err.code).toBe("InvalidArgument");
  });

  test("listV2 shows links with Type Symlink", async () => {
    await c.put("list/a.txt", Buffer.from("a"));
    await c.putSymlink("list/b.lnk", "list/a.txt");
    const res = await c.listV2({ prefix: "list/", "max-keys": "10" } as never, {});
    const names = (res.objects ?? []).map((o) => [o.name, o.type]);
    expect(names).toEqual([["list/a.txt", "Normal"], ["list/b.lnk", "Symlink"]]);
  });

  test("list (v1 ListObjects): prefix, delimiter, max-keys, marker paging, Type per entry, encoding-type=url", async () => {
    await c.put("v1list/a b+c.txt", Buffer.from("ab"));
    await c.putSymlink("v1list/link", "v1list/a b+c.txt");
    await c.put("v1list/sub/x", Buffer.from("x"));
    const first = await c.list({ prefix: "v1list/", delimiter: "/", "max-keys": 2 } as never, {});
    expect(first.objects.map((o) => [o.name, o.type, o.size])).toEqual([["v1list/a b+c.txt", "Normal", 2], ["v1list/link", "Symlink", 0]]);
    expect([first.isTruncated, first.nextMarker, first.prefixes]).toEqual([true, "v1list/link", null]);
    const second = await c.list({ prefix: "v1list/", delimiter: "/", marker: first.nextMarker } as never, {});
    expect([second.objects, second.prefixes, second.isTruncated]).toEqual([[], ["v1list/sub/"], false]);
    // ali-oss does not decode encoding-type=url answers, so the raw encoded keys show through.
    const encoded = await c.list({ prefix: "v1list/a", "encoding-type": "url" } as never, {});
    expect(encoded.objects.map((o) => o.name)).toEqual(["v1list/a%20b%2Bc.txt"]);
  });

  test("getBucketVersions (ListObjectVersions): each putSymlink is a version, delete markers, key/version markers", async () => {
    const v = client(mode, vbucket) as VersionsClient;
    const ids: string[] = [];
    for (const target of ["hist/t1", "hist/t2", "hist/t3"]) {
      const put = await v.putSymlink("hist/link", target);
      ids.unshift((put.res.headers as Record<string, string>)["x-oss-version-id"]!);
    }
    await v.delete("hist/link");
    const all = await v.getBucketVersions({ prefix: "hist/" });
    expect(all.objects.map((o) => [o.name, o.versionId, o.isLatest, o.type, o.size])).toEqual(ids.map((id) => ["hist/link", id, false, "Symlink", 0]));
    expect(all.deleteMarker.map((m) => m.name)).toEqual(["hist/link"]);
    const page = await v.getBucketVersions({ prefix: "hist/", maxKeys: 2 });
    expect([page.isTruncated, page.nextKeyMarker, page.nextVersionIdMarker]).toEqual([true, "hist/link", ids[0]]);
    const rest = await v.getBucketVersions({ prefix: "hist/", keyMarker: page.nextKeyMarker, versionIdMarker: page.nextVersionIdMarker });
    expect(rest.objects.map((o) => o.versionId)).toEqual(ids.slice(1));
    expect(rest.isTruncated).toBe(false);
  });

  test("versioning: put/get status, versioned links, delete markers", async () => {
    const v = client(mode, vbucket) as VersioningClient;
    expect((await v.getBucketVersioning(vbucket)).versionStatus).toBe("Enabled");
    await v.put("vt/target", Buffer.from("v"));
    const first = await v.putSymlink("vt/link", "vt/target");
    const firstId = (first.res.headers as Record<string, string>)["x-oss-version-id"];
    expect(firstId).toBeTruthy();
    await v.putSymlink("vt/link", "vt/other");
    expect((await v.getSymlink("vt/link")).targetName).toBe("vt/other");
    expect((await v.getSymlink("vt/link", { versionId: firstId } as never)).targetName).toBe("vt/target");
    const del = await v.delete("vt/link");
    const dh = del.res.headers as Record<string, string>;
    expect(dh["x-oss-delete-marker"]).toBe("true");
    expect(dh["x-oss-version-id"]).toBeTruthy();
    expect((await failure(v.getSymlink("vt/link"))).code).toBe("NoSuchKey");
    // forbid-overwrite is ignored on a versioned bucket
    await v.putSymlink("vt/target", "vt/x", { headers: { "x-oss-forbid-overwrite": "true" } } as never);
    await v.putBucketVersioning(vbucket, "Suspended");
    expect((await v.getBucketVersioning(vbucket)).versionStatus).toBe("Suspended");
    const s = await v.putSymlink("vt/suspended", "vt/target");
    expect((s.res.headers as Record<string, string>)["x-oss-version-id"]).toBe("null");
    await v.putBucketVersioning(vbucket, "Enabled");
  });

  test("wrong secret: SignatureDoesNotMatch", async () => {
    const bad = client(mode, bucket, { accessKeySecret: "not-the-secret" });
    const err = await failure(bad.putSymlink("err/link", "err/target"));
    expect(err.status).toBe(403);
    expect(err.code).toBe("SignatureDoesNotMatch");
  });

  test("unknown key id: InvalidAccessKeyId", async () => {
    const bad = client(mode, bucket, { accessKeyId: "nobody" });
    const err = await failure(bad.getSymlink("links/latest.txt"));
    expect(err.status).toBe(403);
    expect(err.code).toBe("InvalidAccessKeyId");
  });

  test("STS token accepted; a different token is InvalidSecurityToken", async () => {
    const sts = client(mode, bucket, { stsToken: TOKEN, refreshSTSTokenInterval: 3_600_000, refreshSTSToken: async () => ({ accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET, stsToken: TOKEN }) } as never);
    await sts.putSymlink("sts/link", "sts/target");
    expect((await sts.getSymlink("sts/link")).targetName).toBe("sts/target");
    const bad = client(mode, bucket, { stsToken: "forged", refreshSTSTokenInterval: 3_600_000, refreshSTSToken: async () => ({ accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET, stsToken: "forged" }) } as never);
    const err = await failure(bad.getSymlink("sts/link"));
    expect(err.status).toBe(403);
    expect(err.code).toBe("InvalidSecurityToken");
  });

  test("signed URL (presigned GET through a link)", async () => {
    await c.put("url/target", Buffer.from("presigned"));
    await c.putSymlink("url/link", "url/target");
    // ali-oss refuses to build URLs for IP endpoints, so presign against `localhost` with the
    // bucket in the path (`sldEnable`), which the server reads as path-style addressing.
    const p = client(mode, bucket, { endpoint: `http://localhost:${oss.port}`, sldEnable: true } as never);
    const url = mode === "V1"
      ? p.signatureUrl("url/link", { expires: 600 })
      : await p.signatureUrlV4("GET", 600, undefined, "url/link");
    expect(url).toContain(`/${bucket}/url/link?`);
    const res = await fetch(url);
    const text = await res.text();
    expect([res.status, text]).toEqual([200, "presigned"]);
  });
});
