/**
 * examples/with-alicloud's stack file sets one setting that matters, `alicloud:profile`. With the
 * same file and the same ~/.aliyun/config.json, both providers must use the same identity:
 *
 * - pulumi-oss-symlink: the AccessKeyId the embedded OSS server sees when the provider writes a
 *   link with that config (plus, for the local server only, `pulumi-oss-symlink:endpoint`);
 * - @pulumi/alicloud: its SDK's own config reading (`config/vars.js`, run here for real on the
 *   same config) gives what it hands its plugin, and the plugin's documented resolution
 *   (terraform-provider-alicloud `getConfigFromProfile`: with no access key set, the named profile
 *   of `sharedCredentialsFile`, default `~/.aliyun/config.json`) gives the key. The plugin itself
 *   cannot run here (the Go module proxy refuses pulumi-alicloud), so that step is the documented
 *   behaviour (docs/configuration.md).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import { createSymlinkProvider } from "../../../provider/impl";
import { startLocalOss } from "../../../server";
import { startKeyRecorder } from "./keyRecorder";

const STACK_FILE = path.resolve(__dirname, "..", "..", "..", "examples", "with-alicloud", "Pulumi.dev.yaml");

/** The flat `config:` map of a stack file (the example's has only scalar values). */
function stackConfig(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  let inConfig = false;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (/^config:\s*$/.test(line)) inConfig = true;
    else if (/^\S/.test(line)) inConfig = false;
    const m = inConfig ? /^ {2}([\w-]+:[\w-]+):\s*(.+?)\s*$/.exec(line) : null;
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/** What @pulumi/alicloud's SDK reads from this config (its config/vars.js getters, env fallbacks included). */
function alicloudSdkSettings(config: Record<string, string>): { profile?: string; region?: string; accessKey?: string; sharedCredentialsFile?: string } {
  const saved = process.env.PULUMI_CONFIG;
  process.env.PULUMI_CONFIG = JSON.stringify(config);
  try {
    let vars: Record<string, string | undefined> = {};
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      vars = require("@pulumi/alicloud/config/vars") as Record<string, string | undefined>;
    });
    return Object.fromEntries(["profile", "region", "accessKey", "sharedCredentialsFile"].map((k) => [k, vars[k]]).filter(([, v]) => v !== undefined));
  } finally {
    if (saved === undefined) delete process.env.PULUMI_CONFIG;
    else process.env.PULUMI_CONFIG = saved;
  }
}

test("the example's stack file makes both providers use the same identity", async () => {
  const config = stackConfig(STACK_FILE);
  expect(config["alicloud:profile"]).toBe("deployer");
  expect(Object.keys(config).filter((k) => /accessKey|secretKey|securityToken/.test(k))).toEqual([]);

  // The machine: a CLI config whose *current* profile is another identity, so only honouring the
  // named profile gives the right key.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "with-alicloud-home-"));
  fs.mkdirSync(path.join(home, ".aliyun"));
  fs.writeFileSync(
    path.join(home, ".aliyun", "config.json"),
    JSON.stringify({
      current: "default",
      profiles: [
        { name: "default", mode: "AK", access_key_id: "LTAIpersonalDefault", access_key_secret: "personal-secret" },
        { name: "deployer", mode: "AK", access_key_id: "LTAIdeployerProfile", access_key_secret: "deployer-secret", region_id: "cn-hangzhou" },
      ],
    }),
  );

  // @pulumi/alicloud: the SDK's settings, then the plugin's documented profile resolution.
  const sdk = alicloudSdkSettings(config);
  expect(sdk).toEqual({ profile: "deployer", region: "cn-hangzhou" });
  const file = sdk.sharedCredentialsFile ?? path.join(home, ".aliyun", "config.json");
  const profiles = (JSON.parse(fs.readFileSync(file, "utf8")) as { profiles: Array<{ name: string; mode: string; access_key_id: string; access_key_secret: string }> }).profiles;
  const chosen = profiles.find((p) => p.name === sdk.profile);
  expect(chosen?.mode).toBe("AK");
  const alicloudKeyId = chosen?.access_key_id;

  // pulumi-oss-symlink, on the same config and home, against the embedded server.
  const oss = await startLocalOss({ buckets: ["releases"], accessKeyId: "LTAIdeployerProfile", accessKeySecret: "deployer-secret" });
  const recorder = await startKeyRecorder(oss.endpoint);
  const provider = createSymlinkProvider({ env: { HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" }, homeDir: home, log: () => undefined });
  try {
    await provider.configure({ config: new Config({ ...config, "pulumi-oss-symlink:endpoint": recorder.endpoint }, "oss-symlink-with-alicloud") });
    const checked = await provider.check({}, { bucket: "releases", key: "app/latest.js", target: "releases/v1/app.js", ownerId: "0123456789abcdef" });
    expect(checked.failures).toEqual([]);
    await provider.create(checked.inputs);
    const seen = [...new Set(recorder.seen())];
    console.log(`with-alicloud: pulumi-oss-symlink sent ${seen.join(", ")}; @pulumi/alicloud's documented resolution gives ${alicloudKeyId ?? "nothing"}`);
    expect(seen).toEqual([alicloudKeyId]);
  } finally {
    await provider.shutdown();
    await recorder.close();
    await oss.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
