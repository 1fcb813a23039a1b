/**
 * The client against the embedded OSS server (server/), whose signature checks are written
 * independently of the client's signers: a signing or encoding bug cannot hide on both sides.
 */
import { createOssClient, type OssClient } from "../../../provider/oss/client";
import { startLocalOss } from "../../../server";
import type { LocalOss } from "../../../server/options";

let oss: LocalOss;
const clients: OssClient[] = [];

beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["plain"], versionedBuckets: ["versioned"] });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await oss.close();
});

function client(signatureVersion: "v4" | "v1", securityToken?: string): OssClient {
  const c = createOssClient({
    region: oss.region,
    endpoint: oss.endpoint,
    signatureVersion,
    credentials: { accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret, ...(securityToken ? { securityToken } : {}) },
  });
  clients.push(c);
  return c;
}

describe.each(["v4", "v1"] as const)("client ↔ local OSS server (%s)", (version) => {
  const key = (name: string): string => `${version}/目录/a b+c ${name}!'()*~.txt`;

  test("symlink lifecycle with awkward keys", async () => {
    const c = client(version);
    const target = key("target");
    const link = key("link");
    await c.putObject({ bucket: "plain", key: target, body: "hello", contentType: "text/plain" });
    const put = await c.putSymlink({ bucket: "plain", key: link, target, acl: "private", metadata: { Owner: "me" }, contentType: "text/plain" });
    expect(put.etag).not.toMatch(/"/);
    const got = await c.getSymlink({ bucket: "plain", key: link });
    expect(got.target).toBe(target);
    expect(got.metadata).toEqual({ owner: "me" });
    const head = await c.headObject({ bucket: "plain", key: link });
    expect(head.objectType).toBe("Symlink");
    expect(head.contentLength).toBe(5);
    const body = await c.getObject({ bucket: "plain", key: link });
    expect(body.body.toString()).toBe("hello");
    await expect(c.getObjectAcl({ bucket: "plain", key: link })).resolves.toMatchObject({ acl: "private" });
    await c.putObjectAcl({ bucket: "plain", key: link, acl: "public-read" });
    await expect(c.getObjectAcl({ bucket: "plain", key: link })).resolves.toMatchObject({ acl: "public-read" });
    await expect(c.putSymlink({ bucket: "plain", key: link, target, forbidOverwrite: true })).rejects.toMatchObject({ code: "FileAlreadyExists", status: 409 });
    const listed = await c.listObjectsV2({ bucket: "plain", prefix: `${version}/` });
    expect(listed.objects.map((o) => o.key).sort()).toEqual([link, target].sort());
    await c.deleteObject({ bucket: "plain", key: link });
    await expect(c.headObject({ bucket: "plain", key: link })).rejects.toMatchObject({ code: "NoSuchKey", status: 404 });
  });

  test("a key with CR LF is listed exactly (XML alone would turn CR LF into LF)", async () => {
    const c = client(version);
    const link = key("cr\r\nlf\r");
    await c.putSymlink({ bucket: "plain", key: link, target: "t", storageClass: "IA" });
    const listed = await c.listObjectsV2({ bucket: "plain", prefix: link, maxKeys: 1 });
    expect(listed.objects.map((o) => [o.key, o.storageClass])).toEqual([[link, "IA"]]);
  });

  test("dangling link: HEAD error code comes from x-oss-err", async () => {
    const c = client(version);
    await c.putSymlink({ bucket: "plain", key: key("dangling"), target: key("nowhere") });
    await expect(c.headObject({ bucket: "plain", key: key("dangling") })).rejects.toMatchObject({ code: "SymlinkTargetNotExist", status: 404 });
  });

  test("versioning", async () => {
    const c = client(version);
    await expect(c.getBucketVersioning("versioned")).resolves.toBe("Enabled");
    const put = await c.putSymlink({ bucket: "versioned", key: key("v"), target: "t" });
    expect(put.versionId).toBeDefined();
    const del = await c.deleteObject({ bucket: "versioned", key: key("v") });
    expect(del.deleteMarker).toBe(true);
  });

  test("request headers over the server's limit: HTTP 431 is reported as a header-size problem", async () => {
    const c = client(version);
    const error = (await c.putSymlink({ bucket: "plain", key: key("big"), target: "t", contentType: "a".repeat(100 * 1024) }).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: "RequestHeaderFieldsTooLarge", status: 431 });
    expect(error.message).toMatch(/request headers are too large/);
    expect(error.message).not.toMatch(/check that the endpoint is an OSS service/);
  });

  test("a wrong secret is SignatureDoesNotMatch, not retried, with no secret in the error", async () => {
    const c = createOssClient({ region: oss.region, endpoint: oss.endpoint, signatureVersion: version, credentials: { accessKeyId: oss.accessKeyId, accessKeySecret: "WRONG-SECRET-abc123" } });
    clients.push(c);
    const error = await c.headObject({ bucket: "plain", key: "x" }).catch((e: unknown) => e) as Error;
    expect(error).toMatchObject({ code: "SignatureDoesNotMatch", status: 403 });
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("WRONG-SECRET-abc123");
  });
});
