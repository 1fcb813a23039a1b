// A stack created by an earlier version moves to another endpoint without a replace, through the
// pulumi CLI. The stack is tests/fixtures/endpointUpgrade (see its README): the export of a stack
// that the packed main of the time deployed, and the embedded server's data dir as that run left
// it. Here the export is imported into a fresh project with the current tarball, and OSS_ENDPOINT
// moves from the server's own port to a counting forwarder in front of the same server, so which
// port saw each request tells which endpoint the provider used.
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalOss } from "../../server";
import type { OssClientApi } from "../../provider/oss/clientTypes";
import { REPO_ROOT } from "../engine/support/engine";
import { checkClient, FAKE_CREDENTIALS, SYMLINK_TOKEN, startEngineOss } from "../engine/support/symlinkStack";
import { startCountingForwarder, type CountingForwarder } from "../support/countingForwarder";
import { expectSuccess, installProject, requireLanguageHost, urnName, type CliProject, type CommandResult, type PreviewJson } from "./support/cliProject";

const FIXTURE = path.join(REPO_ROOT, "tests", "fixtures", "endpointUpgrade");
/** The endpoint the fixture's state holds, with its port replaced by this placeholder. */
const OLD_ENDPOINT_PLACEHOLDER = "http://127.0.0.1:OLD_PORT";
const BUCKET = "upgrade";
const LINKS = { "app-latest": "app/latest.js", "docs-home": "index.html" } as const;

let oss: LocalOss;
let forwarder: CountingForwarder;
let client: OssClientApi;
let project: CliProject;

/** Region and credentials as the fixture's stack had them (environment only: its state holds no config), plus the endpoint. */
function envFor(endpoint: string): Record<string, string> {
  return {
    ALIBABA_CLOUD_REGION: oss.region,
    ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE_CREDENTIALS.accessKeySecret,
    ALIBABA_CLOUD_SECURITY_TOKEN: FAKE_CREDENTIALS.securityToken,
    OSS_ENDPOINT: endpoint,
  };
}

/** The two links' state, by resource name. */
async function linkStates(): Promise<Record<string, { id: string; outputs: Record<string, unknown> }>> {
  const exported = JSON.parse(expectSuccess(await project.pulumi(["stack", "export"])).stdout) as {
    deployment: { resources: Array<{ urn: string; type: string; id: string; outputs: Record<string, unknown> }> };
  };
  const links = exported.deployment.resources.filter((r) => r.type === SYMLINK_TOKEN);
  return Object.fromEntries(links.map((r) => [urnName(r.urn), { id: r.id, outputs: r.outputs }]));
}

/** `pulumi preview --json [extra]` under `env`, parsed (the CLI project's helper takes no environment). */
async function previewJson(extra: string[], env: Record<string, string>): Promise<{ result: CommandResult; plan: PreviewJson }> {
  const result = await project.pulumi(["preview", "--json", ...extra], env);
  try {
    return { result, plan: JSON.parse(result.stdout) as PreviewJson };
  } catch {
    throw new Error(`pulumi preview --json printed no JSON (exit ${result.code})\n${result.stdout}\n${result.stderr}`);
  }
}

function summary(label: string, plan: PreviewJson): Record<string, string> {
  console.log(`${label}: pulumi preview --json changeSummary ${JSON.stringify(plan.changeSummary)}`);
  return Object.fromEntries(plan.steps.map((s) => [urnName(s.urn), s.op]));
}

beforeAll(async () => {
  requireLanguageHost();
  project = await installProject(path.join(FIXTURE, "project"), "endpoint-upgrade");
  const dataDir = path.join(project.tmp, "oss-data");
  fs.cpSync(path.join(FIXTURE, "oss-data"), dataDir, { recursive: true });
  oss = await startEngineOss({ dataDir });
  forwarder = await startCountingForwarder(oss.endpoint);
  client = checkClient(oss);
  expectSuccess(await project.pulumi(["stack", "init", "dev"]));
  const exportFile = path.join(project.tmp, "stack-export.json");
  const text = fs.readFileSync(path.join(FIXTURE, "stack-export.json"), "utf8");
  expect(text).toContain(OLD_ENDPOINT_PLACEHOLDER);
  fs.writeFileSync(exportFile, text.split(OLD_ENDPOINT_PLACEHOLDER).join(oss.endpoint));
  expectSuccess(await project.pulumi(["stack", "import", "--file", exportFile]));
}, 400_000);

afterAll(async () => {
  await client?.close();
  await forwarder?.close();
  await oss?.close();
  project?.remove();
});

