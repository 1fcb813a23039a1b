// examples/basic as a user runs it: the folder copied out of the repository, the packed tarball
// installed with `npm install <tgz>`, and only `pulumi` commands against the embedded OSS server.
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalOss } from "../../server";
import type { OssClientApi } from "../../provider/oss/clientTypes";
import { readStateFiles } from "../engine/support/engine";
import { checkClient, FAKE_CREDENTIALS, ossStackConfig, readBody, startEngineOss } from "../engine/support/symlinkStack";
import {
  CLI_PASSPHRASE,
  exampleDir,
  expectSuccess,
  installProject,
  requireLanguageHost,
  urnName,
  type CliProject,
  type PreviewJson,
} from "./support/cliProject";

const BUCKET = "demo";
const VERSIONED = "demo-versioned";
const TARGETS: Record<string, string> = {
  "releases/v1/app.js": 'console.log("app v1");\n',
  "releases/v2/app.js": 'console.log("app v2");\n',
  "docs/index.html": "<!doctype html><title>Docs</title>\n",
};
// link name -> bucket, key and the target the program declares by default.
const LINKS = {
  "app-latest": { bucket: BUCKET, key: "app/latest.js", target: "releases/v1/app.js" },
  "app-stable": { bucket: BUCKET, key: "app/stable.js", target: "releases/v1/app.js" },
  "docs-home": { bucket: BUCKET, key: "index.html", target: "docs/index.html" },
  "pinned-app": { bucket: VERSIONED, key: "app/pinned.js", target: "releases/v1/app.js" },
} as const;

let oss: LocalOss;
let client: OssClientApi;
let project: CliProject;

/** Plan counts and per-resource ops of a preview, logged so a run records what the CLI planned. */
function ops(label: string, plan: PreviewJson): Record<string, string> {
  console.log(`${label}: pulumi preview --json changeSummary ${JSON.stringify(plan.changeSummary)}`);
  return Object.fromEntries(plan.steps.map((s) => [urnName(s.urn), s.op]));
}

async function expectLinksResolveTo(targets: Record<string, string>): Promise<void> {
  const got: Record<string, string> = {};
  const want: Record<string, string> = {};
  for (const [name, link] of Object.entries(LINKS)) {
    got[name] = await readBody(client, link.bucket, link.key);
    want[name] = TARGETS[targets[name] ?? link.target]!;
  }
  expect(got).toEqual(want);
}

beforeAll(async () => {
  requireLanguageHost();
  oss = await startEngineOss({ buckets: [BUCKET], versionedBuckets: [VERSIONED] });
  client = checkClient(oss);
  for (const bucket of [BUCKET, VERSIONED]) {
    for (const [key, body] of Object.entries(TARGETS)) await client.putObject({ bucket, key, body });
  }
  project = await installProject(exampleDir("basic"));
  expectSuccess(await project.pulumi(["stack", "init", "dev"]));
  // The engine tests' stack config: endpoint, region, and the credentials as config (secrets with --secret).
  await project.setConfig(ossStackConfig(oss));
}, 400_000);

afterAll(async () => {
  await client?.close();
  await oss?.close();
  project?.remove();
});

