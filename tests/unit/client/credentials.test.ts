import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CREDENTIAL_SOURCES, possibleCredentialSources, resolveCredentialsProvider } from "../../../provider/oss/credentials";
import { OssError } from "../../../provider/oss/ossError";
import { startLoopbackServer } from "../../support/loopbackServer";

const SECRET = "SECRET-do-not-leak-7f3a9c";

const saved = { ...process.env };
let home: string;

beforeEach(() => {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith("OSS_") || name.startsWith("ALIBABA_CLOUD_") || name.startsWith("ALICLOUD_")) {
      delete process.env[name];
    }
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), "oss-cred-test-"));
  process.env.HOME = home;
  // Jest gives each test file its own process.env object, which native getenv (and so
  // os.homedir()) does not see: point the home directory at the temp dir directly as well.
  jest.spyOn(os, "homedir").mockReturnValue(home);
  // Never reach for 100.100.100.200 from a test.
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(home, { recursive: true, force: true });
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

function writeIni(file: string, section: string, id: string, secret: string): void {
  fs.writeFileSync(file, `[${section}]\ntype = access_key\naccess_key_id = ${id}\naccess_key_secret = ${secret}\n`);
}

function writeCliConfig(id: string, secret: string): void {
  fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
  fs.writeFileSync(
    path.join(home, ".aliyun", "config.json"),
    JSON.stringify({
      current: "main",
      profiles: [{ name: "main", mode: "AK", access_key_id: id, access_key_secret: secret, region_id: "cn-hangzhou" }],
    }),
  );
}

describe("credential precedence", () => {
  test("explicit credentials win over everything", async () => {
    process.env.OSS_ACCESS_KEY_ID = "env-oss";
    process.env.OSS_ACCESS_KEY_SECRET = "env-oss-secret";
    const provider = resolveCredentialsProvider({ accessKeyId: "explicit", accessKeySecret: "explicit-secret" });
    await expect(provider.getCredentials()).resolves.toEqual({ accessKeyId: "explicit", accessKeySecret: "explicit-secret" });
    expect(provider.describe()).toBe("explicit credentials");
  });

  test("an explicit provider is used as is", async () => {
    process.env.OSS_ACCESS_KEY_ID = "env-oss";
    process.env.OSS_ACCESS_KEY_SECRET = "env-oss-secret";
    const provider = resolveCredentialsProvider({
      getCredentials: async () => ({ accessKeyId: "custom", accessKeySecret: "s", securityToken: "t" }),
      describe: () => "stack config",
    });
    await expect(provider.getCredentials()).resolves.toEqual({ accessKeyId: "custom", accessKeySecret: "s", securityToken: "t" });
    expect(provider.describe()).toBe("stack config");
  });

  test("OSS_* env vars come before the Alibaba Cloud chain", async () => {
    process.env.OSS_ACCESS_KEY_ID = "env-oss";
    process.env.OSS_ACCESS_KEY_SECRET = "env-oss-secret";
    process.env.OSS_SESSION_TOKEN = "env-oss-token";
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "env-ali";
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "env-ali-secret";
    const provider = resolveCredentialsProvider();
    await expect(provider.getCredentials()).resolves.toEqual({
      accessKeyId: "env-oss",
      accessKeySecret: "env-oss-secret",
      securityToken: "env-oss-token",
    });
    expect(provider.describe()).toBe("environment OSS_ACCESS_KEY_ID");
  });

  test("ALIBABA_CLOUD_* env vars (through the chain) come before the credentials file", async () => {
    const ini = path.join(home, "credentials.ini");
    writeIni(ini, "default", "ini-id", "ini-secret");
    process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = ini;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "env-ali";
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "env-ali-secret";
    process.env.ALIBABA_CLOUD_SECURITY_TOKEN = "env-ali-token";
    const provider = resolveCredentialsProvider();
    await expect(provider.getCredentials()).resolves.toEqual({
      accessKeyId: "env-ali",
      accessKeySecret: "env-ali-secret",
      securityToken: "env-ali-token",
    });
    expect(provider.describe()).toBe("Alibaba Cloud default chain: environment ALIBABA_CLOUD_ACCESS_KEY_ID");
  });

  test("the credentials file profile is used when nothing comes before it", async () => {
    const ini = path.join(home, "credentials.ini");
    fs.writeFileSync(
      ini,
      "[default]\ntype = access_key\naccess_key_id = ini-default\naccess_key_secret = x\n" +
        "[work]\ntype = access_key\naccess_key_id = ini-work\naccess_key_secret = ini-work-secret\n",
    );
    process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = ini;
    process.env.ALIBABA_CLOUD_PROFILE = "work";
    process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED = "true";
    const provider = resolveCredentialsProvider();
    await expect(provider.getCredentials()).resolves.toEqual({ accessKeyId: "ini-work", accessKeySecret: "ini-work-secret" });
    expect(provider.describe()).toMatch(/^Alibaba Cloud default chain: credentials file/);
  });

  test("the aliyun CLI config in $HOME comes before the credentials file", async () => {
    writeCliConfig("cli-id", "cli-secret");
    const ini = path.join(home, "credentials.ini");
    writeIni(ini, "default", "ini-id", "ini-secret");
    process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = ini;
    const provider = resolveCredentialsProvider();
    await expect(provider.getCredentials()).resolves.toEqual({ accessKeyId: "cli-id", accessKeySecret: "cli-secret" });
    expect(provider.describe()).toMatch(/aliyun CLI profile/);
  });

  test("ALIBABA_CLOUD_CREDENTIALS_URI (last in the chain) serves STS credentials", async () => {
    const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const uri = await startLoopbackServer([
      {
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ Code: "Success", AccessKeyId: "uri-id", AccessKeySecret: "uri-secret", SecurityToken: "uri-token", Expiration: expiration }),
      },
    ]);
    try {
      process.env.ALIBABA_CLOUD_CREDENTIALS_URI = `${uri.origin}/creds`;
      process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED = "true";
      process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = path.join(home, "absent.ini");
      const provider = resolveCredentialsProvider();
      await expect(provider.getCredentials()).resolves.toEqual({ accessKeyId: "uri-id", accessKeySecret: "uri-secret", securityToken: "uri-token" });
      expect(provider.describe()).toBe("Alibaba Cloud default chain: credentials URI ALIBABA_CLOUD_CREDENTIALS_URI");
      // A second call is served by the source that worked (which caches until near expiry).
      await provider.getCredentials();
      expect(uri.requests.map((r) => r.path)).toEqual(["/creds"]);
    } finally {
      await uri.close();
    }
  });

  test("credentials are resolved at call time, not when the provider is created", async () => {
    const provider = resolveCredentialsProvider();
    process.env.OSS_ACCESS_KEY_ID = "late";
    process.env.OSS_ACCESS_KEY_SECRET = "late-secret";
    await expect(provider.getCredentials()).resolves.toEqual({ accessKeyId: "late", accessKeySecret: "late-secret" });
    process.env.OSS_ACCESS_KEY_ID = "rotated";
    await expect(provider.getCredentials()).resolves.toMatchObject({ accessKeyId: "rotated" });
  });
});

