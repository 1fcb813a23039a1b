// examples/lookups as a user runs it (the folder copied out, the packed tarball installed, only
// `pulumi` commands, the embedded OSS server): getSymlink, getSymlinkOutput and Symlink.get read
// links; verifyTarget refuses targets that would not serve reads, costs one HeadObject per write,
// and makes a target that has gone visible in `pulumi preview --refresh`.
import * as fs from "node:fs";
import * as path from "node:path";
import type { OssClientApi } from "../../provider/oss/clientTypes";
import type { LocalOss } from "../../server";
import { checkClient, FAKE_CREDENTIALS, ossStackConfig, readBody, startEngineOss } from "../engine/support/symlinkStack";
import { exampleDir, expectSuccess, installProject, requireLanguageHost, urnName, type CliProject, type CommandResult } from "./support/cliProject";

const BUCKET = "demo";
const PLAIN = "demo-plain";
const STABLE = "releases/stable/app.js";
const SHARED = "shared/current.js";

let oss: LocalOss;
let client: OssClientApi;
let project: CliProject;
/** What a user saw, per case, for the report. */
const seen: Record<string, unknown> = {};

/** Requests per operation the server received while `work` ran. */
async function counted(work: () => Promise<CommandResult>): Promise<{ result: CommandResult; ops: Record<string, number> }> {
  oss.resetStats();
  const result = await work();
  return { result, ops: { ...oss.stats().byOperation } };
}

/** The lines of a command's output that carry `needle` (the engine wraps a failure in its own text). */
function linesWith(r: CommandResult, needle: string): string[] {
  return `${r.stdout}\n${r.stderr}`.split("\n").map((l) => l.trim()).filter((l) => l.includes(needle));
}

async function stackOutputs(stack?: string): Promise<Record<string, unknown>> {
  const args = ["stack", "output", "--json", ...(stack !== undefined ? ["--stack", stack] : [])];
  return JSON.parse(expectSuccess(await project.pulumi(args)).stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  requireLanguageHost();
  oss = await startEngineOss({ buckets: [BUCKET, PLAIN] });
  client = checkClient(oss);
  for (const bucket of [BUCKET, PLAIN]) {
    await client.putObject({ bucket, key: STABLE, body: "stable\n" });
    await client.putObject({ bucket, key: "cold/app.js", body: "cold\n", storageClass: "Archive" });
    // A link another tool manages: this program only reads it.
    await client.putSymlink({ bucket, key: SHARED, target: STABLE, metadata: { team: "web" }, contentType: "application/javascript" });
  }
  project = await installProject(exampleDir("lookups"));
  for (const [stack, bucket, verify] of [["plain", PLAIN, "false"], ["dev", BUCKET, "true"]] as const) {
    expectSuccess(await project.pulumi(["stack", "init", stack]));
    await project.setConfig({ ...ossStackConfig(oss), bucket: { value: bucket }, verifyTarget: { value: verify } });
  }
}, 400_000);

afterAll(async () => {
  console.log(`lookups: what a user sees\n${JSON.stringify(seen, null, 2)}`);
  await client?.close();
  await oss?.close();
  project?.remove();
});

