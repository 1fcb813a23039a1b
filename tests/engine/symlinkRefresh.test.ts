// Refresh under the real Pulumi engine: links changed out of band with ali-oss (an independent
// client) are picked up — a retargeted link takes the live target into state, a deleted one
// drops out of state — and the next `up` puts the declared configuration back.
import type OSS = require("ali-oss");
import { expectOk, runEngine, stateResources, type EngineJob } from "./support/engine";
import { SYMLINK_TOKEN, SYMLINKS_PROGRAM, aliClient, readBody, stepOps, symlinkUrn, useEngineOss } from "./support/symlinkStack";

const BUCKET = "engine-refresh";
const V1 = { key: "targets/v1.txt", body: "declared target" };
const V2 = { key: "targets/v2.txt", body: "target set out of band" };
const NAMES = ["drift", "gone", "steady"] as const;
const keyOf = (name: string): string => `links/${name}`;
const PROGRAM: EngineJob["program"] = {
  module: SYMLINKS_PROGRAM,
  args: { links: NAMES.map((name) => ({ name, bucket: BUCKET, key: keyOf(name), target: V1.key })) },
};

// Several engine operations per test (3-4 s each when idle, much more on a busy 2-core machine).
jest.setTimeout(240_000);

const local = useEngineOss({ projectName: "symlinkrefresh", bucket: BUCKET, objects: [V1, V2] });
let ali: OSS;
let job: Omit<EngineJob, "op">;
beforeAll(() => {
  ali = aliClient(local.oss, BUCKET);
  job = local.job();
});

function stored(exported: Awaited<ReturnType<typeof runEngine>>, name: string) {
  return stateResources(exported, SYMLINK_TOKEN).find((r) => r.urn === symlinkUrn(job, name));
}

describe("Symlink refresh under the Pulumi engine", () => {
  test("refresh picks up a link retargeted out of band and drops one deleted out of band", async () => {
    expectOk(await runEngine({ ...job, op: "up", program: PROGRAM }));
    for (const name of NAMES) expect(await readBody(local.client, BUCKET, keyOf(name))).toBe(V1.body);

    // Someone else retargets one link and deletes another, with a different local.client.
    await ali.putSymlink(keyOf("drift"), V2.key);
    await ali.delete(keyOf("gone"));
    expect((await ali.getSymlink(keyOf("drift"))).targetName).toBe(V2.key);

    const refresh = expectOk(await runEngine({ ...job, op: "refresh" }));
    expect(refresh.resourceChanges).toMatchObject({ update: 1, delete: 1 });
    expect(stepOps(refresh, "drift")).toEqual(["refresh"]);

    const exported = expectOk(await runEngine({ ...job, op: "export" }));
    const drift = stored(exported, "drift");
    // Both the outputs and the stored inputs carry the live target, so the next diff sees drift.
    expect(drift?.outputs?.["target"]).toBe(V2.key);
    expect(drift?.inputs?.["target"]).toBe(V2.key);
    expect(stored(exported, "gone")).toBeUndefined();
    expect(stored(exported, "steady")?.outputs?.["target"]).toBe(V1.key);
  });

  test("after the refresh, up replaces the drifted link and re-creates the deleted one", async () => {
    const preview = expectOk(await runEngine({ ...job, op: "preview", program: PROGRAM }));
    expect(preview.resourceChanges).toEqual({ replace: 1, create: 1, same: 2 });
    expect(stepOps(preview, "drift")).toContain("replace");
    expect(stepOps(preview, "gone")).toEqual(["create"]);

    expectOk(await runEngine({ ...job, op: "up", program: PROGRAM }));
    for (const name of NAMES) {
      expect((await local.client.getSymlink({ bucket: BUCKET, key: keyOf(name) })).target).toBe(V1.key);
      expect(await readBody(local.client, BUCKET, keyOf(name))).toBe(V1.body);
    }
    // Back in sync: a second refresh finds nothing to change.
    const refresh = expectOk(await runEngine({ ...job, op: "refresh" }));
    expect(refresh.resourceChanges).toEqual({ same: NAMES.length + 1 });

    expectOk(await runEngine({ ...job, op: "destroy" }));
    for (const name of NAMES) expect(await readBody(local.client, BUCKET, keyOf(name))).toBe("<NoSuchKey>");
    expect(await readBody(local.client, BUCKET, V2.key)).toBe(V2.body);
  });
});
