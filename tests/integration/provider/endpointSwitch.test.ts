/**
 * The endpoint is not identity: a provider instance against the local OSS server and a counting
 * forwarder in front of it (a second endpoint of the same server), called the way the dynamic
 * provider host calls it. Moving a link to another endpoint is an update that sends no request;
 * refresh and delete then go to the endpoint in state; an update that also changes metadata does
 * its one PutSymlink at the new endpoint.
 */
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import { createSymlinkProvider, type SymlinkProvider } from "../../../provider/impl";
import { startLocalOss, type LocalOss } from "../../../server/index";
import { startCountingForwarder, type CountingForwarder } from "../../support/countingForwarder";

const BUCKET = "links";
const OWNER = "0123456789abcdef";
const SHIM = "serialized-shim-v1";
const offline = { homeDir: "/nonexistent-home", fileExists: () => false };

let server: LocalOss;
let forwarder: CountingForwarder;
const providers: SymlinkProvider[] = [];

/** A provider as on a machine whose environment is `env` (no OSS_ENDPOINT unless given), configured with the server's region and keys. */
async function providerWith(env: Record<string, string> = {}): Promise<SymlinkProvider> {
  const p = createSymlinkProvider({ ...offline, env, log: () => undefined });
  await p.configure({
    config: new Config(
      { "alicloud:region": server.region, "alicloud:accessKey": server.accessKeyId, "alicloud:secretKey": server.accessKeySecret },
      "proj",
    ),
  });
  providers.push(p);
  return p;
}

/** check, then diff against `olds`, as the host does before an update. */
async function plan(p: SymlinkProvider, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const checked = await p.check({}, { __provider: SHIM, ownerId: OWNER, ...news });
  expect(checked.failures).toEqual([]);
  const inputs = checked.inputs as Record<string, unknown>;
  return { inputs, diff: await p.diff(`${BUCKET}/${String(news.key)}`, olds, inputs) };
}

beforeAll(async () => {
  server = await startLocalOss({ buckets: [BUCKET] });
  forwarder = await startCountingForwarder(server.endpoint);
});

afterAll(async () => {
  for (const p of providers) await p.shutdown();
  await forwarder.close();
  await server.close();
});

beforeEach(() => {
  server.resetStats();
  forwarder.reset();
});