describe("examples/basic through the pulumi CLI", () => {
  jest.setTimeout(240_000);

  it("installs from the tarball: the package in node_modules is a copy of the packed one, not this checkout", () => {
    const installed = path.join(project.dir, "node_modules", "pulumi-oss-symlink");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, "dist", "sdk", "index.js"))).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(project.dir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(manifest.dependencies["pulumi-oss-symlink"]).toMatch(/^file:.*pulumi-oss-symlink-0\.1\.0\.tgz$/);
  });

  it("preview --json plans the four creates and sends no request", async () => {
    oss.resetStats();
    const { result, plan } = await project.previewJson();
    expectSuccess(result);
    expect(plan.changeSummary).toEqual({ create: 5 }); // four links and the stack
    const byName = ops("initial preview", plan);
    for (const name of Object.keys(LINKS)) expect(byName[name]).toBe("create");
    expect(oss.stats().total).toBe(0);
  });

  it("up creates the links; a GET through each returns its target's bytes", async () => {
    expectSuccess(await project.pulumi(["up", "--yes"]));
    await expectLinksResolveTo({});
  });

  it("after up, a preview with nothing to do shows nothing (--expect-no-changes, 0 updates, no unknowns)", async () => {
    const { result, plan } = await project.previewJson(["--expect-no-changes"]);
    expectSuccess(result);
    ops("no-op preview", plan);
    expect(plan.changeSummary).toEqual({ same: 5 });
    const text = expectSuccess(await project.pulumi(["preview", "--expect-no-changes"]));
    // Before the provider stored explicit nulls, the unversioned links' versionId showed here as [unknown].
    expect(text.stdout).not.toMatch(/\[unknown\]|~ links/);
  });

  it("retargeting by config plans a replace whose reason is target; up serves the new target", async () => {
    expectSuccess(await project.pulumi(["config", "set", "latestTarget", "releases/v2/app.js"]));
    const { result, plan } = await project.previewJson();
    expectSuccess(result);
    const byName = ops("retarget preview", plan);
    expect(plan.changeSummary).toEqual({ replace: 1, same: 4 });
    expect(byName["app-latest"]).toBe("replace");
    expect(plan.steps.find((s) => urnName(s.urn) === "app-latest")?.replaceReasons).toEqual(["target"]);
    expectSuccess(await project.pulumi(["up", "--yes"]));
    await expectLinksResolveTo({ "app-latest": "releases/v2/app.js" });
  });

  it("a metadata edit in the program plans an in-place update", async () => {
    const file = path.join(project.dir, "index.ts");
    const program = fs.readFileSync(file, "utf8");
    const edited = program.replace('metadata: { channel: "stable" }', 'metadata: { channel: "stable", owner: "web" }');
    expect(edited).not.toBe(program);
    fs.writeFileSync(file, edited);
    const { result, plan } = await project.previewJson();
    expectSuccess(result);
    const byName = ops("metadata preview", plan);
    expect(plan.changeSummary).toEqual({ update: 1, same: 4 });
    expect(byName["app-stable"]).toBe("update");
    expectSuccess(await project.pulumi(["up", "--yes"]));
    const head = await client.getSymlink({ bucket: BUCKET, key: "app/stable.js" });
    expect(head.metadata).toMatchObject({ channel: "stable", owner: "web" });
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes"]));
  });

  it("drift: a link changed out of band fails `preview --refresh --expect-no-changes`; `up --refresh` restores it", async () => {
    await client.putSymlink({ bucket: BUCKET, key: "app/stable.js", target: "releases/v2/app.js" });
    expect(await readBody(client, BUCKET, "app/stable.js")).toBe(TARGETS["releases/v2/app.js"]);
    const drift = await project.pulumi(["preview", "--refresh", "--expect-no-changes"]);
    console.log(`drift check: pulumi preview --refresh --expect-no-changes exited ${drift.code}`);
    expect(drift.code).toBe(7); // the CLI's ExitNoChanges (see tests/cli/pipeline.test.ts)
    expect(`${drift.stdout}\n${drift.stderr}`).toMatch(/no changes were expected/i);
    expectSuccess(await project.pulumi(["up", "--refresh", "--yes"]));
    await expectLinksResolveTo({ "app-latest": "releases/v2/app.js" });
    expectSuccess(await project.pulumi(["preview", "--refresh", "--expect-no-changes"]));
  });

  it("a bad input fails the preview, names the property and the fix, and sends no request", async () => {
    expectSuccess(await project.pulumi(["config", "set", "latestTarget", "/releases/v2/app.js"]));
    oss.resetStats();
    const { result, plan } = await project.previewJson();
    console.log(`bad input: pulumi preview --json exited ${result.code}, changeSummary ${JSON.stringify(plan.changeSummary)}`);
    expect(result.code).not.toBe(0);
    const messages = (plan.diagnostics ?? []).map((d) => d.message).join("\n");
    expect(messages).toMatch(/property target .*must not start with "\/"/);
    expect(messages).toContain('did you mean "releases/v2/app.js"?');
    expect(oss.stats().total).toBe(0);
    expectSuccess(await project.pulumi(["config", "set", "latestTarget", "releases/v2/app.js"]));
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes"]));
  });

  it("stack export: each __provider is the one-line require, with no secret and no absolute path", async () => {
    const exported = expectSuccess(await project.pulumi(["stack", "export"])).stdout;
    const deployment = JSON.parse(exported) as { deployment: { resources: Array<{ type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }> } };
    const links = deployment.deployment.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink");
    expect(links).toHaveLength(4);
    const providers = new Set(links.flatMap((r) => [r.inputs?.__provider, r.outputs?.__provider]));
    expect(providers.size).toBe(1);
    const provider = String([...providers][0]);
    expect(provider).toContain('require("pulumi-oss-symlink/provider-impl")');
    expect(provider.length).toBeLessThan(400);
    console.log(`__provider: ${provider.length} B`);
    for (const text of [exported, readStateFiles(path.join(project.tmp, "state"))]) {
      expect(text).not.toContain(FAKE_CREDENTIALS.accessKeySecret);
      expect(text).not.toContain(FAKE_CREDENTIALS.securityToken);
      expect(text).not.toContain(CLI_PASSPHRASE);
    }
    expect(provider).not.toMatch(/\/(tmp|root|home|work|Users)\//);
    expect(provider).not.toContain(project.tmp);
  });

  it("destroy removes the links and leaves every target byte-identical", async () => {
    expectSuccess(await project.pulumi(["destroy", "--yes"]));
    for (const link of Object.values(LINKS)) expect(await readBody(client, link.bucket, link.key)).toBe("<NoSuchKey>");
    for (const bucket of [BUCKET, VERSIONED]) {
      for (const [key, body] of Object.entries(TARGETS)) expect(await readBody(client, bucket, key)).toBe(body);
    }
  });
});
