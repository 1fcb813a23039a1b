/**
 * `verifyTarget` through the provider implementation against the local OSS server, called the way
 * the dynamic provider host calls it, counting requests per operation on the server: create and
 * update HEAD the target once before the PutSymlink and refuse dangling, link-to-link and archived
 * targets with one line naming the target and the fix; without it they stay one PutSymlink; a
 * refresh with it reports a target that has gone, and the next diff plans an update.
 */
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import * as impl from "../../../provider/impl";
import { createOssClient } from "../../../provider/oss/client";
import type { OssClientApi } from "../../../provider/oss/clientTypes";
import { startLocalOss, type LocalOss } from "../../../server";
import { sendSigned } from "../server/rawClient";
import { failureMessage } from "../../support/failureMessage";

const BUCKET = "verify";
const OWNER = "0123456789abcdef";
const SHIM = "serialized-shim-v1";

let server: LocalOss;
let client: OssClientApi;
let seq = 0;

const uniqueKey = (prefix: string): string => `${prefix}/${++seq}`;

async function check(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const checked = await impl.check({}, { __provider: SHIM, ownerId: OWNER, bucket: BUCKET, ...news });
  expect(checked.failures).toEqual([]);
  return checked.inputs as Record<string, unknown>;
}

async function createVia(news: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
  const result = await impl.create(await check(news));
  return { id: result.id, outs: { ...(result.outs as Record<string, unknown>), __provider: SHIM } };
}

function ops(): Record<string, number> {
  return { ...server.stats().byOperation };
}

beforeAll(async () => {
  server = await startLocalOss({ buckets: [BUCKET] });
  client = createOssClient({
    region: server.region,
    endpoint: server.endpoint,
    credentials: { accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret },
  });
  await client.putObject({ bucket: BUCKET, key: "releases/v1.js", body: "v1" });
  await client.putObject({ bucket: BUCKET, key: "releases/v2.js", body: "v2" });
  await client.putSymlink({ bucket: BUCKET, key: "releases/latest.js", target: "releases/v1.js" });
  await client.putObject({ bucket: BUCKET, key: "cold/archive.js", body: "a", storageClass: "Archive" });
  await client.putObject({ bucket: BUCKET, key: "cold/coldarchive.js", body: "c", storageClass: "ColdArchive" });
  await client.putObject({ bucket: BUCKET, key: "cold/deepcoldarchive.js", body: "d", storageClass: "DeepColdArchive" });
  await impl.configure({
    config: new Config(
      {
        "alicloud:region": server.region,
        "alicloud:accessKey": server.accessKeyId,
        "alicloud:secretKey": server.accessKeySecret,
        "pulumi-oss-symlink:endpoint": server.endpoint,
      },
      "proj",
    ),
  });
});

afterAll(async () => {
  await impl.shutdown();
  await client.close();
  await server.close();
});

beforeEach(() => server.resetStats());

describe("request counts", () => {
  test("create: one PutSymlink without verifyTarget, HeadObject + PutSymlink with it", async () => {
    await createVia({ key: uniqueKey("plain"), target: "releases/v1.js" });
    const without = ops();
    server.resetStats();
    await createVia({ key: uniqueKey("verified"), target: "releases/v1.js", verifyTarget: true });
    const withIt = ops();
    console.log(`create requests: without verifyTarget ${JSON.stringify(without)}, with ${JSON.stringify(withIt)}`);
    expect(without).toEqual({ PutSymlink: 1 });
    expect(withIt).toEqual({ HeadObject: 1, PutSymlink: 1 });
  });

  test("update in place: one PutSymlink without verifyTarget, HeadObject + PutSymlink with it", async () => {
    const counts: Record<string, Record<string, number>> = {};
    for (const verify of [false, true]) {
      const { id, outs } = await createVia({ key: uniqueKey("upd"), target: "releases/v1.js", verifyTarget: verify });
      const news = await check({ key: outs.key, target: "releases/v1.js", verifyTarget: verify, metadata: { edited: "yes" } });
      const d = await impl.diff(id, outs, news);
      expect(d).toMatchObject({ changes: true });
      expect(d.replaces ?? []).toEqual([]);
      server.resetStats();
      await impl.update(id, outs, news);
      counts[String(verify)] = ops();
    }
    console.log(`update requests: without verifyTarget ${JSON.stringify(counts.false)}, with ${JSON.stringify(counts.true)}`);
    expect(counts.false).toEqual({ PutSymlink: 1 });
    expect(counts.true).toEqual({ HeadObject: 1, PutSymlink: 1 });
  });

  test("turning verifyTarget on or off is only recorded: no request", async () => {
    const { id, outs } = await createVia({ key: uniqueKey("flip"), target: "releases/v1.js" });
    const news = await check({ key: outs.key, target: "releases/v1.js", verifyTarget: true });
    server.resetStats();
    const result = await impl.update(id, outs, news);
    expect(server.stats().total).toBe(0);
    expect(result.outs).toMatchObject({ verifyTarget: true });
  });
});

