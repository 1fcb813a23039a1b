// Proves the engine harness end to end with the real Pulumi CLI and a trivial dynamic provider
// (tests/engine/programs/marker.js, whose "cloud" is a directory of files): preview, up, export,
// an in-place update, refresh after an out-of-band delete, and destroy.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  EngineJob,
  expectOk,
  makeTempDir,
  readStateFiles,
  requirePulumi,
  runEngine,
  stateResources,
} from "./support/engine";

const MARKER_TYPE = "pulumi-nodejs:dynamic/harness:Marker";

describe("engine harness (real Pulumi CLI, file backend)", () => {
  let tmp: string;
  let files: string;
  let base: Omit<EngineJob, "op">;

  const program = (markers: Array<{ name: string; text: string }>) => ({
    module: "./tests/engine/programs/marker.js",
    args: { dir: files, markers },
  });

  beforeAll(() => {
    requirePulumi();
    tmp = makeTempDir("harness-");
    files = path.join(tmp, "files");
    fs.mkdirSync(files);
    base = { stateDir: path.join(tmp, "state"), projectName: "harness", stackName: "dev" };
  });

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("preview lists the create and touches nothing", async () => {
    const r = expectOk(await runEngine({ ...base, op: "preview", program: program([{ name: "a", text: "one" }]) }));
    expect(r.changeSummary).toEqual({ create: 2 }); // the stack resource and the marker
    const creates = r.steps.filter((s) => s.phase === "pre" && s.op === "create").map((s) => s.type);
    expect(creates).toContain(MARKER_TYPE);
    expect(fs.readdirSync(files)).toEqual([]);
  });

  test("up creates the resource through the provider plugin", async () => {
    const r = expectOk(await runEngine({ ...base, op: "up", program: program([{ name: "a", text: "one" }]) }));
    console.log(`engine up (1 dynamic resource): ${r.durationMs} ms in the Automation API, ${r.wallMs} ms wall`);
    expect(r.summary?.result).toBe("succeeded");
    expect(r.resourceChanges).toEqual({ create: 2 });
    expect(r.outputs?.a).toEqual({ value: path.join(files, "a"), secret: false });
    expect(fs.readFileSync(path.join(files, "a"), "utf8")).toBe("one");
  });

  test("export shows the resource with its id, inputs, outputs and serialized provider", async () => {
    const r = expectOk(await runEngine({ ...base, op: "export" }));
    const [marker, ...rest] = stateResources(r, MARKER_TYPE);
    expect(rest).toEqual([]);
    expect(marker?.id).toBe(path.join(files, "a"));
    expect(marker?.outputs).toMatchObject({ name: "a", text: "one", file: path.join(files, "a") });
    expect(typeof marker?.inputs?.__provider).toBe("string");
  });

  test("a second up with no change is a no-op", async () => {
    const r = expectOk(
      await runEngine({ ...base, op: "up", program: program([{ name: "a", text: "one" }]), options: { expectNoChanges: true } }),
    );
    expect(r.resourceChanges).toEqual({ same: 2 });
  });

  test("changing an input updates in place", async () => {
    const r = expectOk(await runEngine({ ...base, op: "up", program: program([{ name: "a", text: "two" }]) }));
    expect(r.resourceChanges).toEqual({ same: 1, update: 1 });
    const update = r.steps.find((s) => s.phase === "pre" && s.op === "update");
    expect(update?.old?.inputs).toMatchObject({ text: "one" });
    expect(update?.new?.inputs).toMatchObject({ text: "two" });
    expect(r.stdout).toContain("[diff: ~text]");
    expect(fs.readFileSync(path.join(files, "a"), "utf8")).toBe("two");
  });

  test("refresh drops a resource deleted out of band", async () => {
    fs.rmSync(path.join(files, "a"));
    const r = expectOk(await runEngine({ ...base, op: "refresh" }));
    expect(r.resourceChanges).toMatchObject({ delete: 1 });
    const after = expectOk(await runEngine({ ...base, op: "export" }));
    expect(stateResources(after, MARKER_TYPE)).toEqual([]);
  });

  test("destroy deletes through the provider and empties the stack", async () => {
    expectOk(await runEngine({ ...base, op: "up", program: program([{ name: "b", text: "bee" }]) }));
    expect(fs.readdirSync(files)).toEqual(["b"]);
    const r = expectOk(await runEngine({ ...base, op: "destroy" }));
    expect(r.resourceChanges).toEqual({ delete: 2 });
    expect(fs.readdirSync(files)).toEqual([]);
    const after = expectOk(await runEngine({ ...base, op: "export" }));
    expect(stateResources(after)).toEqual([]);
  });

  test("an operation that fails reports the engine's error instead of throwing", async () => {
    // The marker file already exists, so the provider's create (flag "wx") fails.
    fs.writeFileSync(path.join(files, "c"), "in the way");
    const r = await runEngine({ ...base, op: "up", program: program([{ name: "c", text: "sea" }]) });
    expect(r.ok).toBe(false);
    expect(`${r.error?.message}\n${r.stdout}\n${r.stderr}`).toContain("EEXIST");
    expect(fs.readFileSync(path.join(files, "c"), "utf8")).toBe("in the way");
  });

  test("stack config (secret too) reaches configure, env reaches the provider, and the secret stays encrypted", async () => {
    const secret = "s3cr3t-prefix-";
    const job = { stateDir: path.join(tmp, "state"), projectName: "harness", stackName: "cfg" };
    const up = expectOk(
      await runEngine({
        ...job,
        op: "up",
        program: program([{ name: "d", text: "dee" }]),
        config: { prefix: { value: secret, secret: true } },
        env: { MARKER_SUFFIX: "-from-env" },
      }),
    );
    expect(up.resourceChanges).toEqual({ create: 2 });
    expect(fs.readFileSync(path.join(files, "d"), "utf8")).toBe(`${secret}dee-from-env`);
    // The default pulumi-nodejs provider holds the whole stack config, secrets flagged as such.
    const exported = expectOk(await runEngine({ ...job, op: "export" }));
    const [defaultProvider] = stateResources(exported, "pulumi:providers:pulumi-nodejs");
    expect(defaultProvider?.inputs?.["harness:prefix"]).toMatchObject({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    });
    const raw = readStateFiles(job.stateDir);
    expect(raw).toContain("harness:prefix");
    expect(raw).not.toContain(secret);
    expectOk(await runEngine({ ...job, op: "destroy" }));
    expect(fs.existsSync(path.join(files, "d"))).toBe(false);
  });
});