describe("missing and incomplete credentials", () => {
  test("nothing configured: one MissingCredentials error listing every source, quickly", async () => {
    const provider = resolveCredentialsProvider();
    const started = Date.now();
    const error = await provider.getCredentials().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(OssError);
    const e = error as OssError;
    expect(e.code).toBe("MissingCredentials");
    for (const source of [
      "explicit credentials",
      "OSS_ACCESS_KEY_ID",
      "OSS_ACCESS_KEY_SECRET",
      "ALIBABA_CLOUD_ACCESS_KEY_ID",
      "ALIBABA_CLOUD_ROLE_ARN",
      "~/.aliyun/config.json",
      "ALIBABA_CLOUD_CREDENTIALS_FILE",
      "ECS RAM role",
      "ALIBABA_CLOUD_CREDENTIALS_URI",
    ]) {
      expect(e.message).toContain(source);
    }
    expect(e.message).toMatch(/Fix: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET/);
  });

  test("after a failure the chain is rebuilt, so a source configured later is found", async () => {
    const provider = resolveCredentialsProvider();
    await expect(provider.getCredentials()).rejects.toMatchObject({ code: "MissingCredentials" });
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "later";
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "later-secret";
    await expect(provider.getCredentials()).resolves.toEqual({ accessKeyId: "later", accessKeySecret: "later-secret" });
  });

  test("OSS_ACCESS_KEY_ID without a secret names the missing variable", async () => {
    process.env.OSS_ACCESS_KEY_ID = "only-id";
    await expect(resolveCredentialsProvider().getCredentials()).rejects.toMatchObject({
      code: "MissingCredentials",
      message: expect.stringContaining("OSS_ACCESS_KEY_SECRET is empty or missing"),
    });
  });

  test("incomplete explicit credentials fail on use, not on construction", async () => {
    const provider = resolveCredentialsProvider({ accessKeyId: "id", accessKeySecret: "" });
    await expect(provider.getCredentials()).rejects.toMatchObject({
      code: "MissingCredentials",
      message: expect.stringContaining("accessKeySecret is empty or missing"),
    });
  });

  test("a failing explicit provider becomes MissingCredentials without its secrets", async () => {
    const provider = resolveCredentialsProvider({
      getCredentials: async () => {
        throw new Error(`refresh failed: {"AccessKeySecret":"${SECRET}"}`);
      },
      describe: () => "custom provider",
    });
    const error = (await provider.getCredentials().catch((e: unknown) => e)) as OssError;
    expect(error.code).toBe("MissingCredentials");
    expect(error.message).toContain("custom provider");
    expect(error.message).not.toContain(SECRET);
    // The raw error is not kept as `cause`: Node prints the cause chain with the error.
    expect(error.cause).toBeUndefined();
  });

  test("a broken aliyun CLI config does not leak its secrets into the message", async () => {
    fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
    // Not JSON: the chain quotes the file content in its error.
    fs.writeFileSync(path.join(home, ".aliyun", "config.json"), `{ "access_key_secret": "${SECRET}", oops`);
    const error = (await resolveCredentialsProvider().getCredentials().catch((e: unknown) => e)) as OssError;
    expect(error.code).toBe("MissingCredentials");
    expect(error.message).toContain("The chain reported");
    expect(error.message).not.toContain(SECRET);
  });

  test("no message or property of a credentials error holds the secret", async () => {
    process.env.OSS_ACCESS_KEY_SECRET = SECRET;
    const error = (await resolveCredentialsProvider().getCredentials().catch((e: unknown) => e)) as OssError;
    expect(error.code).toBe("MissingCredentials");
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(SECRET);
  });
});

