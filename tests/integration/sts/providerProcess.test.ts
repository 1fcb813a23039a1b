/**
 * The way a provider process will use the local STS: a separate Node process that trusts the test
 * CA only through NODE_EXTRA_CA_CERTS (read at start-up, so it must be in the child's environment)
 * and points @alicloud/credentials at the endpoint with `stsEndpoint: "127.0.0.1:PORT"`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve as resolvePath } from "node:path";
import { createOssClient } from "../../../provider/oss";
import { BUCKET, CALLER_ID, CALLER_SECRET, OIDC_PROVIDER_ARN, ROLE_ARN, mintJwt, startStsFixture, type StsFixture } from "./stsFixture";

const REPO = resolvePath(__dirname, "..", "..", "..");
// Prints the resolved credentials as JSON, or the error message; never both.
const CHILD = `
const { default: Credential, Config } = require("@alicloud/credentials");
new Credential(new Config(JSON.parse(process.env.STS_TEST_CONFIG))).getCredential().then(
  (c) => process.stdout.write(JSON.stringify({ ok: { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken } })),
  (e) => process.stdout.write(JSON.stringify({ error: String(e && e.message) })),
);`;

let fx: StsFixture;
beforeAll(async () => {
  fx = await startStsFixture(false);
});
afterAll(async () => {
  await fx.close();
});

type ChildResult = { ok?: { accessKeyId: string; accessKeySecret: string; securityToken: string }; error?: string };

function runChild(config: Record<string, unknown>, extraEnv: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, STS_TEST_CONFIG: JSON.stringify(config), ...extraEnv };
    if (!("NODE_EXTRA_CA_CERTS" in extraEnv)) delete env.NODE_EXTRA_CA_CERTS;
    const child = spawn(process.execPath, ["-e", CHILD], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        resolve(JSON.parse(out) as ChildResult);
      } catch {
        reject(new Error(`child exited ${code} without a result: ${err}`));
      }
    });
  });
}

function ramRole(): Record<string, unknown> {
  return { type: "ram_role_arn", accessKeyId: CALLER_ID, accessKeySecret: CALLER_SECRET, roleArn: ROLE_ARN, roleSessionName: "child", stsEndpoint: fx.sts.hostPort };
}

test("without NODE_EXTRA_CA_CERTS the provider process refuses the local STS certificate", async () => {
  const r = await runChild(ramRole(), {});
  expect(r.ok).toBeUndefined();
  expect(r.error).toMatch(/unable to verify|self.signed|certificate/i);
  expect(r.error).not.toContain(CALLER_SECRET);
});

test("with NODE_EXTRA_CA_CERTS, ram_role_arn gets STS credentials that the OSS server accepts", async () => {
  const r = await runChild(ramRole(), { NODE_EXTRA_CA_CERTS: fx.cert.caFile });
  expect(r.error).toBeUndefined();
  expect(r.ok?.accessKeyId).toMatch(/^STS\./);
  const client = createOssClient({ region: fx.oss.region, endpoint: fx.oss.endpoint, credentials: r.ok });
  try {
    await client.putObject({ bucket: BUCKET, key: "from-child", body: "child" });
    expect((await client.getObject({ bucket: BUCKET, key: "from-child" })).body.toString("utf8")).toBe("child");
  } finally {
    await client.close();
  }
});

test("with NODE_EXTRA_CA_CERTS, oidc_role_arn configured only through ALIBABA_CLOUD_* env (plus stsEndpoint) works", async () => {
  const dir = mkdtempSync(join(tmpdir(), "oss-sts-child-"));
  const tokenPath = join(dir, "token");
  writeFileSync(tokenPath, mintJwt(fx.oidcKey));
  const r = await runChild({ type: "oidc_role_arn", stsEndpoint: fx.sts.hostPort }, {
    NODE_EXTRA_CA_CERTS: fx.cert.caFile,
    ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN,
    ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER_ARN,
    ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenPath,
  });
  expect(r.error).toBeUndefined();
  expect(r.ok?.accessKeyId).toMatch(/^STS\./);
  expect(fx.sts.calls().at(-1)).toMatchObject({ action: "AssumeRoleWithOIDC", roleArn: ROLE_ARN, code: "Success" });
});
