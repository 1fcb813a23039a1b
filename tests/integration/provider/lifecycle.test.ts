/**
 * The provider implementation against the local OSS server, called the way the dynamic
 * provider host calls it (check → create / diff → update / read / delete), counting requests
 * per operation on the server.
 */
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import * as impl from "../../../provider/impl";
import { withDefaults } from "../../../provider/lifecycle/storedInputs";
import { createOssClient } from "../../../provider/oss/client";
import type { OssClientApi } from "../../../provider/oss/clientTypes";
import { OssError } from "../../../provider/oss/ossError";
import { startLocalOss } from "../../../server/index";
import type { LocalOss } from "../../../server/index";

const BUCKET = "links";
const VERSIONED = "links-versioned";
const LOCKED = "links-locked";
const OWNER = "0123456789abcdef";
const SHIM = "serialized-shim-v1";

let server: LocalOss;
let client: OssClientApi;
let seq = 0;

function uniqueKey(prefix: string): string {
  seq += 1;
  return `${prefix}/${seq}-${Date.now().toString(36)}`;
}

async function configureFor(s: LocalOss, secret = s.accessKeySecret): Promise<void> {
  await impl.configure({
    config: new Config(
      {
        "alicloud:region": s.region,
        "alicloud:accessKey": s.accessKeyId,
        "alicloud:secretKey": secret,
        "pulumi-oss-symlink:endpoint": s.endpoint,
      },
      "proj",
    ),
  });
}

/** check + create, as the host does for a new resource. */
async function createVia(news: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
  const checked = await impl.check({}, { __provider: SHIM, ownerId: OWNER, ...news });
  expect(checked.failures).toEqual([]);
  const result = await impl.create(checked.inputs);
  return { id: result.id, outs: { ...(result.outs as Record<string, unknown>), __provider: SHIM } };
}

/** check + diff (+ update when the diff is an in-place change). */
async function updateVia(olds: Record<string, unknown>, news: Record<string, unknown>, provider = SHIM) {
  const checked = await impl.check({}, { __provider: provider, ownerId: OWNER, ...news });
  expect(checked.failures).toEqual([]);
  const d = await impl.diff("id", olds, checked.inputs);
  return { checked: checked.inputs as Record<string, unknown>, diff: d };
}

function ops(): Record<string, number> {
  return server.stats().byOperation;
}

async function liveToken(bucket: string, key: string): Promise<string | undefined> {
  return (await client.getSymlink({ bucket, key })).metadata["pulumi-owner"];
}

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ code });
}

beforeAll(async () => {
  server = await startLocalOss({ buckets: [BUCKET], versionedBuckets: [VERSIONED], lockedBuckets: [LOCKED] });
  client = createOssClient({
    region: server.region,
    endpoint: server.endpoint,
    credentials: { accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret },
  });
  await client.putObject({ bucket: BUCKET, key: "targets/a.txt", body: "AAA" });
  await client.putObject({ bucket: BUCKET, key: "targets/b.txt", body: "BBB" });
  await client.putObject({ bucket: VERSIONED, key: "targets/a.txt", body: "vA" });
  await client.putObject({ bucket: VERSIONED, key: "targets/b.txt", body: "vB" });
});

afterAll(async () => {
  await impl.shutdown();
  await client.close();
  await server.close();
});

beforeEach(async () => {
  await configureFor(server);
  server.resetStats();
});