describe("examples/lookups through the pulumi CLI", () => {
  jest.setTimeout(240_000);

  it("create: one PutSymlink per link without verifyTarget, HeadObject + PutSymlink with it", async () => {
    const plain = await counted(() => project.pulumi(["up", "--yes", "--stack", "plain"]));
    expectSuccess(plain.result);
    const verified = await counted(() => project.pulumi(["up", "--yes", "--stack", "dev"]));
    expectSuccess(verified.result);
    seen["create requests (up of the example, two links + lookups), verifyTarget off"] = plain.ops;
    seen["create requests (up of the example, two links + lookups), verifyTarget on"] = verified.ops;
    // Two links each: the only difference is one HeadObject per link.
    expect(plain.ops.PutSymlink).toBe(2);
    expect(plain.ops.HeadObject ?? 0).toBe(0);
    expect(verified.ops.PutSymlink).toBe(2);
    expect(verified.ops.HeadObject).toBe(2);
    const { HeadObject: _head, ...rest } = verified.ops;
    expect(rest).toEqual(plain.ops);
    expect(await readBody(client, BUCKET, "app/latest.js")).toBe('console.log("app v1");\n');
    expect(await readBody(client, BUCKET, "app/stable.js")).toBe("stable\n");
  });

  it("getSymlinkOutput reads the link written in the same run; getSymlink and Symlink.get read the shared one", async () => {
    const out = await stackOutputs("dev");
    seen["stack outputs"] = out;
    const live = await client.getSymlink({ bucket: BUCKET, key: "app/latest.js" });
    expect(out).toMatchObject({
      latestTarget: "releases/v1/app.js",
      latestLiveTarget: "releases/v1/app.js",
      latestLiveEtag: live.etag,
      sharedTarget: STABLE,
      sharedManagedByPulumi: false,
      sharedResourceTarget: STABLE,
    });
    expect(out.sharedLastModified).toEqual((await client.getSymlink({ bucket: BUCKET, key: SHARED })).lastModified);
    expect(out.sharedResourceEtag).toBe((await client.getSymlink({ bucket: BUCKET, key: SHARED })).etag);
  });

  it("update in place (cacheControl): PutSymlink per link, plus one HeadObject each with verifyTarget", async () => {
    const counts: Record<string, Record<string, number>> = {};
    for (const stack of ["plain", "dev"]) {
      expectSuccess(await project.pulumi(["config", "set", "cacheControl", "max-age=60", "--stack", stack]));
      const r = await counted(() => project.pulumi(["up", "--yes", "--stack", stack]));
      expectSuccess(r.result);
      counts[stack] = r.ops;
    }
    seen["update requests (cacheControl of both links), verifyTarget off"] = counts.plain;
    seen["update requests (cacheControl of both links), verifyTarget on"] = counts.dev;
    expect(counts.plain!.PutSymlink).toBe(2);
    expect(counts.plain!.HeadObject ?? 0).toBe(0);
    expect(counts.dev!.PutSymlink).toBe(2);
    expect(counts.dev!.HeadObject).toBe(2);
    expect((await client.getSymlink({ bucket: BUCKET, key: "app/stable.js" })).cacheControl).toBe("max-age=60");
  });

  it.each([
    ["a missing target", "releases/v9/app.js", "TargetNotFound"],
    ["a link-to-link target", SHARED, "TargetIsSymlink"],
    ["an Archive target", "cold/app.js", "TargetArchived"],
  ])("%s: up fails with one line naming the link, the target and the fix; the live link is untouched", async (label, target, code) => {
    expectSuccess(await project.pulumi(["config", "set", "stableTarget", target, "--stack", "dev"]));
    const r = await project.pulumi(["up", "--yes", "--stack", "dev"]);
    expect(r.code).not.toBe(0);
    const lines = linesWith(r, `failed: ${code}:`);
    seen[`up with ${label}`] = lines;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toContain(`PutSymlink oss://${BUCKET}/app/stable.js failed: ${code}: `);
    expect(lines[0]).toContain(`"${target}"`);
    expect(lines[0]).toContain("`verifyTarget: false`");
    expect(await readBody(client, BUCKET, "app/stable.js")).toBe("stable\n");
    expectSuccess(await project.pulumi(["config", "set", "stableTarget", STABLE, "--stack", "dev"]));
  });

  it("a target deleted out of band: preview --refresh shows the link's update and the note; up refuses until it is back", async () => {
    expectSuccess(await project.pulumi(["preview", "--refresh", "--expect-no-changes", "--stack", "dev"]));
    await client.deleteObject({ bucket: BUCKET, key: STABLE });
    try {
      await driftAndRefusal();
    } finally {
      await client.putObject({ bucket: BUCKET, key: STABLE, body: "stable\n" });
    }
    expectSuccess(await project.pulumi(["up", "--refresh", "--yes", "--stack", "dev"]));
    expectSuccess(await project.pulumi(["preview", "--refresh", "--expect-no-changes", "--stack", "dev"]));
  });

  async function driftAndRefusal(): Promise<void> {
    const drift = await project.pulumi(["preview", "--refresh", "--expect-no-changes", "--diff", "--stack", "dev"]);
    seen["preview --refresh --diff after the target was deleted (exit code, lines)"] = [drift.code, ...linesWith(drift, "targetProblem"), ...linesWith(drift, "app-stable")];
    expect(drift.code).not.toBe(0);
    expect(drift.stdout).toMatch(new RegExp(`- targetProblem *: "target '${STABLE}' does not exist"`));
    const json = await project.previewJson(["--refresh", "--stack", "dev"]);
    const stableOps = json.plan.steps.filter((s) => urnName(s.urn) === "app-stable").map((s) => s.op);
    seen["preview --refresh --json: steps of app-stable"] = stableOps;
    expect(stableOps).toContain("update");
    expect(json.plan.changeSummary).toMatchObject({ update: 1 });
    const refused = await project.pulumi(["up", "--refresh", "--yes", "--stack", "dev"]);
    expect(refused.code).not.toBe(0);
    seen["up --refresh while the target is gone"] = linesWith(refused, "failed: TargetNotFound:").slice(-1);
    expect(linesWith(refused, "failed: TargetNotFound:").length).toBeGreaterThan(0);
  }

  it("getSymlink and Symlink.get of a missing key and of a normal object: the errors a user sees", async () => {
    for (const [label, key] of [["missing key", "shared/nothing.js"], ["normal object", STABLE]] as const) {
      expectSuccess(await project.pulumi(["config", "set", "sharedKey", key, "--stack", "dev"]));
      const r = await project.pulumi(["preview", "--stack", "dev"]);
      seen[`preview with sharedKey = ${label}`] = [r.code, ...`${r.stdout}\n${r.stderr}`.split("\n").filter((l) => l.includes(key)).slice(0, 6)];
      expect(r.code).not.toBe(0);
      expect(`${r.stdout}\n${r.stderr}`).not.toContain(FAKE_CREDENTIALS.accessKeySecret);
      expect(`${r.stdout}\n${r.stderr}`).not.toContain(FAKE_CREDENTIALS.securityToken);
      expect(linesWith(r, `getSymlink oss://${BUCKET}/${key} failed: ${label === "missing key" ? "NoSuchKey" : "NotSymlink"}`).length).toBeGreaterThan(0);
    }
    // Symlink.get alone (the getSymlink lines taken out of the program): what the engine reports.
    const file = path.join(project.dir, "index.ts");
    const program = fs.readFileSync(file, "utf8");
    const withoutGetSymlink = program.replace(/^const shared = getSymlink\(.*$/m, "").replace(/^export const shared(Target|ManagedByPulumi|LastModified) = .*$/gm, "");
    expect(withoutGetSymlink).not.toMatch(/getSymlink\(\{/);
    fs.writeFileSync(file, withoutGetSymlink);
    try {
      for (const [label, key] of [["missing key", "shared/nothing.js"], ["normal object", STABLE]] as const) {
        expectSuccess(await project.pulumi(["config", "set", "sharedKey", key, "--stack", "dev"]));
        const r = await project.pulumi(["preview", "--stack", "dev"]);
        const lines = `${r.stdout}\n${r.stderr}`.split("\n").map((l) => l.trim()).filter((l) => /error/i.test(l));
        seen[`preview with Symlink.get of a ${label}`] = [r.code, ...lines];
        expect(r.code).not.toBe(0);
        expect(lines.join("\n")).toContain(`Symlink.get oss://${BUCKET}/${key} failed: the key ${label === "missing key" ? "does not exist" : "holds a normal object"}`);
      }
    } finally {
      fs.writeFileSync(file, program);
    }
    expectSuccess(await project.pulumi(["config", "set", "sharedKey", SHARED, "--stack", "dev"]));
  });

  it("pulumi import of a link fails, as for every dynamic resource (the message, for the docs)", async () => {
    const r = await project.pulumi(["import", "pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink", "imported", `${BUCKET}/${SHARED}`, "--yes", "--stack", "dev"]);
    seen["pulumi import"] = [r.code, ...`${r.stdout}\n${r.stderr}`.split("\n").filter((l) => /error|fail/i.test(l))];
    expect(r.code).not.toBe(0);
  });

  it("destroy removes the stack's links and upload; the shared link read by Symlink.get stays", async () => {
    for (const stack of ["dev", "plain"]) expectSuccess(await project.pulumi(["destroy", "--yes", "--stack", stack]));
    expect(await readBody(client, BUCKET, "app/latest.js")).toBe("<NoSuchKey>");
    expect(await readBody(client, BUCKET, "releases/v1/app.js")).toBe("<NoSuchKey>");
    expect((await client.getSymlink({ bucket: BUCKET, key: SHARED })).target).toBe(STABLE);
    expect(await readBody(client, BUCKET, SHARED)).toBe("stable\n");
  });
});
