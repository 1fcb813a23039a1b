// One Symlink stack through its whole life under the real Pulumi engine (Automation API inline
// program, file backend, local OSS server on loopback): preview, create, replace on
// target/acl/storageClass while a poller reads through the links, in-place metadata update,
// `--replace`, secrets and `__provider` size in state, destroy. The steps share one stack
// because each engine operation costs seconds; they run in order and build on each other.
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, expectOk, readStateFiles, runEngine, stateResources, type EngineJob } from "./support/engine";
import {
  FAKE_CREDENTIALS,
  SYMLINK_TOKEN,
  SYMLINKS_PROGRAM,
  deleteCount,
  pollLinks,
  readBody,
  recordedOutputs,
  stepOps,
  symlinkUrn,
  useEngineOss,
  whilePolling,
} from "./support/symlinkStack";

const BUCKET = "engine-lifecycle";
const V1 = { key: "targets/v1.txt", body: "version one" };
const V2 = { key: "targets/v2.txt", body: "version two" };
const NAMES = ["retarget", "acl", "storage", "meta"] as const;
const keyOf = (name: string): string => `links/${name}`;

/** The program's links; `over` changes some of them. */
function links(over: Partial<Record<(typeof NAMES)[number], Record<string, unknown>>> = {}): Record<string, unknown>[] {
  const base: Record<string, Record<string, unknown>> = {
    retarget: { target: V1.key },
    acl: { target: V1.key, acl: "private" },
    storage: { target: V1.key, storageClass: "Standard" },
    meta: { target: V1.key, metadata: { channel: "beta" }, contentType: "text/plain" },
  };
  return NAMES.map((name) => ({ name, bucket: BUCKET, key: keyOf(name), ...base[name], ...(over[name] ?? {}) }));
}

// Several engine operations per test (3-4 s each when idle, much more on a busy 2-core machine).
jest.setTimeout(240_000);

const local = useEngineOss({ projectName: "symlinklife", bucket: BUCKET, objects: [V1, V2] });
let job: Omit<EngineJob, "op">;
beforeAll(() => {
  job = local.job();
});

function program(over?: Parameters<typeof links>[0]): EngineJob["program"] {
  return { module: SYMLINKS_PROGRAM, args: { links: links(over) } };
}

/** The replace-triggering changes of the third test, kept by the later ones. */
const REPLACED = {
  retarget: { target: V2.key },
  acl: { acl: "public-read" },
  storage: { storageClass: "IA" },
} as const;