describe("refusals: one line, naming the link, the target and the fix; nothing written", () => {
  test("a target that does not exist", async () => {
    const key = uniqueKey("dangling");
    const message = await failureMessage(createVia({ key, target: "releases/v9.js", verifyTarget: true }));
    console.log(`missing target: ${message}`);
    expect(message).toMatch(new RegExp(`^PutSymlink oss://${BUCKET}/${key} failed: TargetNotFound: `));
    expect(message).toContain('no object at the target "releases/v9.js"');
    expect(message).toContain("`dependsOn`");
    expect(message).toContain("`verifyTarget: false`");
    expect(message).toMatch(/\[request id [0-9A-F]{24}\]$/);
    expect(message).not.toContain("\n");
    expect(ops()).toEqual({ HeadObject: 1 });
    await expect(client.getSymlink({ bucket: BUCKET, key })).rejects.toMatchObject({ code: "NoSuchKey" });
  });

  test("a target that is itself a link names what that link points at", async () => {
    const key = uniqueKey("chain");
    const message = await failureMessage(createVia({ key, target: "releases/latest.js", verifyTarget: true }));
    console.log(`link-to-link target: ${message}`);
    expect(message).toMatch(new RegExp(`^PutSymlink oss://${BUCKET}/${key} failed: TargetIsSymlink: `));
    expect(message).toContain('the target "releases/latest.js" is itself a symlink (to "releases/v1.js")');
    expect(message).toContain("InvalidTargetType");
    expect(message).toContain('Point `target` at "releases/v1.js"');
    expect(ops()).toEqual({ HeadObject: 1, GetSymlink: 1 });
    await expect(client.getSymlink({ bucket: BUCKET, key })).rejects.toMatchObject({ code: "NoSuchKey" });
  });

  test("a target that is a link to a missing object (HEAD answers SymlinkTargetNotExist) is a link too", async () => {
    await client.putSymlink({ bucket: BUCKET, key: "releases/broken.js", target: "releases/gone.js" });
    const message = await failureMessage(createVia({ key: uniqueKey("chain"), target: "releases/broken.js", verifyTarget: true }));
    expect(message).toContain('"releases/broken.js" is itself a symlink (to "releases/gone.js") (HeadObject answered 404 SymlinkTargetNotExist)');
  });

  test.each(["Archive", "ColdArchive", "DeepColdArchive"])("a %s target", async (storageClass) => {
    const key = uniqueKey("cold");
    const target = `cold/${storageClass.toLowerCase()}.js`;
    const message = await failureMessage(createVia({ key, target, verifyTarget: true }));
    console.log(`${storageClass} target: ${message}`);
    expect(message).toMatch(new RegExp(`^PutSymlink oss://${BUCKET}/${key} failed: TargetArchived: `));
    expect(message).toContain(`the target "${target}" is stored as ${storageClass} (not restored)`);
    expect(message).toContain("InvalidObjectState");
    expect(message).toContain("Convert the target to Standard or IA");
    expect(ops()).toEqual({ HeadObject: 1 });
  });

  test("a restored Archive target is still refused (a restore expires), naming its expiry from x-oss-restore", async () => {
    await client.putObject({ bucket: BUCKET, key: "cold/restored.js", body: "r", storageClass: "Archive" });
    const restore = await sendSigned(server, { method: "POST", bucket: BUCKET, key: "cold/restored.js", query: { restore: null } });
    expect(restore.status).toBe(202);
    const expiry = /expiry-date="([^"]+)"/.exec((await client.headObject({ bucket: BUCKET, key: "cold/restored.js" })).restore ?? "")?.[1];
    expect(expiry).toBeDefined();
    const message = await failureMessage(createVia({ key: uniqueKey("cold"), target: "cold/restored.js", verifyTarget: true }));
    expect(message).toContain(`the target "cold/restored.js" is stored as Archive (restored until ${expiry}, then frozen again)`);
  });

  test("an update to a missing target is refused and leaves the live link as it was", async () => {
    const { id, outs } = await createVia({ key: uniqueKey("upd-refused"), target: "releases/v1.js", verifyTarget: true });
    const news = await check({ key: outs.key, target: "releases/v1.js", verifyTarget: true, contentType: "text/javascript" });
    await client.deleteObject({ bucket: BUCKET, key: "releases/v1.js" });
    try {
      server.resetStats();
      const message = await failureMessage(impl.update(id, outs, news));
      expect(message).toMatch(/^PutSymlink oss:\/\/verify\/upd-refused\/\d+ failed: TargetNotFound: /);
      expect(ops()).toEqual({ HeadObject: 1 });
      expect((await client.getSymlink({ bucket: BUCKET, key: String(outs.key) })).contentType).not.toBe("text/javascript");
    } finally {
      await client.putObject({ bucket: BUCKET, key: "releases/v1.js", body: "v1" });
    }
  });

  test("without verifyTarget a missing target is written, as OSS allows (one request)", async () => {
    const { outs } = await createVia({ key: uniqueKey("unchecked"), target: "releases/nowhere.js" });
    expect(outs.target).toBe("releases/nowhere.js");
    expect(ops()).toEqual({ PutSymlink: 1 });
  });
});