describe("one table of sources", () => {
  test("the environment is passed in: OSS_* variables from the given env, not process.env", async () => {
    process.env.OSS_ACCESS_KEY_ID = "process-id";
    process.env.OSS_ACCESS_KEY_SECRET = "process-secret";
    const env: Record<string, string> = { OSS_ACCESS_KEY_ID: "given-id", OSS_ACCESS_KEY_SECRET: "given-secret" };
    const provider = resolveCredentialsProvider(undefined, env);
    await expect(provider.getCredentials()).resolves.toEqual({ accessKeyId: "given-id", accessKeySecret: "given-secret" });
    env.OSS_ACCESS_KEY_ID = "rotated-id";
    await expect(provider.getCredentials()).resolves.toMatchObject({ accessKeyId: "rotated-id" });
  });

  test("the missing-credentials message lists the table's sources, in the table's order", async () => {
    const error = (await resolveCredentialsProvider().getCredentials().catch((e: unknown) => e)) as OssError;
    let from = 0;
    for (const source of CREDENTIAL_SOURCES) {
      const at = error.message.indexOf(source.setup, from);
      expect(at).toBeGreaterThan(from - 1);
      from = at + source.setup.length;
    }
  });

  test("possibleCredentialSources judges each source from the given env, home and files alone", () => {
    const files = new Set<string>();
    const exists = (file: string): boolean => files.has(file);
    const off = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
    expect(possibleCredentialSources(off, "/h", exists)).toEqual([]);
    expect(possibleCredentialSources({}, "/h", exists)).toEqual(["ECS RAM role (instance metadata)"]);
    expect(possibleCredentialSources({ ...off, OSS_ACCESS_KEY_SECRET: "s" }, "/h", exists)).toEqual(["environment OSS_ACCESS_KEY_ID"]);
    files.add("/h/.aliyun/config.json");
    files.add("/h/.alibabacloud/credentials");
    expect(possibleCredentialSources(off, "/h", exists)).toEqual([
      "aliyun CLI profile ~/.aliyun/config.json",
      "credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials)",
    ]);
    expect(possibleCredentialSources({ ...off, ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "TRUE" }, "/h", exists)).toEqual([
      "credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials)",
    ]);
    const all = { ALIBABA_CLOUD_ACCESS_KEY_ID: "a", ALIBABA_CLOUD_ROLE_ARN: "r", ALIBABA_CLOUD_CREDENTIALS_URI: "http://127.0.0.1:1/" };
    expect(possibleCredentialSources(all, "/nowhere", () => false)).toEqual([
      "environment ALIBABA_CLOUD_ACCESS_KEY_ID",
      "OIDC role ALIBABA_CLOUD_ROLE_ARN",
      "ECS RAM role (instance metadata)",
      "credentials URI ALIBABA_CLOUD_CREDENTIALS_URI",
    ]);
  });
});