describe("Symlink stack lifecycle under the Pulumi engine", () => {
  test("preview of a new stack lists every create and sends no request to OSS", async () => {
    const before = local.oss.stats().total;
    const preview = expectOk(await runEngine({ ...job, op: "preview", program: program() }));
    expect(local.oss.stats().total).toBe(before);
    // The stack resource counts as one create.
    expect(preview.resourceChanges).toEqual({ create: NAMES.length + 1 });
    for (const name of NAMES) expect(stepOps(preview, name)).toEqual(["create"]);
  });

  test("up creates the links; a GET through each returns the target's bytes", async () => {
    const up = expectOk(await runEngine({ ...job, op: "up", program: program() }));
    expect(up.resourceChanges).toEqual({ create: NAMES.length + 1 });
    for (const name of NAMES) {
      expect(await readBody(local.client, BUCKET, keyOf(name))).toBe(V1.body);
      const live = await local.client.getSymlink({ bucket: BUCKET, key: keyOf(name) });
      expect(live.target).toBe(V1.key);
      // The ownership token in state is the one on the live link.
      expect(live.metadata["pulumi-owner"]).toBe(recordedOutputs(up, name)?.["ownerToken"]);
    }
    const meta = await local.client.getSymlink({ bucket: BUCKET, key: keyOf("meta") });
    expect(meta.metadata["channel"]).toBe("beta");
    expect(meta.contentType).toBe("text/plain");
    expect((await local.client.getObjectAcl({ bucket: BUCKET, key: keyOf("acl") })).acl).toBe("private");
  });

  test("the program sees each Symlink's outputs (url, target, ownerToken)", async () => {
    // A no-op up re-runs the program and returns its outputs, which are built from the Symlink
    // objects' Output properties: they must carry the values the engine recorded.
    const up = expectOk(await runEngine({ ...job, op: "up", program: program() }));
    expect(up.resourceChanges).toEqual({ same: NAMES.length + 1 });
    for (const name of NAMES) {
      const recorded = recordedOutputs(up, name);
      expect(recorded?.["ownerToken"]).toEqual(expect.any(String));
      expect(up.outputs?.[name]?.value).toEqual({
        url: recorded?.["url"],
        target: V1.key,
        ownerToken: recorded?.["ownerToken"],
      });
    }
  });

  test("state holds no access key secret or STS token", async () => {
    const raw = readStateFiles(job.stateDir);
    expect(raw).toContain(SYMLINK_TOKEN);
    // The secrets are in the stack config (flagged secret), so they reach state only encrypted.
    expect(raw).toContain("alicloud:secretKey");
    expect(raw).not.toContain(FAKE_CREDENTIALS.accessKeySecret);
    expect(raw).not.toContain(FAKE_CREDENTIALS.securityToken);
    const stackFile = fs.readFileSync(path.join(job.stateDir, "workspaces", job.projectName, `Pulumi.${job.stackName}.yaml`), "utf8");
    expect(stackFile).toContain("secure:");
    expect(stackFile).not.toContain(FAKE_CREDENTIALS.accessKeySecret);
    expect(stackFile).not.toContain(FAKE_CREDENTIALS.securityToken);

    const exported = expectOk(await runEngine({ ...job, op: "export" }));
    const symlinks = stateResources(exported, SYMLINK_TOKEN);
    expect(symlinks).toHaveLength(NAMES.length);
    for (const r of symlinks) {
      expect(JSON.stringify(r)).not.toContain(FAKE_CREDENTIALS.accessKeySecret);
      expect(JSON.stringify(r)).not.toContain(FAKE_CREDENTIALS.securityToken);
    }
  });

  test("each stored __provider is the one-line provider text: at most 128 bytes, no secrets, no machine paths", async () => {
    const exported = expectOk(await runEngine({ ...job, op: "export" }));
    const symlinks = stateResources(exported, SYMLINK_TOKEN);
    expect(symlinks).toHaveLength(NAMES.length);
    for (const r of symlinks) {
      for (const props of [r.inputs, r.outputs]) {
        const shim = props?.["__provider"];
        // A plain string: the shim captures no secret Output (a secret one would be an envelope object).
        expect(typeof shim).toBe("string");
        // Stored twice per link (inputs and outputs): Pulumi's closure serializer made 301 bytes of it.
        expect(Buffer.byteLength(shim as string, "utf8")).toBeLessThanOrEqual(128);
        expect(shim as string).toContain("pulumi-oss-symlink/provider-impl");
        // Nothing machine-specific either (pulumi-eks #149: an absolute path in __provider).
        expect(shim as string).not.toContain(job.stateDir);
        expect(shim as string).not.toContain(REPO_ROOT);
      }
    }
  });

  test("state size: stored inputs leave out the defaults, outputs keep every declared output (null without a value)", async () => {
    const exported = expectOk(await runEngine({ ...job, op: "export" }));
    const symlinks = stateResources(exported, SYMLINK_TOKEN);
    expect(symlinks).toHaveLength(NAMES.length);
    const defaults: Record<string, unknown> = { acl: "default", storageClass: "Standard", forbidOverwrite: false, adopt: false };
    const declared = ["bucket", "key", "target", "acl", "storageClass", "metadata", "forbidOverwrite", "adopt", "cacheControl", "contentDisposition",
      "contentType", "region", "endpoint", "etag", "versionId", "lastModified", "url", "ownerToken", "ownerId"];
    for (const r of symlinks) {
      const inputs = r.inputs ?? {};
      for (const [k, v] of Object.entries(defaults)) expect(inputs[k] === v ? `${k} stored at its default` : "").toBe("");
      expect(inputs["metadata"] === undefined || Object.keys(inputs["metadata"] as object).length > 0).toBe(true);
      // Every declared output is in state (a missing one previews as [unknown]; docs/resource.md).
      for (const k of declared) expect(Object.prototype.hasOwnProperty.call(r.outputs ?? {}, k) ? "" : `output ${k} missing`).toBe("");
      const bytes = (o: unknown) => Buffer.byteLength(JSON.stringify(o));
      const { __provider: _pi, ...ownInputs } = inputs;
      const { __provider: _po, ...ownOutputs } = r.outputs ?? {};
      console.log(`${String(r.urn).split("::").pop()}: ${bytes(r)} B in state, inputs ${bytes(ownInputs)} + outputs ${bytes(ownOutputs)} B of the provider's own`);
      // What this provider chooses to store (docs/performance.md, "State"): 682–751 bytes for these
      // links; with the defaults in the stored inputs and the provider-clock lastModified it was 800–860.
      expect(bytes(ownInputs) + bytes(ownOutputs)).toBeLessThanOrEqual(780);
    }
  });

  test("target, acl and storageClass changes preview as replace and apply with every link resolvable throughout", async () => {
    const changed = program(REPLACED);
    const before = local.oss.stats().total;
    const preview = expectOk(await runEngine({ ...job, op: "preview", program: changed }));
    expect(local.oss.stats().total).toBe(before);
    expect(preview.resourceChanges).toEqual({ replace: 3, same: 2 });
    for (const name of ["retarget", "acl", "storage"]) expect(stepOps(preview, name)).toContain("replace");
    expect(stepOps(preview, "meta")).toEqual(["same"]);
    expect(preview.stdout).toMatch(/\[diff: ~target\]/);

    const tokensBefore = Object.fromEntries(
      await Promise.all(
        ["retarget", "acl", "storage"].map(async (name) => [
          name,
          (await local.client.getSymlink({ bucket: BUCKET, key: keyOf(name) })).metadata["pulumi-owner"],
        ]),
      ),
    ) as Record<string, string | undefined>;
    const deletesBefore = deleteCount(local.oss);
    const poller = pollLinks(local.client, BUCKET, {
      [keyOf("retarget")]: [V1.body, V2.body],
      [keyOf("acl")]: [V1.body],
      [keyOf("storage")]: [V1.body],
    });
    const [up, report] = await whilePolling(poller, () => runEngine({ ...job, op: "up", program: changed }));
    expectOk(up);
    expect(up.resourceChanges).toEqual({ replace: 3, same: 2 });
    for (const name of ["retarget", "acl", "storage"]) {
      expect(stepOps(up, name)).toEqual(["create-replacement", "replace", "delete-replaced"]);
    }
    expect(report.polls).toBeGreaterThan(0);
    expect(report.bad).toEqual([]);
    // Create-before-delete with ownership tokens: the old resources' deletes found their
    // successors' tokens and issued no DeleteObject at all.
    expect(deleteCount(local.oss)).toBe(deletesBefore);

    expect(await readBody(local.client, BUCKET, keyOf("retarget"))).toBe(V2.body);
    expect((await local.client.getSymlink({ bucket: BUCKET, key: keyOf("retarget") })).target).toBe(V2.key);
    expect((await local.client.getObjectAcl({ bucket: BUCKET, key: keyOf("acl") })).acl).toBe("public-read");
    const listed = await local.client.listObjectsV2({ bucket: BUCKET, prefix: keyOf("storage"), maxKeys: 1 });
    expect(listed.objects[0]).toMatchObject({ key: keyOf("storage"), storageClass: "IA" });
    for (const name of ["retarget", "acl", "storage"]) {
      const token = recordedOutputs(up, name)?.["ownerToken"];
      // A replacement is a new create: a new token, and it is the one on the live link.
      expect(token).toEqual(expect.any(String));
      expect(token).not.toBe(tokensBefore[name]);
      expect((await local.client.getSymlink({ bucket: BUCKET, key: keyOf(name) })).metadata["pulumi-owner"]).toBe(token);
    }
  });

  test("a metadata change is an in-place update, not a replace", async () => {
    const changed = program({ ...REPLACED, meta: { metadata: { channel: "stable" } } });
    const preview = expectOk(await runEngine({ ...job, op: "preview", program: changed }));
    expect(preview.resourceChanges).toEqual({ update: 1, same: 4 });
    expect(stepOps(preview, "meta")).toEqual(["update"]);
    expect(preview.stdout).toMatch(/\[diff: ~metadata\]/);

    const tokenBefore = (await local.client.getSymlink({ bucket: BUCKET, key: keyOf("meta") })).metadata["pulumi-owner"];
    const up = expectOk(await runEngine({ ...job, op: "up", program: changed }));
    expect(up.resourceChanges).toEqual({ update: 1, same: 4 });
    expect(stepOps(up, "meta")).toEqual(["update"]);
    const live = await local.client.getSymlink({ bucket: BUCKET, key: keyOf("meta") });
    expect(live.metadata["channel"]).toBe("stable");
    expect(live.target).toBe(V1.key);
    expect(live.contentType).toBe("text/plain");
    // Same logical link, same token: an update is not a new create.
    expect(live.metadata["pulumi-owner"]).toBe(tokenBefore);
  });

  test("up --replace of a link keeps the link present and resolvable", async () => {
    const current = program({ ...REPLACED, meta: { metadata: { channel: "stable" } } });
    const tokenBefore = (await local.client.getSymlink({ bucket: BUCKET, key: keyOf("meta") })).metadata["pulumi-owner"];
    const deletesBefore = deleteCount(local.oss);
    const poller = pollLinks(local.client, BUCKET, { [keyOf("meta")]: [V1.body] });
    const [up, report] = await whilePolling(poller, () =>
      runEngine({ ...job, op: "up", program: current, options: { replace: [symlinkUrn(job, "meta")] } }),
    );
    expectOk(up);
    expect(up.resourceChanges).toEqual({ replace: 1, same: 4 });
    expect(stepOps(up, "meta")).toEqual(["create-replacement", "replace", "delete-replaced"]);
    expect(report.polls).toBeGreaterThan(0);
    expect(report.bad).toEqual([]);
    expect(deleteCount(local.oss)).toBe(deletesBefore);
    expect(await readBody(local.client, BUCKET, keyOf("meta"))).toBe(V1.body);
    const live = await local.client.getSymlink({ bucket: BUCKET, key: keyOf("meta") });
    expect(live.metadata["channel"]).toBe("stable");
    // The replacement's own token is on the live link, so the stack owns it and can delete it later.
    expect(live.metadata["pulumi-owner"]).toBe(recordedOutputs(up, "meta")?.["ownerToken"]);
    expect(live.metadata["pulumi-owner"]).not.toBe(tokenBefore);
  });

  test("destroy removes the links and never the targets", async () => {
    const destroy = expectOk(await runEngine({ ...job, op: "destroy" }));
    expect(destroy.resourceChanges).toEqual({ delete: NAMES.length + 1 });
    for (const name of NAMES) {
      expect(await readBody(local.client, BUCKET, keyOf(name))).toBe("<NoSuchKey>");
    }
    expect(await readBody(local.client, BUCKET, V1.key)).toBe(V1.body);
    expect(await readBody(local.client, BUCKET, V2.key)).toBe(V2.body);
    const listed = await local.client.listObjectsV2({ bucket: BUCKET });
    expect(listed.objects.map((o) => o.key).sort()).toEqual([V1.key, V2.key]);
  });
});