describe("refresh with verifyTarget", () => {
  test("a target that has gone is stored as targetProblem (props and inputs); diff plans an update; a write clears it", async () => {
    await client.putObject({ bucket: BUCKET, key: "releases/temp.js", body: "temp" });
    const { id, outs } = await createVia({ key: uniqueKey("refresh"), target: "releases/temp.js", verifyTarget: true });
    const clean = await impl.read(id, outs);
    expect(clean.props).not.toHaveProperty("targetProblem");
    expect(clean.inputs).not.toHaveProperty("targetProblem");

    await client.deleteObject({ bucket: BUCKET, key: "releases/temp.js" });
    server.resetStats();
    const refreshed = await impl.read(id, outs);
    expect(ops()).toEqual({ GetSymlink: 1, GetObjectACL: 1, ListObjectsV2: 1, HeadObject: 1 });
    expect(refreshed.props).toMatchObject({ targetProblem: "target 'releases/temp.js' does not exist" });
    expect(refreshed.inputs).toMatchObject({ targetProblem: "target 'releases/temp.js' does not exist" });

    const state = { ...(refreshed.props as Record<string, unknown>), __provider: SHIM };
    const news = await check({ key: outs.key, target: "releases/temp.js", verifyTarget: true });
    const d = await impl.diff(id, state, news);
    expect(d).toMatchObject({ changes: true });
    expect(d.replaces ?? []).toEqual([]);
    // The update checks the target again: still gone, so it is refused.
    expect(await failureMessage(impl.update(id, state, news))).toContain("TargetNotFound");
    // Uploaded again: the update writes the link and the note is gone.
    await client.putObject({ bucket: BUCKET, key: "releases/temp.js", body: "temp again" });
    const updated = await impl.update(id, state, news);
    expect(updated.outs).not.toHaveProperty("targetProblem");
    expect(await impl.diff(id, { ...(updated.outs as Record<string, unknown>), __provider: SHIM }, news)).toMatchObject({ changes: false });
  });

  test("without verifyTarget, refresh does not HEAD the target and never reports one", async () => {
    const { id, outs } = await createVia({ key: uniqueKey("refresh-off"), target: "releases/nowhere.js" });
    server.resetStats();
    const refreshed = await impl.read(id, { ...outs, targetProblem: "target 'x' does not exist" });
    expect(ops()).toEqual({ GetSymlink: 1, GetObjectACL: 1, ListObjectsV2: 1 });
    expect(refreshed.props).not.toHaveProperty("targetProblem");
  });
});