describe("an endpoint switch on a stack created by an earlier version (tests/fixtures/endpointUpgrade)", () => {
  jest.setTimeout(240_000);

  it("the imported stack is what the old version wrote: endpoint and url at the old endpoint, IDs bucket/key", async () => {
    const states = await linkStates();
    expect(Object.keys(states).sort()).toEqual(Object.keys(LINKS).sort());
    for (const [name, key] of Object.entries(LINKS)) {
      expect(states[name]?.id).toBe(`${BUCKET}/${key}`);
      expect(states[name]?.outputs.endpoint).toBe(oss.endpoint);
      expect(states[name]?.outputs.url).toBe(`${oss.endpoint}/${BUCKET}/${key}`);
    }
    // The server's data dir holds the links that run wrote, with the owner tokens the state holds.
    for (const [name, key] of Object.entries(LINKS)) {
      const live = await client.getSymlink({ bucket: BUCKET, key });
      expect(live.metadata["pulumi-owner"]).toBe(states[name]?.outputs.ownerToken);
    }
  });

  it("with the same endpoint, the new version previews no change and sends no request", async () => {
    oss.resetStats();
    const { result, plan } = await previewJson(["--expect-no-changes"], envFor(oss.endpoint));
    expectSuccess(result);
    summary("same endpoint", plan);
    expect(plan.changeSummary).toEqual({ same: 3 }); // two links and the stack
    expect(oss.stats().total).toBe(0);
  });

  it("with OSS_ENDPOINT at another endpoint, preview plans two updates and no replace, sending no request", async () => {
    oss.resetStats();
    const { result, plan } = await previewJson([], envFor(forwarder.origin));
    expectSuccess(result);
    const ops = summary("endpoint switch", plan);
    expect(plan.changeSummary).toEqual({ update: 2, same: 1 });
    for (const name of Object.keys(LINKS)) {
      expect(ops[name]).toBe("update");
      const step = plan.steps.find((s) => urnName(s.urn) === name);
      expect(step?.replaceReasons ?? []).toEqual([]);
    }
    expect(oss.stats().total).toBe(0);
  });

  it("up records the new endpoint and url with 0 requests; IDs and owner tokens stay", async () => {
    const before = await linkStates();
    oss.resetStats();
    forwarder.reset();
    expectSuccess(await project.pulumi(["up", "--yes"], envFor(forwarder.origin)));
    console.log(`up after the switch: ${oss.stats().total} requests at the server, ${forwarder.requests().length} through the new endpoint`);
    expect(oss.stats().total).toBe(0);
    expect(forwarder.requests()).toEqual([]);
    const after = await linkStates();
    for (const [name, key] of Object.entries(LINKS)) {
      expect(after[name]?.id).toBe(before[name]?.id);
      expect(after[name]?.outputs.ownerToken).toBe(before[name]?.outputs.ownerToken);
      expect(after[name]?.outputs.etag).toBe(before[name]?.outputs.etag);
      expect(after[name]?.outputs.endpoint).toBe(forwarder.origin);
      expect(after[name]?.outputs.url).toBe(`${forwarder.origin}/${BUCKET}/${key}`);
    }
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes"], envFor(forwarder.origin)));
  });

  it("refresh reads through the new endpoint only, and finds no drift", async () => {
    oss.resetStats();
    forwarder.reset();
    expectSuccess(await project.pulumi(["refresh", "--yes", "--skip-preview"], envFor(forwarder.origin)));
    const total = oss.stats().total;
    console.log(`refresh: ${total} requests at the server, ${forwarder.requests().length} through the new endpoint`);
    expect(oss.stats().byOperation["GetSymlink"]).toBe(2);
    expect(forwarder.requests()).toHaveLength(total);
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes"], envFor(forwarder.origin)));
  });

  it("an endpoint switch together with a metadata edit is one PutSymlink, at the new endpoint", async () => {
    const file = path.join(project.dir, "index.js");
    const program = fs.readFileSync(file, "utf8");
    const edited = program.replace('metadata: { channel: "latest" }', 'metadata: { channel: "latest", owner: "web" }');
    expect(edited).not.toBe(program);
    fs.writeFileSync(file, edited);
    // Back to the server's own port: now the forwarder is the old endpoint.
    const { result, plan } = await previewJson([], envFor(oss.endpoint));
    expectSuccess(result);
    expect(summary("endpoint switch + metadata", plan)).toMatchObject({ "app-latest": "update", "docs-home": "update" });
    for (const step of plan.steps) expect(step.replaceReasons ?? []).toEqual([]);
    oss.resetStats();
    forwarder.reset();
    expectSuccess(await project.pulumi(["up", "--yes"], envFor(oss.endpoint)));
    console.log(`up with metadata: ${JSON.stringify(oss.stats().byOperation)} at the server, ${forwarder.requests().length} through the old endpoint`);
    expect(oss.stats().byOperation).toEqual({ PutSymlink: 1 });
    expect(forwarder.requests()).toEqual([]);
    expect((await client.getSymlink({ bucket: BUCKET, key: LINKS["app-latest"] })).metadata).toMatchObject({ channel: "latest", owner: "web" });
    const states = await linkStates();
    for (const name of Object.keys(LINKS)) expect(states[name]?.outputs.endpoint).toBe(oss.endpoint);
  });

  it("back to the other endpoint with 0 requests; destroy then deletes both links through it", async () => {
    oss.resetStats();
    forwarder.reset();
    expectSuccess(await project.pulumi(["up", "--yes"], envFor(forwarder.origin)));
    console.log(`up back to the forwarder: ${JSON.stringify(oss.stats().byOperation)} at the server, ${forwarder.requests().length} through it`);
    expect(oss.stats().total).toBe(0);
    oss.resetStats();
    expectSuccess(await project.pulumi(["destroy", "--yes"], envFor(forwarder.origin)));
    const total = oss.stats().total;
    console.log(`destroy: ${JSON.stringify(oss.stats().byOperation)} at the server, ${forwarder.requests().length} through the new endpoint`);
    expect(oss.stats().byOperation["DeleteObject"]).toBe(2);
    expect(forwarder.requests()).toHaveLength(total);
    for (const key of Object.values(LINKS)) {
      await expect(client.getSymlink({ bucket: BUCKET, key })).rejects.toMatchObject({ code: "NoSuchKey" });
    }
  });
});