describe("switching the endpoint of an existing link", () => {
  it("the endpoint input: update with 0 requests, new endpoint and url; refresh and delete go to the new one", async () => {
    const p = await providerWith();
    const link = { bucket: BUCKET, key: "input/latest", target: "targets/a.txt", metadata: { team: "web" } };
    const first = await plan(p, {}, { ...link, endpoint: server.endpoint });
    const created = await p.create(first.inputs);
    const olds: Record<string, unknown> = { ...(created.outs as Record<string, unknown>), __provider: SHIM };
    expect(server.stats().byOperation).toEqual({ PutSymlink: 1 });

    server.resetStats();
    const moved = await plan(p, olds, { ...link, endpoint: forwarder.origin });
    expect(moved.diff).toEqual({ changes: true, replaces: [] });
    const updated = await p.update(created.id, olds, moved.inputs);
    const outs = updated.outs as Record<string, unknown>;
    expect(server.stats().total).toBe(0);
    expect(forwarder.requests()).toEqual([]);
    expect(outs).toMatchObject({
      endpoint: forwarder.origin,
      url: `${forwarder.origin}/${BUCKET}/input/latest`,
      etag: olds.etag,
      ownerToken: olds.ownerToken,
      lastModified: olds.lastModified,
    });

    const read = await p.read(created.id, { ...outs, __provider: SHIM });
    expect(read.id).toBe(created.id);
    expect(read.props).toMatchObject({ endpoint: forwarder.origin, target: "targets/a.txt" });
    expect(server.stats().byOperation["GetSymlink"]).toBe(1);
    expect(forwarder.requests()).toHaveLength(server.stats().total);

    server.resetStats();
    forwarder.reset();
    await p.delete(created.id, { ...outs, __provider: SHIM });
    expect(server.stats().byOperation["DeleteObject"]).toBe(1);
    expect(forwarder.requests()).toHaveLength(server.stats().total);
  });

  it("another OSS_ENDPOINT on another machine: no replace, 0 requests; back to the public endpoint records null", async () => {
    const here = await providerWith({ OSS_ENDPOINT: server.endpoint });
    const there = await providerWith({ OSS_ENDPOINT: forwarder.origin });
    const link = { bucket: BUCKET, key: "env/latest", target: "targets/a.txt" };
    const created = await here.create((await plan(here, {}, link)).inputs);
    const olds: Record<string, unknown> = { ...(created.outs as Record<string, unknown>), __provider: SHIM };
    expect(olds.endpoint).toBe(server.endpoint);

    server.resetStats();
    const moved = await plan(there, olds, link);
    expect(moved.diff).toEqual({ changes: true, replaces: [] });
    const outs = (await there.update(created.id, olds, moved.inputs)).outs as Record<string, unknown>;
    expect(server.stats().total).toBe(0);
    expect(outs.endpoint).toBe(forwarder.origin);

    // Dropping the custom endpoint (the public one of the region): still an update, nothing sent,
    // and the output is an explicit null, not missing (no [unknown] at the next preview).
    const publicHost = await providerWith();
    const toPublic = await plan(publicHost, { ...outs, __provider: SHIM }, link);
    expect(toPublic.diff).toEqual({ changes: true, replaces: [] });
    const publicOuts = (await publicHost.update(created.id, { ...outs, __provider: SHIM }, toPublic.inputs)).outs as Record<string, unknown>;
    expect(publicOuts.endpoint).toBeNull();
    expect(publicOuts.url).toBe(`https://${BUCKET}.oss-${server.region}.aliyuncs.com/env/latest`);
    expect(server.stats().total).toBe(0);
    expect(forwarder.requests()).toEqual([]);

    // Clean up through the endpoint that can reach the server.
    await here.delete(created.id, { ...outs, endpoint: server.endpoint });
  });

  it("endpoint plus metadata: one PutSymlink, at the new endpoint, and nothing at the old one", async () => {
    const p = await providerWith();
    const link = { bucket: BUCKET, key: "both/latest", target: "targets/a.txt", metadata: { team: "web" } };
    const created = await p.create((await plan(p, {}, { ...link, endpoint: forwarder.origin })).inputs);
    const olds: Record<string, unknown> = { ...(created.outs as Record<string, unknown>), __provider: SHIM };
    expect(forwarder.requests()).toHaveLength(1);

    server.resetStats();
    forwarder.reset();
    const moved = await plan(p, olds, { ...link, metadata: { team: "ops" }, endpoint: server.endpoint });
    expect(moved.diff).toEqual({ changes: true, replaces: [] });
    const outs = (await p.update(created.id, olds, moved.inputs)).outs as Record<string, unknown>;
    expect(server.stats().byOperation).toEqual({ PutSymlink: 1 });
    expect(forwarder.requests()).toEqual([]);
    expect(outs).toMatchObject({ endpoint: server.endpoint, url: `${server.endpoint}/${BUCKET}/both/latest`, metadata: { team: "ops" }, ownerToken: olds.ownerToken });
    await p.delete(created.id, outs);
  });

  it("bucket, key, region, target, acl and storageClass still replace, with or without an endpoint change", async () => {
    const p = await providerWith();
    const link = { bucket: BUCKET, key: "replace/latest", target: "targets/a.txt", endpoint: server.endpoint };
    const olds: Record<string, unknown> = { ...((await p.create((await plan(p, {}, link)).inputs)).outs as Record<string, unknown>), __provider: SHIM };
    const changes: Array<[string, Record<string, unknown>]> = [
      ["bucket", { bucket: "links-2" }],
      ["key", { key: "replace/other" }],
      ["region", { region: "cn-shanghai" }],
      ["target", { target: "targets/b.txt" }],
      ["acl", { acl: "private" }],
      ["storageClass", { storageClass: "IA" }],
    ];
    for (const [field, change] of changes) {
      for (const endpoint of [server.endpoint, forwarder.origin]) {
        const { diff } = await plan(p, olds, { ...link, ...change, endpoint });
        expect({ field, endpoint, replaces: diff.replaces }).toEqual({ field, endpoint, replaces: [field] });
      }
    }
    await p.delete(`${BUCKET}/replace/latest`, olds);
  });
});
