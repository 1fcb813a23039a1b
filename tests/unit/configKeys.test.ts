/**
 * The configuration reading of provider/config.ts, pure: every `@pulumi/alicloud` key is
 * classified in docs/configuration.md, each env fallback the code reads is the one the docs list,
 * the identity order between the modes the STS tests cannot all combine, the old endpoint key's
 * refusal, and `alicloud:protocol` on the public endpoint.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_KEYS, ENV_FALLBACKS, legacyEndpointProblem, resolveEndpoint, resolveIdentity, type ProviderConfig } from "../../provider/config";
import { checkSymlink } from "../../provider/lifecycle/check";
import { configuredCredentials } from "../../provider/oss/configuredIdentity";

const REPO = path.resolve(__dirname, "..", "..");
const DOC = fs.readFileSync(path.join(REPO, "docs", "configuration.md"), "utf8");
const HOME_FILE = "/home/u/.aliyun/config.json";

/** The keys `@pulumi/alicloud` defines in config/vars.js (`Object.defineProperty(exports, "<key>", …)`). */
function alicloudKeys(): string[] {
  const vars = fs.readFileSync(require.resolve("@pulumi/alicloud/config/vars.js"), "utf8");
  return [...vars.matchAll(/Object\.defineProperty\(exports, "(\w+)"/g)].map((m) => m[1] as string).filter((k) => k !== "__esModule");
}

/** The first cell of each docs table row, when it is a `alicloud:*` key. */
function documentedKeys(): Set<string> {
  return new Set([...DOC.matchAll(/^\| `alicloud:(\w+)`/gm)].map((m) => m[1] as string));
}

describe("docs/configuration.md", () => {
  test("classifies every key of @pulumi/alicloud's config/vars.js", () => {
    const keys = alicloudKeys();
    expect(keys.length).toBeGreaterThan(25);
    const documented = documentedKeys();
    expect(keys.filter((k) => !documented.has(k))).toEqual([]);
  });

  test("lists, on each key's row, the env fallbacks the code reads, in the code's order", () => {
    for (const [setting, names] of Object.entries(ENV_FALLBACKS)) {
      const key = CONFIG_KEYS[setting as keyof typeof CONFIG_KEYS];
      const row = DOC.split("\n").find((l) => l.startsWith(`| \`${key}\``));
      expect({ key, row: row !== undefined }).toEqual({ key, row: true });
      const positions = (names ?? []).map((n) => (row as string).indexOf(`\`${n}\``));
      expect({ key, positions: positions.map((p) => p >= 0) }).toEqual({ key, positions: positions.map(() => true) });
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });
});

describe("identity order (terraform-provider-alicloud's)", () => {
  const oidc = JSON.stringify({ roleArn: "acs:ram::1:role/r", oidcProviderArn: "acs:ram::1:oidc-provider/p", oidcTokenFile: "/t" });
  const rows: Array<{ name: string; config: ProviderConfig; env?: Record<string, string>; kind: string | undefined; source?: RegExp }> = [
    { name: "credentialsUri beats ecsRoleName", config: { credentialsUri: "http://127.0.0.1:1/c", ecsRoleName: "r" }, kind: "credentialsUri" },
    { name: "ecsRoleName beats assumeRoleWithOidc", config: { ecsRoleName: "r", assumeRoleWithOidc: oidc }, kind: "ecsRole", source: /config alicloud:ecsRoleName/ },
    { name: "ecsRoleName from ALICLOUD_ECS_ROLE_NAME", config: {}, env: { ALICLOUD_ECS_ROLE_NAME: "r" }, kind: "ecsRole", source: /env ALICLOUD_ECS_ROLE_NAME/ },
    { name: "ecsRoleName from ALIBABA_CLOUD_ECS_METADATA", config: {}, env: { ALIBABA_CLOUD_ECS_METADATA: "r" }, kind: "ecsRole", source: /env ALIBABA_CLOUD_ECS_METADATA/ },
    { name: "assumeRoleWithOidc when nothing else", config: { assumeRoleWithOidc: oidc }, kind: "oidc" },
    { name: "env ALIBABA_CLOUD_ROLE_ARN alone is not an alicloud setting", config: {}, env: { ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/r" }, kind: undefined },
    { name: "nothing: the default chain", config: {}, kind: undefined },
  ];
  test.each(rows)("$name", ({ config, env, kind, source }) => {
    const { plan, problems } = resolveIdentity(config, env ?? {}, HOME_FILE);
    expect(problems).toEqual([]);
    expect(plan.base?.kind).toBe(kind);
    if (source !== undefined) expect(plan.base?.source).toMatch(source);
  });

  test("an ECS role plan is handed to the library's ECS RAM role provider with the role name", async () => {
    // Instance metadata (100.100.100.200) cannot be served on loopback, so this one is checked at
    // the library boundary: the builder the plan calls, and with what.
    const calls: string[] = [];
    const lib = {
      ECSRAMRoleCredentialsProvider: {
        builder: () => ({
          withRoleName(name: string) {
            calls.push(`withRoleName(${name})`);
            return { build: () => ({ getProviderName: () => "ecs_ram_role", getCredentials: async () => ({ accessKeyId: `STS.ecs-${name}`, accessKeySecret: "s", securityToken: "t" }) }) };
          },
        }),
      },
    };
    const { plan } = resolveIdentity({ ecsRoleName: "deployer" }, {}, HOME_FILE);
    const credentials = configuredCredentials(plan, { homeDir: "/home/u", readFile: () => "", defaultChain: () => { throw new Error("unused"); } }, () => lib as never);
    expect(await credentials?.getCredentials()).toEqual({ accessKeyId: "STS.ecs-deployer", accessKeySecret: "s", securityToken: "t" });
    expect(credentials?.describe()).toBe('ECS RAM role "deployer" (config alicloud:ecsRoleName)');
    expect(calls).toEqual(["withRoleName(deployer)"]);
  });
});

test("alicloud:sharedCredentialsFile expands a leading ~/ to the home directory", () => {
  const { plan } = resolveIdentity({ profile: "ci", sharedCredentialsFile: "~/ci/config.json" }, {}, HOME_FILE);
  expect(plan.base).toMatchObject({ kind: "profile", profile: "ci", file: "/home/u/ci/config.json" });
});

describe("<project>:endpoint", () => {
  test("is refused while it would decide the endpoint, and left alone once a new key or the input does", () => {
    expect(legacyEndpointProblem({ legacyEndpoint: "http://x" }, undefined)?.property).toBe("endpoint");
    expect(legacyEndpointProblem({ legacyEndpoint: "http://x", endpoint: "http://y" }, undefined)).toBeUndefined();
    expect(legacyEndpointProblem({ legacyEndpoint: "http://x", endpoints: JSON.stringify([{ oss: "http://y" }]) }, undefined)).toBeUndefined();
    expect(legacyEndpointProblem({ legacyEndpoint: "http://x" }, "http://z")).toBeUndefined();
    expect(legacyEndpointProblem({}, undefined)).toBeUndefined();
  });

  test("is never used as the endpoint", () => {
    expect(resolveEndpoint(undefined, { legacyEndpoint: "http://x" }, {})).toBeUndefined();
    expect(resolveEndpoint(undefined, { legacyEndpoint: "http://x", endpoints: JSON.stringify([{ oss: "http://y" }]) }, {})?.value).toBe("http://y");
  });
});

describe("alicloud:protocol", () => {
  const news = { bucket: "b", key: "k", target: "t", ownerId: "0123456789abcdef", region: "cn-shanghai" };
  const ctx = (config: ProviderConfig) => ({ config: { accessKeyId: "id", accessKeySecret: "secret", ...config }, env: {}, homeProfileFile: HOME_FILE });
  test("HTTP makes the public endpoint and a scheme-less endpoint http; HTTPS changes nothing", () => {
    expect(checkSymlink(news, ctx({ protocol: "HTTP" })).inputs.endpoint).toBe("http://oss-cn-shanghai.aliyuncs.com");
    expect(checkSymlink(news, ctx({ protocol: "HTTP", endpoint: "oss-cn-shanghai-internal.aliyuncs.com" })).inputs.endpoint).toBe("http://oss-cn-shanghai-internal.aliyuncs.com");
    expect(checkSymlink(news, ctx({ protocol: "HTTP", endpoint: "https://cdn.example.com" })).inputs.endpoint).toBe("https://cdn.example.com");
    expect(checkSymlink(news, ctx({ protocol: "HTTPS" })).inputs.endpoint).toBeUndefined();
    expect(checkSymlink(news, ctx({})).inputs.endpoint).toBeUndefined();
  });
});
