// An interrupted same-key replacement: the new link was written, the old resource's delete never
// completed, so Pulumi keeps the old resource in state as a pending delete and retries it at the
// start of the next `up`. That retried delete must not remove the live link (its successor).
//
// How the interruption is made deterministic: the local server answers every GetSymlink with
// 500 during the replacing `up`. Create is a bare PutSymlink (no GetSymlink), so it succeeds;
// the old resource's delete starts with GetSymlink (the ownership check), fails after the
// client's retries, and the engine records the old resource with `delete: true`. That is the
// same state a crash between "create replacement" and "delete replaced" leaves behind, reached
// without timing. (Random SIGKILLs at arbitrary points are covered by the reliability suite.)
import { expectOk, runEngine, stateResources, type EngineJob } from "./support/engine";
import {
  SYMLINK_TOKEN,
  SYMLINKS_PROGRAM,
  deleteCount,
  pollLinks,
  readBody,
  stepOps,
  useEngineOss,
  whilePolling,
} from "./support/symlinkStack";

const BUCKET = "engine-pending";
const OLD = { key: "targets/old.txt", body: "old release" };
const NEW = { key: "targets/new.txt", body: "new release" };
const LINK = "links/current";

// Several engine operations per test (3-4 s each when idle, much more on a busy 2-core machine).
jest.setTimeout(240_000);

const local = useEngineOss({ projectName: "symlinkpending", bucket: BUCKET, objects: [OLD, NEW] });
let job: Omit<EngineJob, "op">;
beforeAll(() => {
  job = local.job();
});

function program(target: string): EngineJob["program"] {
  return { module: SYMLINKS_PROGRAM, args: { links: [{ name: "current", bucket: BUCKET, key: LINK, target }] } };
}

describe("an interrupted Symlink replacement", () => {
  test("leaves a pending delete of the predecessor that the next up retires without removing the live link", async () => {
    const created = expectOk(await runEngine({ ...job, op: "up", program: program(OLD.key) }));
    expect(created.resourceChanges).toEqual({ create: 2 });
    const oldToken = (await local.client.getSymlink({ bucket: BUCKET, key: LINK })).metadata["pulumi-owner"];

    // The replacing up: the new link is written, the old one's delete fails.
    local.oss.faults.set({ error500Rate: 1, operations: ["GetSymlink"] });
    const interrupted = await runEngine({ ...job, op: "up", program: program(NEW.key) });
    local.oss.faults.clear();
    expect(interrupted.ok).toBe(false);
    expect(stepOps(interrupted, "current")).toEqual(["create-replacement", "replace", "delete-replaced"]);
    expect(interrupted.steps.some((s) => s.phase === "failed" && s.op === "delete-replaced")).toBe(true);
    expect(await readBody(local.client, BUCKET, LINK)).toBe(NEW.body);
    const newToken = (await local.client.getSymlink({ bucket: BUCKET, key: LINK })).metadata["pulumi-owner"];
    expect(newToken).not.toBe(oldToken);

    // State: the successor, plus the predecessor marked for deletion.
    const exported = expectOk(await runEngine({ ...job, op: "export" }));
    const records = stateResources(exported, SYMLINK_TOKEN);
    expect(records).toHaveLength(2);
    const pending = records.filter((r) => r["delete"] === true);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.outputs?.["target"]).toBe(OLD.key);
    expect(pending[0]?.outputs?.["ownerToken"]).toBe(oldToken);
    expect(records.find((r) => r["delete"] !== true)?.outputs?.["ownerToken"]).toBe(newToken);

    // The next up retries that delete first; the link stays readable throughout and afterwards.
    const deletesBefore = deleteCount(local.oss);
    const poller = pollLinks(local.client, BUCKET, { [LINK]: [NEW.body] });
    const [resumed, report] = await whilePolling(poller, () => runEngine({ ...job, op: "up", program: program(NEW.key) }));
    expectOk(resumed);
    // The engine retires the pending delete as a "delete-replaced" step.
    expect(stepOps(resumed, "current")).toEqual(["same", "delete-replaced"]);
    expect(report.polls).toBeGreaterThan(0);
    expect(report.bad).toEqual([]);
    // The predecessor's delete saw its successor's token on the key and issued no DeleteObject.
    expect(deleteCount(local.oss)).toBe(deletesBefore);
    const live = await local.client.getSymlink({ bucket: BUCKET, key: LINK });
    expect(live.target).toBe(NEW.key);
    expect(live.metadata["pulumi-owner"]).toBe(newToken);

    const after = stateResources(expectOk(await runEngine({ ...job, op: "export" })), SYMLINK_TOKEN);
    expect(after).toHaveLength(1);
    expect(after[0]?.["delete"]).toBeUndefined();

    // The successor is still the stack's own: destroy removes it.
    expectOk(await runEngine({ ...job, op: "destroy" }));
    expect(await readBody(local.client, BUCKET, LINK)).toBe("<NoSuchKey>");
    expect(await readBody(local.client, BUCKET, NEW.key)).toBe(NEW.body);
  });
});
