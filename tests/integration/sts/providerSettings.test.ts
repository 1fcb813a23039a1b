/**
 * The `alicloud:*` settings that fail, and the ones that change where requests go or how they are
 * signed, through the provider against the embedded STS and OSS servers: each failure names the
 * setting, says what to do and carries no secret; what can be known before a request fails at
 * preview (check), with no request sent.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import { createSymlinkProvider, type SymlinkProvider } from "../../../provider/impl";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startLocalOss, type LocalOss } from "../../../server";
import { startKeyRecorder, type KeyRecorder } from "./keyRecorder";
import { BUCKET, CALLER_ID, CALLER_SECRET, ACCOUNT, OIDC_PROVIDER_ARN, ROLE_ARN, mintJwt, startStsFixture, type StsFixture } from "./stsFixture";

let fx: StsFixture;
let oss: LocalOss;
let recorder: KeyRecorder;
let tmp: string;
const OWNER = "0123456789abcdef";

beforeAll(async () => {
  fx = await startStsFixture(true);
  oss = await startLocalOss({ buckets: [BUCKET], temporaryCredentials: fx.store });
  recorder = await startKeyRecorder(oss.endpoint);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "provider-settings-"));
});
afterAll(async () => {
  await recorder?.close();
  await oss?.close();
  await fx?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => recorder.reset());

const serverKeys = { "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID, "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET };
const callerKeys = { "alicloud:accessKey": CALLER_ID, "alicloud:secretKey": CALLER_SECRET };
const sts = () => ({ "alicloud:endpoints": [{ sts: fx.sts.hostPort }] });

async function providerWith(config: Record<string, string | object>, env: Record<string, string> = {}): Promise<SymlinkProvider> {
  const p = createSymlinkProvider({ env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true", ...env }, homeDir: path.join(tmp, "no-home"), log: () => undefined });
  const values: Record<string, string> = { "alicloud:region": oss.region };
  for (const [k, v] of Object.entries(config)) values[k] = typeof v === "string" ? v : JSON.stringify(v);
  await p.configure({ config: new Config(values, "proj") });
  return p;
}

const news = (key: string, extra: Record<string, unknown> = {}) => ({ bucket: BUCKET, key, target: "t.txt", ownerId: OWNER, ...extra });

/** check's failures, as `property: reason` lines. */
async function failuresOf(p: SymlinkProvider, key = "k"): Promise<string[]> {
  const r = await p.check({}, news(key));
  return (r.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

describe("refused at preview, naming the setting, before any request", () => {
  afterEach(() => {
    expect(recorder.seen()).toEqual([]);
  });

  test("<project>:endpoint without a new key", async () => {
    const p = await providerWith({ ...serverKeys, "proj:endpoint": recorder.endpoint });
    const failures = await failuresOf(p);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^endpoint: stack config sets <project>:endpoint \(http:\/\/127\.0\.0\.1:\d+\), which this provider no longer reads; move it to `pulumi config set pulumi-oss-symlink:endpoint <endpoint>` or to the oss entry of alicloud:endpoints/);
  });

  test("an unreadable OIDC token file", async () => {
    const missing = path.join(tmp, "no-such-token");
    const p = await providerWith({ "alicloud:assumeRoleWithOidc": { roleArn: ROLE_ARN, oidcProviderArn: OIDC_PROVIDER_ARN, oidcTokenFile: missing }, ...sts() });
    expect(await failuresOf(p)).toEqual([
      `alicloud:assumeRoleWithOidc.oidcTokenFile: the OIDC token file ${missing} cannot be read (ENOENT); point oidcTokenFile (or ALIBABA_CLOUD_OIDC_TOKEN_FILE) at a readable file`,
    ]);
  });

  test("an expired OIDC token (file or inline), without quoting it", async () => {
    const expired = mintJwt(fx.oidcKey, { exp: Math.floor(Date.now() / 1000) - 60 });
    const file = path.join(tmp, "expired-token");
    fs.writeFileSync(file, expired);
    for (const [field, value] of [["oidcTokenFile", file], ["oidcToken", expired]] as const) {
      const p = await providerWith({ "alicloud:assumeRoleWithOidc": { roleArn: ROLE_ARN, oidcProviderArn: OIDC_PROVIDER_ARN, [field]: value }, ...sts() });
      const failures = await failuresOf(p);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(new RegExp(`^alicloud:assumeRoleWithOidc\\.${field}: the OIDC token expired at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; issue a fresh token`));
      expect(failures[0]).not.toContain(expired.split(".")[1] as string);
    }
    expect(fx.sts.calls().filter((c) => c.action === "AssumeRoleWithOIDC" && c.code !== "Success")).toEqual([]);
  });

  test("a malformed role ARN, a missing OIDC field, a typo'd field, a bad signVersion and protocol", async () => {
    const p = await providerWith({
      ...callerKeys,
      "alicloud:assumeRole": { roleArn: "deployer", session_name: "x" },
      "alicloud:assumeRoleWithOidc": { roleArn: ROLE_ARN },
      "alicloud:signVersion": { oss: "v2" },
      "alicloud:protocol": "ftp",
    });
    expect(await failuresOf(p)).toEqual([
      "alicloud:signVersion.oss: alicloud:signVersion.oss must be v1 or v4, not \"v2\"",
      "alicloud:protocol: alicloud:protocol must be HTTP or HTTPS, not \"ftp\"",
      "alicloud:assumeRole.session_name: alicloud:assumeRole has no field session_name; did you mean sessionName?",
      "alicloud:assumeRole.roleArn: alicloud:assumeRole.roleArn \"deployer\" is not a RAM role ARN; expected acs:ram::<account id>:role/<role name>",
      "alicloud:assumeRoleWithOidc: alicloud:assumeRoleWithOidc needs oidcProviderArn (or ALIBABA_CLOUD_OIDC_PROVIDER_ARN), oidcTokenFile or oidcToken (or ALIBABA_CLOUD_OIDC_TOKEN_FILE)",
    ]);
  });

  test("a profile that is not in the file, and a file that is not JSON", async () => {
    const file = path.join(tmp, "profiles.json");
    fs.writeFileSync(file, JSON.stringify({ profiles: [{ name: "dev", mode: "AK", access_key_id: "LTAIdev", access_key_secret: "dev-secret-do-not-print" }] }));
    const p = await providerWith({ "alicloud:profile": "prod", "alicloud:sharedCredentialsFile": file });
    expect(await failuresOf(p)).toEqual([
      `alicloud:profile: profile "prod" is not in ${file} (profiles there: dev) (profile from profile "prod" (config alicloud:profile) of ${file} (config alicloud:sharedCredentialsFile))`,
    ]);
    const broken = path.join(tmp, "broken.json");
    fs.writeFileSync(broken, '{"profiles": [{"access_key_secret": "broken-secret-do-not-print"');
    const q = await providerWith({ "alicloud:profile": "prod" }, { ALICLOUD_SHARED_CREDENTIALS_FILE: broken });
    const failures = await failuresOf(q);
    expect(failures).toEqual([`alicloud:profile: ${broken} is not valid JSON (content not shown) (profile from profile "prod" (config alicloud:profile) of ${broken} (env ALICLOUD_SHARED_CREDENTIALS_FILE))`]);
  });

  test("half an access key pair from the environment", async () => {
    const p = await providerWith({}, { ALICLOUD_ACCESS_KEY: "LTAIhalf" });
    expect(await failuresOf(p)).toEqual([
      "alicloud:secretKey: only one half of the access key pair is set (env ALICLOUD_ACCESS_KEY); set alicloud:secretKey too (pulumi config set --secret alicloud:secretKey ...) or remove the other",
    ]);
  });
});

test("without alicloud:region, the profile's region_id is the region (terraform-provider-alicloud's last fallback)", async () => {
  const file = path.join(tmp, "region-profiles.json");
  fs.writeFileSync(file, JSON.stringify({ profiles: [{ name: "sh", mode: "AK", access_key_id: "LTAIsh", access_key_secret: "sh-secret", region_id: "cn-shanghai" }] }));
  const p = createSymlinkProvider({ env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" }, homeDir: tmp, log: () => undefined });
  await p.configure({ config: new Config({ "alicloud:profile": "sh", "alicloud:sharedCredentialsFile": file }, "proj") });
  const checked = await p.check({}, news("region"));
  expect(checked.failures).toEqual([]);
  expect(checked.inputs.region).toBe("cn-shanghai");
  await p.configure({ config: new Config({ "alicloud:profile": "sh", "alicloud:sharedCredentialsFile": file, "alicloud:region": "cn-beijing" }, "proj") });
  expect((await p.check({}, news("region"))).inputs.region).toBe("cn-beijing");
});

describe("failures only the STS can know: at the first write, naming the setting", () => {
  test("a role ARN that does not exist", async () => {
    const wrong = `acs:ram::${ACCOUNT}:role/no-such-role`;
    const p = await providerWith({ ...callerKeys, "alicloud:assumeRole": { roleArn: wrong }, ...sts(), "pulumi-oss-symlink:endpoint": recorder.endpoint });
    const checked = await p.check({}, news("wrong-role"));
    expect(checked.failures).toEqual([]);
    let message = "";
    try {
      await p.create(checked.inputs);
    } catch (err) {
      message = (err as Error).message;
    } finally {
      await p.shutdown();
    }
    console.log(`wrong role ARN: ${message}`);
    expect(message).toContain(`stack config alicloud:assumeRole (role ${wrong}) over stack config alicloud:accessKey / alicloud:secretKey`);
    expect(message).toContain("EntityNotExist.Role");
    expect(message).toContain("Fix the alicloud:* setting the message names (docs/configuration.md lists them all)");
    expect(message).not.toContain(CALLER_SECRET);
    expect(recorder.seen()).toEqual([]);
  });
});

test("parallel writes share one AssumeRole call", async () => {
  const p = await providerWith({ ...callerKeys, "alicloud:assumeRole": { roleArn: ROLE_ARN, sessionName: "parallel" }, ...sts(), "pulumi-oss-symlink:endpoint": recorder.endpoint });
  const before = fx.sts.calls().length;
  try {
    const checked = await Promise.all(["p1", "p2", "p3", "p4"].map((k) => p.check({}, news(`parallel/${k}`))));
    await Promise.all(checked.map((c) => p.create(c.inputs)));
  } finally {
    await p.shutdown();
  }
  const calls = fx.sts.calls().slice(before);
  expect(calls.map((c) => [c.action, c.roleSessionName, c.code])).toEqual([["AssumeRole", "parallel", "Success"]]);
  expect([...new Set(recorder.seen())]).toEqual([calls[0]?.issuedAccessKeyId]);
});

describe("settings that decide where requests go and how they are signed", () => {
  async function createWith(config: Record<string, string | object>, key: string, extra: Record<string, unknown> = {}) {
    const p = await providerWith(config);
    try {
      const checked = await p.check({}, news(key, extra));
      expect(checked.failures).toEqual([]);
      await p.create(checked.inputs);
      return checked.inputs;
    } finally {
      await p.shutdown();
    }
  }

  test("alicloud:endpoints' oss entry is the endpoint", async () => {
    const inputs = await createWith({ ...serverKeys, "alicloud:endpoints": [{ oss: recorder.endpoint }] }, "via-endpoints");
    expect(inputs.endpoint).toBe(recorder.endpoint);
    expect(recorder.seen()).toEqual([DEFAULT_ACCESS_KEY_ID]);
  });

  test("pulumi-oss-symlink:endpoint beats alicloud:endpoints, and with it set <project>:endpoint is left alone", async () => {
    const inputs = await createWith({ ...serverKeys, "pulumi-oss-symlink:endpoint": recorder.endpoint, "alicloud:endpoints": [{ oss: "http://127.0.0.1:9" }], "proj:endpoint": "http://127.0.0.1:9" }, "own-key");
    expect(inputs.endpoint).toBe(recorder.endpoint);
    expect(recorder.seen()).toEqual([DEFAULT_ACCESS_KEY_ID]);
  });

  test("alicloud:signVersion oss v1 signs V1; without it V4", async () => {
    await createWith({ ...serverKeys, "pulumi-oss-symlink:endpoint": recorder.endpoint, "alicloud:signVersion": { oss: "v1" } }, "v1");
    expect(new Set(recorder.versions())).toEqual(new Set(["v1"]));
    recorder.reset();
    await createWith({ ...serverKeys, "pulumi-oss-symlink:endpoint": recorder.endpoint }, "v4");
    expect(new Set(recorder.versions())).toEqual(new Set(["v4"]));
  });

  test("alicloud:protocol HTTP: an endpoint given without a scheme is used over http", async () => {
    const hostPort = recorder.endpoint.replace("http://", "");
    const inputs = await createWith({ ...serverKeys, "pulumi-oss-symlink:endpoint": hostPort, "alicloud:protocol": "HTTP" }, "http");
    expect(inputs.endpoint).toBe(recorder.endpoint);
    expect(recorder.seen()).toEqual([DEFAULT_ACCESS_KEY_ID]);
  });

  test("an inline OIDC token is on disk only while a credentials call runs", async () => {
    // The directory this provider made, told apart from those other suites running in parallel make in the same temp root.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const made = jest.spyOn(require("node:fs") as typeof fs, "mkdtempSync");
    try {
      const p = await providerWith({ "alicloud:assumeRoleWithOidc": { roleArn: ROLE_ARN, oidcProviderArn: OIDC_PROVIDER_ARN, oidcToken: mintJwt(fx.oidcKey) }, ...sts(), "pulumi-oss-symlink:endpoint": recorder.endpoint });
      const checked = await p.check({}, news("inline-oidc"));
      expect(checked.failures).toEqual([]);
      await p.create(checked.inputs);
      const dirs = made.mock.results.map((r) => String(r.value)).filter((d) => path.basename(d).startsWith("oss-symlink-oidc-"));
      expect(dirs).toHaveLength(1);
      const dir = dirs[0] as string;
      expect(fs.readdirSync(dir)).toEqual([]);
      await p.shutdown();
      expect(fs.existsSync(dir)).toBe(false);
      expect(recorder.seen()).toHaveLength(1);
      expect(recorder.seen()[0]).toMatch(/^STS\./);
    } finally {
      made.mockRestore();
    }
  });
});