describe("create / update / read / delete", () => {
  it("check and diff make no requests; create is one PutSymlink writing the owner token", async () => {
    const key = uniqueKey("create");
    const checked = await impl.check({}, { __provider: SHIM, ownerId: OWNER, bucket: BUCKET, key, target: "targets/a.txt", metadata: { Team: "web" }, contentType: "text/plain" });
    await impl.diff("x", { bucket: BUCKET, key, target: "old" }, checked.inputs);
    expect(server.stats().total).toBe(0);
    // region and endpoint came from configure: config alicloud:region and pulumi-oss-symlink:endpoint.
    expect(checked.inputs).toMatchObject({ region: server.region, endpoint: server.endpoint });

    const { id, outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", metadata: { Team: "web" }, contentType: "text/plain" });
    expect(ops()).toEqual({ PutSymlink: 1 });
    expect(id).toBe(`${BUCKET}/${key}`);
    expect(outs).toMatchObject({ bucket: BUCKET, key, target: "targets/a.txt", acl: "default", storageClass: "Standard", metadata: { team: "web" }, contentType: "text/plain", forbidOverwrite: false, adopt: false, ownerId: OWNER });
    expect(outs.ownerToken).toMatch(new RegExp(`^${OWNER}\\.[0-9a-f]{16}$`));
    expect(typeof outs.etag).toBe("string");
    expect(String(outs.url)).toContain(encodeURI(key));
    expect(JSON.stringify(outs)).not.toContain(server.accessKeySecret);

    const live = await client.getSymlink({ bucket: BUCKET, key });
    expect(live.target).toBe("targets/a.txt");
    expect(live.metadata).toEqual({ team: "web", "pulumi-owner": outs.ownerToken });
    expect((await client.getObject({ bucket: BUCKET, key })).body.toString()).toBe("AAA");
  });

  it("update of metadata is one PutSymlink and keeps the owner token", async () => {
    const key = uniqueKey("update");
    const { outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", metadata: { a: "1" } });
    server.resetStats();
    const { checked, diff } = await updateVia(outs, { bucket: BUCKET, key, target: "targets/a.txt", metadata: { a: "2", b: "3" }, cacheControl: "no-cache" });
    expect(diff).toEqual({ changes: true, replaces: [] });
    const result = await impl.update(`${BUCKET}/${key}`, outs, checked);
    expect(ops()).toEqual({ PutSymlink: 1 });
    const newOuts = result.outs as Record<string, unknown>;
    expect(newOuts).toMatchObject({ metadata: { a: "2", b: "3" }, cacheControl: "no-cache", ownerToken: outs.ownerToken });
    const live = await client.getSymlink({ bucket: BUCKET, key });
    expect(live.metadata).toEqual({ a: "2", b: "3", "pulumi-owner": outs.ownerToken });
    expect(live.cacheControl).toBe("no-cache");
  });

  it("a change of __provider alone is an update that calls no API and returns the old outputs", async () => {
    const key = uniqueKey("provider-only");
    const { outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt" });
    server.resetStats();
    const { checked, diff } = await updateVia(outs, { bucket: BUCKET, key, target: "targets/a.txt" }, "serialized-shim-v2");
    expect(diff).toEqual({ changes: true, replaces: [] });
    const result = await impl.update(`${BUCKET}/${key}`, outs, checked);
    expect(server.stats().total).toBe(0);
    const { __provider: _old, ...withoutProvider } = outs;
    expect(result.outs).toEqual(withoutProvider);
  });

  it("flipping only forbidOverwrite/adopt is recorded without a request", async () => {
    const key = uniqueKey("flags");
    const { id, outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", adopt: true });
    const { checked, diff } = await updateVia(outs, { bucket: BUCKET, key, target: "targets/a.txt", forbidOverwrite: true });
    expect(diff).toEqual({ changes: true, replaces: [] });
    server.resetStats();
    const result = await impl.update(id, outs, checked);
    expect(server.stats().total).toBe(0);
    expect(result.outs).toMatchObject({ forbidOverwrite: true, adopt: false, etag: outs.etag, ownerToken: outs.ownerToken });
  });

  it("retargeting replaces on the same key: create new, delete old leaves the new link, GET works throughout", async () => {
    const key = uniqueKey("replace");
    const first = await createVia({ bucket: BUCKET, key, target: "targets/a.txt" });
    const { checked, diff } = await updateVia(first.outs, { bucket: BUCKET, key, target: "targets/b.txt" });
    expect(diff).toEqual({ changes: true, replaces: ["target"] });
    server.resetStats();
    const second = await impl.create(checked); // the engine creates the replacement first
    expect((await client.getObject({ bucket: BUCKET, key })).body.toString()).toBe("BBB");
    server.resetStats();
    await impl.delete(first.id, first.outs); // then deletes the old resource, same ID
    expect(ops()).toEqual({ GetSymlink: 1 });
    const live = await client.getSymlink({ bucket: BUCKET, key });
    expect(live.target).toBe("targets/b.txt");
    expect(live.metadata["pulumi-owner"]).toBe((second.outs as Record<string, unknown>).ownerToken);
    expect((await client.getObject({ bucket: BUCKET, key })).body.toString()).toBe("BBB");
  });

  it("`up --replace` with unchanged inputs, and a pending delete run later, also keep the successor", async () => {
    const key = uniqueKey("forced-replace");
    const first = await createVia({ bucket: BUCKET, key, target: "targets/a.txt" });
    const second = await createVia({ bucket: BUCKET, key, target: "targets/a.txt" });
    expect(second.outs.ownerToken).not.toBe(first.outs.ownerToken);
    // An interrupted update left the old resource as a pending delete; a later `up` runs it.
    await impl.delete(first.id, first.outs);
    expect(await liveToken(BUCKET, key)).toBe(second.outs.ownerToken);
    // Destroying the successor removes the link.
    await impl.delete(second.id, second.outs);
    await expectCode(client.getSymlink({ bucket: BUCKET, key }), "NoSuchKey");
  });

  it("read reports drift (≤ 3 requests) and drops a link deleted out of band", async () => {
    const key = uniqueKey("drift");
    const { id, outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", acl: "private", metadata: { a: "1" } });
    // Unchanged: the read mirrors the state.
    server.resetStats();
    const same = await impl.read(id, outs);
    expect(ops()).toEqual({ GetSymlink: 1, GetObjectACL: 1, ListObjectsV2: 1 });
    expect(same.id).toBe(id);
    expect(same.props).toMatchObject({ target: "targets/a.txt", acl: "private", storageClass: "Standard", metadata: { a: "1" }, ownerToken: outs.ownerToken });

    // Someone retargets the link and changes its ACL with another tool.
    await client.putSymlink({ bucket: BUCKET, key, target: "targets/b.txt", metadata: { a: "9" } });
    await client.putObjectAcl({ bucket: BUCKET, key, acl: "public-read" });
    const drifted = await impl.read(id, outs);
    expect(drifted.props).toMatchObject({ target: "targets/b.txt", acl: "public-read", metadata: { a: "9" }, ownerToken: outs.ownerToken });
    expect(drifted.inputs).toMatchObject({ target: "targets/b.txt", acl: "public-read", metadata: { a: "9" } });
    expect(drifted.inputs).not.toHaveProperty("ownerToken");
    // The next `up` with the declared inputs sees the drift as a replacement.
    const { diff } = await updateVia(drifted.props as Record<string, unknown>, { bucket: BUCKET, key, target: "targets/a.txt", acl: "private", metadata: { a: "1" } });
    expect(diff.replaces).toEqual(["target", "acl"]);

    await client.deleteObject({ bucket: BUCKET, key });
    const gone = await impl.read(id, outs);
    expect(gone.id).toBeFalsy();
  });

  it("refresh of a link whose key holds CR LF sees its live storage class (drift included)", async () => {
    const key = uniqueKey("crlf") + "/a\r\nb";
    const { id, outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", storageClass: "IA" });
    expect((await impl.read(id, outs)).props).toMatchObject({ key, storageClass: "IA" });
    // Rewritten out of band as Standard (same target and token): refresh must report Standard.
    await client.putSymlink({ bucket: BUCKET, key, target: "targets/a.txt", storageClass: "Standard", metadata: { "pulumi-owner": String(outs.ownerToken) } });
    const read = await impl.read(id, outs);
    expect(read.props).toMatchObject({ key, storageClass: "Standard" });
    // Stored inputs leave a default out (provider/lifecycle/storedInputs.ts): absent means Standard,
    // so the next diff against the declared IA sees the drift.
    expect(read.inputs).not.toHaveProperty("storageClass");
    expect(withDefaults(read.inputs as Record<string, unknown>)).toMatchObject({ storageClass: "Standard" });
    const { diff } = await updateVia(read.props as Record<string, unknown>, { bucket: BUCKET, key, target: "targets/a.txt", storageClass: "IA" });
    expect(diff.replaces).toEqual(["storageClass"]);
  });

  it("delete twice: the second finds nothing and succeeds with one request", async () => {
    const key = uniqueKey("delete-twice");
    const { id, outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt" });
    server.resetStats();
    await impl.delete(id, outs);
    expect(ops()).toEqual({ GetSymlink: 1, DeleteObject: 1 });
    await expectCode(client.getSymlink({ bucket: BUCKET, key }), "NoSuchKey");
    server.resetStats();
    await impl.delete(id, outs);
    expect(ops()).toEqual({ GetSymlink: 1 });
  });

  it("delete never removes a normal object that replaced the link, nor a foreign link", async () => {
    const key = uniqueKey("not-ours");
    const { id, outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt" });
    await client.putObject({ bucket: BUCKET, key, body: "user data" });
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    await impl.delete(id, outs);
    expect(log).toHaveBeenCalledWith(expect.stringContaining("is now a normal object, not our symlink; left it in place"));
    log.mockRestore();
    expect((await client.getObject({ bucket: BUCKET, key })).body.toString()).toBe("user data");

    const key2 = uniqueKey("foreign");
    const created = await createVia({ bucket: BUCKET, key: key2, target: "targets/a.txt" });
    await client.putSymlink({ bucket: BUCKET, key: key2, target: "targets/b.txt", metadata: { "pulumi-owner": "ffffffffffffffff.1" } });
    await impl.delete(created.id, created.outs);
    expect((await client.getSymlink({ bucket: BUCKET, key: key2 })).target).toBe("targets/b.txt");
  });
});

describe("versioned bucket", () => {
  it("delete removes the link's own versions by version id (no delete marker), so no earlier version resurfaces", async () => {
    const key = uniqueKey("versioned");
    const { id, outs } = await createVia({ bucket: VERSIONED, key, target: "targets/a.txt" });
    expect(typeof outs.versionId).toBe("string");
    const { checked } = await updateVia(outs, { bucket: VERSIONED, key, target: "targets/a.txt", metadata: { v: "2" } });
    const updated = (await impl.update(id, outs, checked)).outs as Record<string, unknown>;
    expect(updated.versionId).not.toBe(outs.versionId);

    server.resetStats();
    await impl.delete(id, { ...updated, __provider: SHIM });
    // Read v2, delete v2; read v1 (ours, now current), delete v1; read: nothing.
    expect(ops()).toEqual({ GetSymlink: 3, DeleteObject: 2 });
    await expectCode(client.getSymlink({ bucket: VERSIONED, key }), "NoSuchKey");
    // Removed from the history, not hidden behind a delete marker.
    await expectCode(client.getSymlink({ bucket: VERSIONED, key, versionId: String(outs.versionId) }), "NoSuchVersion");
    await expectCode(client.getSymlink({ bucket: VERSIONED, key, versionId: String(updated.versionId) }), "NoSuchVersion");
  });

  it("same-key replacement keeps the new version current", async () => {
    const key = uniqueKey("versioned-replace");
    const first = await createVia({ bucket: VERSIONED, key, target: "targets/a.txt" });
    await createVia({ bucket: VERSIONED, key, target: "targets/b.txt" });
    await impl.delete(first.id, first.outs);
    expect((await client.getObject({ bucket: VERSIONED, key })).body.toString()).toBe("vB");
  });

  it("destroy after same-key replacements removes the predecessors' versions too, so no old target resurfaces", async () => {
    const key = uniqueKey("versioned-chain");
    const first = await createVia({ bucket: VERSIONED, key, target: "targets/a.txt" });
    const second = await createVia({ bucket: VERSIONED, key, target: "targets/b.txt" });
    await impl.delete(first.id, first.outs); // the replacement's delete of the predecessor: the live link is not its own
    expect((await client.getObject({ bucket: VERSIONED, key })).body.toString()).toBe("vB");
    server.resetStats();
    await impl.delete(second.id, second.outs);
    // Read B, delete B; read A (a predecessor of the same resource), delete A; read: nothing.
    expect(ops()).toEqual({ GetSymlink: 3, DeleteObject: 2 });
    await expectCode(client.getSymlink({ bucket: VERSIONED, key }), "NoSuchKey");
  });

  it("destroy stops at a link of another resource under ours", async () => {
    const key = uniqueKey("versioned-foreign-below");
    await client.putSymlink({ bucket: VERSIONED, key, target: "targets/b.txt", metadata: { "pulumi-owner": "ffffffffffffffff.1" } });
    const ours = await createVia({ bucket: VERSIONED, key, target: "targets/a.txt" });
    await impl.delete(ours.id, ours.outs);
    expect((await client.getSymlink({ bucket: VERSIONED, key })).target).toBe("targets/b.txt");
  });
});

describe("forbidOverwrite", () => {
  it("refuses a foreign normal object with an actionable error and leaves it untouched", async () => {
    const key = uniqueKey("forbid-object");
    await client.putObject({ bucket: BUCKET, key, body: "precious" });
    server.resetStats();
    const err = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", forbidOverwrite: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/FileAlreadyExists \(HTTP 409\): .* is a normal object.*another `key`/);
    expect(ops()).toEqual({ PutSymlink: 1, GetSymlink: 1 });
    expect((await client.getObject({ bucket: BUCKET, key })).body.toString()).toBe("precious");
  });

  it("refuses a foreign symlink and suggests adopt", async () => {
    const key = uniqueKey("forbid-link");
    await client.putSymlink({ bucket: BUCKET, key, target: "targets/b.txt" });
    await expect(createVia({ bucket: BUCKET, key, target: "targets/a.txt", forbidOverwrite: true })).rejects.toThrow(/adopt: true/);
    expect((await client.getSymlink({ bucket: BUCKET, key })).target).toBe("targets/b.txt");
  });

  it("same-key replacement of our own link succeeds (409, look, overwrite), then the old delete leaves it", async () => {
    const key = uniqueKey("forbid-replace");
    const first = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", forbidOverwrite: true });
    server.resetStats();
    const second = await createVia({ bucket: BUCKET, key, target: "targets/b.txt", forbidOverwrite: true });
    expect(ops()).toEqual({ PutSymlink: 2, GetSymlink: 1 });
    await impl.delete(first.id, first.outs);
    expect(await liveToken(BUCKET, key)).toBe(second.outs.ownerToken);
    expect((await client.getObject({ bucket: BUCKET, key })).body.toString()).toBe("BBB");
  });

  it("an update of our own link with forbidOverwrite is guarded: 409, look, overwrite our own", async () => {
    const key = uniqueKey("forbid-update");
    const { outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", forbidOverwrite: true, metadata: { a: "1" } });
    server.resetStats();
    const { checked } = await updateVia(outs, { bucket: BUCKET, key, target: "targets/a.txt", forbidOverwrite: true, metadata: { a: "2" } });
    const result = await impl.update(`${BUCKET}/${key}`, outs, checked);
    expect(ops()).toEqual({ PutSymlink: 2, GetSymlink: 1 });
    expect(result.outs).toMatchObject({ metadata: { a: "2" }, ownerToken: outs.ownerToken });
    expect((await client.getSymlink({ bucket: BUCKET, key })).metadata).toEqual({ a: "2", "pulumi-owner": outs.ownerToken });
  });

  it("an update with forbidOverwrite never clobbers a normal object put there out of band", async () => {
    const key = uniqueKey("forbid-update-object");
    const { outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", forbidOverwrite: true });
    await client.putObject({ bucket: BUCKET, key, body: "written by someone else" });
    const { checked } = await updateVia(outs, { bucket: BUCKET, key, target: "targets/a.txt", forbidOverwrite: true, metadata: { a: "2" } });
    await expect(impl.update(`${BUCKET}/${key}`, outs, checked)).rejects.toThrow(/FileAlreadyExists \(HTTP 409\): .* is a normal object/);
    expect((await client.getObject({ bucket: BUCKET, key })).body.toString()).toBe("written by someone else");
  });

  it("a fresh key is one guarded PutSymlink", async () => {
    const key = uniqueKey("forbid-fresh");
    server.resetStats();
    await createVia({ bucket: BUCKET, key, target: "targets/a.txt", forbidOverwrite: true });
    expect(ops()).toEqual({ PutSymlink: 1 });
  });
});

describe("adopt", () => {
  it("takes over an existing symlink; delete then removes it", async () => {
    const key = uniqueKey("adopt");
    await client.putSymlink({ bucket: BUCKET, key, target: "targets/b.txt", metadata: { old: "x" } });
    server.resetStats();
    const { id, outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", adopt: true, forbidOverwrite: true });
    expect(ops()).toEqual({ GetSymlink: 1, PutSymlink: 1 });
    const live = await client.getSymlink({ bucket: BUCKET, key });
    expect(live.target).toBe("targets/a.txt");
    expect(live.metadata).toEqual({ "pulumi-owner": outs.ownerToken });
    await impl.delete(id, outs);
    await expectCode(client.getSymlink({ bucket: BUCKET, key }), "NoSuchKey");
  });

  it("refuses a normal object and leaves it untouched", async () => {
    const key = uniqueKey("adopt-object");
    await client.putObject({ bucket: BUCKET, key, body: "data" });
    await expect(createVia({ bucket: BUCKET, key, target: "targets/a.txt", adopt: true })).rejects.toThrow(/cannot adopt .*normal object/);
    expect((await client.getObject({ bucket: BUCKET, key })).body.toString()).toBe("data");
  });

  it("creates normally when nothing is there", async () => {
    const key = uniqueKey("adopt-absent");
    const { outs } = await createVia({ bucket: BUCKET, key, target: "targets/a.txt", adopt: true });
    expect(await liveToken(BUCKET, key)).toBe(outs.ownerToken);
  });
});

describe("errors", () => {
  it("NoSuchBucket says to create the bucket or fix `bucket`", async () => {
    await expect(createVia({ bucket: "no-such-bucket", key: "k", target: "t" })).rejects.toThrow(/NoSuchBucket.*create the bucket first or fix `bucket`/);
  });

  it("rejected credentials name the source, never the secret", async () => {
    const wrong = "definitely-wrong-secret-value";
    await configureFor(server, wrong);
    const err = (await createVia({ bucket: BUCKET, key: uniqueKey("auth"), target: "t" }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/SignatureDoesNotMatch|InvalidAccessKeyId|AccessDenied/);
    expect(err.message).toContain("stack config alicloud:accessKey / alicloud:secretKey");
    expect(err.message).not.toContain(wrong);
    expect(err.message).not.toContain(server.accessKeySecret);
  });

  it("FileImmutable on a retention-locked bucket explains the retention policy", async () => {
    const key = uniqueKey("locked");
    const { id, outs } = await createVia({ bucket: LOCKED, key, target: "t" });
    const { checked } = await updateVia(outs, { bucket: LOCKED, key, target: "t", metadata: { a: "b" } });
    await expect(impl.update(id, outs, checked)).rejects.toThrow(/FileImmutable.*retention/);
  });

  it("errors keep the OSS error as cause", async () => {
    const err = (await createVia({ bucket: "no-such-bucket", key: "k", target: "t" }).catch((e: unknown) => e)) as Error;
    expect(err.cause).toBeInstanceOf(OssError);
  });
});
