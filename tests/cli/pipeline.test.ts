// examples/pipeline: the one script its GitHub Actions and GitLab CI jobs call (ci.sh preview | up |
// drift), run here as those jobs run it, against the embedded OSS server. Credentials come from
// the environment variables configure-aliyun-credentials-action exports (no AccessKey in config).
import * as fs from "node:fs";
import * as path from "node:path";
import type { OssClientApi } from "../../provider/oss/clientTypes";
import type { LocalOss } from "../../server";
import { checkClient, FAKE_CREDENTIALS, ossStackConfig, readBody, startEngineOss } from "../engine/support/symlinkStack";
import { exampleDir, expectSuccess, installProject, requireLanguageHost, run, type CliProject, type CommandResult } from "./support/cliProject";

const BUCKET = "releases";
const TARGETS: Record<string, string> = { "releases/v1/app.js": "app v1\n", "releases/v2/app.js": "app v2\n" };

let oss: LocalOss;
let client: OssClientApi;
let project: CliProject;
let summary: string;
const exitCodes: Record<string, number | null> = {};

/** `./ci.sh <mode>` with the environment a CI job gives it. */
async function ci(mode: "preview" | "up" | "drift", label: string): Promise<CommandResult> {
  const r = await run("bash", [path.join(project.dir, "ci.sh"), mode], {
    cwd: project.dir,
    env: {
      ...project.env,
      PULUMI_STACK: "prod",
      PULUMI_BACKEND_URL: `file://${path.join(project.tmp, "state")}`,
      GITHUB_STEP_SUMMARY: summary,
      ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE_CREDENTIALS.accessKeySecret,
      ALIBABA_CLOUD_SECURITY_TOKEN: FAKE_CREDENTIALS.securityToken,
    },
  });
  exitCodes[label] = r.code;
  return r;
}

/** The job summary written since the last call. */
function takeSummary(): string {
  const text = fs.existsSync(summary) ? fs.readFileSync(summary, "utf8") : "";
  fs.writeFileSync(summary, "");
  return text;
}

beforeAll(async () => {
  requireLanguageHost();
  oss = await startEngineOss({ buckets: [BUCKET] });
  client = checkClient(oss);
  for (const [key, body] of Object.entries(TARGETS)) await client.putObject({ bucket: BUCKET, key, body });
  project = await installProject(exampleDir("pipeline"));
  summary = path.join(project.tmp, "step-summary.md");
  // What a repository commits as Pulumi.prod.yaml: region, bucket (and here the local endpoint).
  expectSuccess(await project.pulumi(["stack", "init", "prod"]));
  await project.setConfig({ ...ossStackConfig(oss, false), bucket: { value: BUCKET } });
}, 400_000);

afterAll(async () => {
  console.log(`pipeline ci.sh exit codes: ${JSON.stringify(exitCodes)}`);
  await client?.close();
  await oss?.close();
  project?.remove();
});

describe("examples/pipeline/ci.sh as the CI jobs run it", () => {
  jest.setTimeout(240_000);

  it("preview of a clean change passes and puts the diff in the job summary", async () => {
    oss.resetStats();
    const r = await ci("preview", "clean preview");
    expectSuccess(r);
    const text = takeSummary();
    expect(text).toContain("### pulumi preview: `prod` (passed)");
    expect(text).toMatch(/\+ pulumi-nodejs:dynamic\/pulumi-oss-symlink:Symlink: \(create\)/);
    expect(text).toMatch(/target +: "releases\/v1\/app.js"/);
    expect(oss.stats().total).toBe(0);
  });

  it("up deploys; the drift check of an unchanged link passes", async () => {
    expectSuccess(await ci("up", "up"));
    expect(await readBody(client, BUCKET, "app/latest.js")).toBe(TARGETS["releases/v1/app.js"]);
    expectSuccess(await ci("drift", "clean drift check"));
    takeSummary();
  });

  it("a bad input fails the preview job, naming the property and the fix, with no request sent", async () => {
    expectSuccess(await project.pulumi(["config", "set", "bucket", "Releases_2"]));
    oss.resetStats();
    const r = await ci("preview", "bad-input preview");
    expect(r.code).not.toBe(0);
    const text = takeSummary();
    expect(text).toContain("### pulumi preview: `prod` (failed, exit");
    expect(text).toMatch(/property bucket .*lower-case/);
    expect(oss.stats().total).toBe(0);
    expectSuccess(await project.pulumi(["config", "set", "bucket", BUCKET]));
  });

  it("a link changed by hand fails the drift job; up converges and the drift job passes again", async () => {
    await client.putSymlink({ bucket: BUCKET, key: "app/latest.js", target: "releases/v2/app.js" });
    const drift = await ci("drift", "drifted drift check");
    // 7 is the CLI's ExitNoChanges ("no changes were expected but changes were proposed"), part
    // of its stable exit-code contract (sdk/go/common/util/cmdutil/exit.go in pulumi/pulumi): a
    // drift job can tell drift from a broken run (1 generic, 3 authentication, ...).
    expect(drift.code).toBe(7);
    expect(takeSummary()).toContain("### drift check: `prod` (failed, exit");
    expectSuccess(await ci("up", "converging up"));
    expect(await readBody(client, BUCKET, "app/latest.js")).toBe(TARGETS["releases/v1/app.js"]);
    expectSuccess(await ci("drift", "drift check after up"));
  });
});
