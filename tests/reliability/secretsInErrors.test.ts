/**
 * Secrets in errors. With no credentials anywhere, the MissingCredentials error lists every
 * source it tried. With distinctive fake secrets set through the environment, through credential
 * files and through explicit options, no error from any failing operation (OSS refusals, network
 * failures, timeouts, injected faults, broken credential sources) contains them: not in the
 * message, the stack, any property, nor anywhere along the `cause` chain.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import * as impl from "../../provider/impl";
import { createOssClient } from "../../provider/oss/client";
import type { OssClientApi, OssClientOptions } from "../../provider/oss/clientTypes";
import { startLocalOss, type LocalOss } from "../../server";
import { findSecrets } from "./support/secretScan";

const ENV_ID = "LTAI-envkey-c0ffee";
const ENV_SECRET = "SECRET-c0ffee-ENV-0a1b2c3d4e5f60718293";
const ENV_TOKEN = "STSTOKEN-c0ffee-ENV-ffeeddccbbaa99887766";
const ALI_SECRET = "SECRET-c0ffee-ALIBABA-44556677889900aa";
const ALI_TOKEN = "STSTOKEN-c0ffee-ALIBABA-1234123412341234";
const EXPLICIT_SECRET = "SECRET-c0ffee-EXPLICIT-abcdefabcdef0123";
const EXPLICIT_TOKEN = "STSTOKEN-c0ffee-EXPLICIT-9999888877776666";
const FILE_SECRET = "SECRET-c0ffee-FILE-13579bdf02468ace";
const CLI_SECRET = "SECRET-c0ffee-CLI-fdb97531eca86420";
const SERVER_SECRET = "SECRET-c0ffee-SERVER-0f0f0f0f0f0f0f0f";
const ALL_SECRETS = [ENV_SECRET, ENV_TOKEN, ALI_SECRET, ALI_TOKEN, EXPLICIT_SECRET, EXPLICIT_TOKEN, FILE_SECRET, CLI_SECRET, SERVER_SECRET];

const saved = { ...process.env };
let home: string;
let faultsInjected = 0;

function clearCredentialEnv(): void {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith("OSS_") || name.startsWith("ALIBABA_CLOUD_") || name.startsWith("ALICLOUD_") || name.startsWith("ALIBABACLOUD_")) {
      delete process.env[name];
    }
  }
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED = "true";
}

beforeEach(() => {
  clearCredentialEnv();
  home = fs.mkdtempSync(path.join(os.tmpdir(), "oss-reliability-home-"));
  process.env.HOME = home;
  // Jest's per-file process.env is not what native getenv sees, so os.homedir() is pointed
  // at the empty temp dir directly too.
  jest.spyOn(os, "homedir").mockReturnValue(home);
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(home, { recursive: true, force: true });
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["rel-sec"], accessKeyId: ENV_ID, accessKeySecret: SERVER_SECRET, securityToken: ENV_TOKEN });
});
afterAll(async () => {
  await impl.shutdown();
  await oss.close();
});

async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  const outcome = await p.then(() => undefined, (e: unknown) => e);
  if (outcome === undefined) throw new Error("expected a failure");
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error & { code?: string };
}

describe("the secret scanner itself", () => {
  test("finds a secret in a nested cause, a property and an AggregateError member", () => {
    const inner = new Error(`boom ${FILE_SECRET}`);
    expect(findSecrets(new Error("outer", { cause: inner }), [FILE_SECRET])).not.toEqual([]);
    expect(findSecrets(Object.assign(new Error("x"), { detail: { deep: [ENV_TOKEN] } }), [ENV_TOKEN])).not.toEqual([]);
    expect(findSecrets(new AggregateError([new Error(ALI_SECRET)], "agg"), [ALI_SECRET])).not.toEqual([]);
    expect(findSecrets(new Error("clean", { cause: new Error("also clean") }), ALL_SECRETS)).toEqual([]);
  });
});

describe("MissingCredentials", () => {
  const SOURCES = [
    "OSS_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
    "~/.aliyun/config.json",
    "~/.alibabacloud/credentials",
    "ECS RAM role",
    "ALIBABA_CLOUD_CREDENTIALS_URI",
  ];

  test("the client names every source it tried, and sends nothing", async () => {
    oss.resetStats();
    const client = createOssClient({ region: oss.region, endpoint: oss.endpoint });
    try {
      const error = await rejection(client.putSymlink({ bucket: "rel-sec", key: "k", target: "t" }));
      expect(error.code).toBe("MissingCredentials");
      for (const source of SOURCES) expect(error.message).toContain(source);
      expect(error.message).toMatch(/Fix: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET/);
      expect(oss.stats().total).toBe(0);
    } finally {
      await client.close();
    }
  });

  test("the provider's create fails with the same list and how to set credentials", async () => {
    await impl.configure({ config: { get: (k: string) => ({ "alicloud:region": oss.region, "pulumi-oss-symlink:endpoint": oss.endpoint } as Record<string, string>)[k] } });
    const checked = await impl.check({}, { bucket: "rel-sec", key: "k", target: "t", ownerId: "secowner01" });
    // With every source absent and the ECS RAM role disabled, check already says so at preview.
    expect(checked.failures).toEqual([{ property: "alicloud:accessKey", reason: expect.stringContaining("no OSS credentials anywhere") }]);
    expect(checked.failures?.[0]?.reason).toContain("pulumi config set --secret alicloud:secretKey");
    // create (reached when check cannot judge, e.g. with the ECS RAM role enabled) fails before any request.
    const error = await rejection(impl.create(checked.inputs as Record<string, unknown>));
    expect(error.message).toContain("MissingCredentials");
    for (const source of SOURCES) expect(error.message).toContain(source);
    expect(error.message).toContain("pulumi config set --secret alicloud:secretKey");
  });
});

describe("no secret in any error", () => {
  const collected: Array<{ label: string; error: unknown }> = [];

  function keep(label: string, error: unknown): void {
    collected.push({ label, error });
    expect([label, findSecrets(error, ALL_SECRETS)]).toEqual([label, []]);
  }

  /** A server that accepts connections and never answers. */
  async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => {
      sockets.add(s);
      s.on("error", () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    return {
      port: (server.address() as AddressInfo).port,
      close: () => new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
    };
  }

  /** A server that answers 403 with a body echoing the request's headers (a hostile or buggy proxy). */
  async function echoServer(): Promise<{ endpoint: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
      const echoed = Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`).join("\n");
      res.writeHead(403, { "content-type": "application/xml", "x-oss-request-id": "ECHO0000000000000000000A" });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>headers were:\n${echoed}</Message>` +
        `<SignatureProvided>${String(req.headers.authorization)}</SignatureProvided><StringToSign>${echoed}</StringToSign></Error>`);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    return {
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
    };
  }

  /** Runs the failing operations one client can run against `endpoint`, keeping every error. */
  async function failAll(label: string, options: Partial<OssClientOptions> & { endpoint: string }, ops: Array<(c: OssClientApi) => Promise<unknown>>): Promise<void> {
    const client = createOssClient({ region: oss.region, maxAttempts: 2, retryBaseMs: 1, timeoutMs: 300, ...options });
    try {
      for (const [i, op] of ops.entries()) keep(`${label}#${i}`, await rejection(op(client)));
    } finally {
      await client.close();
    }
  }

  const objectOps: Array<(c: OssClientApi) => Promise<unknown>> = [
    (c) => c.putSymlink({ bucket: "rel-sec", key: "k", target: "t", metadata: { a: "b" } }),
    (c) => c.getSymlink({ bucket: "rel-sec", key: "k" }),
    (c) => c.headObject({ bucket: "rel-sec", key: "k" }),
    (c) => c.deleteObject({ bucket: "rel-sec", key: "k" }),
    (c) => c.getObjectAcl({ bucket: "rel-sec", key: "k" }),
    (c) => c.listObjectsV2({ bucket: "rel-sec", prefix: "k" }),
  ];

  for (const version of ["v4", "v1"] as const) {
    test(`credentials from OSS_* env (${version}): wrong secret, with the STS token the server echoes in StringToSign`, async () => {
      process.env.OSS_ACCESS_KEY_ID = ENV_ID;
      process.env.OSS_ACCESS_KEY_SECRET = ENV_SECRET;
      process.env.OSS_SESSION_TOKEN = ENV_TOKEN;
      await failAll(`env-${version}`, { endpoint: oss.endpoint, signatureVersion: version }, objectOps);
      expect(collected.at(-1)?.error).toMatchObject({ code: "SignatureDoesNotMatch" });
    });

    test(`explicit credentials (${version}): unknown key, NoSuchBucket, NoSuchKey/NotSymlink with the right secret`, async () => {
      // unknown key id
      await failAll(`explicit-unknown-${version}`, {
        endpoint: oss.endpoint, signatureVersion: version,
        credentials: { accessKeyId: "LTAI-nobody", accessKeySecret: EXPLICIT_SECRET, securityToken: EXPLICIT_TOKEN },
      }, objectOps);
      // valid credentials: only "not found" kinds of errors
      const valid = { accessKeyId: ENV_ID, accessKeySecret: SERVER_SECRET, securityToken: ENV_TOKEN };
      await failAll(`valid-${version}`, { endpoint: oss.endpoint, signatureVersion: version, credentials: valid }, [
        (c) => c.getSymlink({ bucket: "rel-sec", key: "missing" }),
        (c) => c.headObject({ bucket: "rel-sec", key: "missing" }),
        (c) => c.putSymlink({ bucket: "no-such-bucket", key: "k", target: "t" }),
        async (c) => {
          await c.putObject({ bucket: "rel-sec", key: `plain-${version}`, body: "x" });
          return c.getSymlink({ bucket: "rel-sec", key: `plain-${version}` });
        },
      ]);
    });
  }

  test("network failures and timeouts: refused connection, silent server, injected 500s and resets", async () => {
    process.env.OSS_ACCESS_KEY_ID = ENV_ID;
    process.env.OSS_ACCESS_KEY_SECRET = ENV_SECRET;
    process.env.OSS_SESSION_TOKEN = ENV_TOKEN;
    // a port that was free a moment ago: connection refused
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await failAll("refused", { endpoint: `http://127.0.0.1:${deadPort}` }, objectOps.slice(0, 2));

    const silent = await silentServer();
    try {
      await failAll("timeout", { endpoint: `http://127.0.0.1:${silent.port}`, timeoutMs: 150 }, objectOps.slice(0, 2));
      expect(collected.at(-1)?.error).toMatchObject({ code: "RequestTimeout" });
    } finally {
      await silent.close();
    }

    const valid = { accessKeyId: ENV_ID, accessKeySecret: SERVER_SECRET, securityToken: ENV_TOKEN };
    oss.resetStats();
    oss.faults.set({ error500Rate: 1 });
    await failAll("fault500", { endpoint: oss.endpoint, credentials: valid }, objectOps);
    oss.faults.set({ error500Rate: 0, resetRate: 1 });
    await failAll("faultReset", { endpoint: oss.endpoint, credentials: valid }, objectOps);
    oss.faults.clear();
    const injected = oss.stats().faultsInjected;
    faultsInjected += injected.error500 + injected.reset;
    expect(injected.error500).toBe(objectOps.length * 2);
    expect(injected.reset).toBe(objectOps.length * 2);
  });

  test("a server that echoes the request headers (Authorization, token) back in its error", async () => {
    const echo = await echoServer();
    try {
      await failAll("echo-v4", { endpoint: echo.endpoint, credentials: { accessKeyId: ENV_ID, accessKeySecret: EXPLICIT_SECRET, securityToken: EXPLICIT_TOKEN } }, objectOps);
      await failAll("echo-v1", { endpoint: echo.endpoint, signatureVersion: "v1", credentials: { accessKeyId: ENV_ID, accessKeySecret: EXPLICIT_SECRET, securityToken: EXPLICIT_TOKEN } }, objectOps);
    } finally {
      await echo.close();
    }
  });

  /**
   * A server that knows the secrets (or a proxy that copies request headers around) and echoes
   * them, plus the signature of the very request it answers, into one field of its error at a
   * time: each field of the XML document, the same document base64 in `x-oss-err` (HEAD), and
   * the `x-oss-request-id` / `x-oss-ec` headers.
   */
  const ECHO_FIELDS = ["Code", "Message", "RequestId", "HostId", "EC", "x-oss-err", "x-oss-request-id", "x-oss-ec"] as const;
  async function fieldEchoServer(field: (typeof ECHO_FIELDS)[number], seenSignatures: string[]): Promise<{ endpoint: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
      const auth = String(req.headers.authorization ?? "");
      // V4: "... Signature=<hex>"; V1: "OSS <id>:<base64>".
      const signature = /Signature=([0-9a-f]+)/.exec(auth)?.[1] ?? /^OSS [^:]+:(.+)$/.exec(auth)?.[1] ?? "";
      if (signature !== "") seenSignatures.push(signature);
      const token = String(req.headers["x-oss-security-token"] ?? "");
      const echo = `tok=${token} sec=${EXPLICIT_SECRET} sig=${signature} auth=${auth} presigned=?OSSAccessKeyId=LTAI-x&Signature=${encodeURIComponent(signature)}&security-token=${encodeURIComponent(token)}`;
      const xmlEcho = echo.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      // x-oss-err carries the echo in every field of its document.
      const value = (name: string, normal: string): string => (field === name || field === "x-oss-err" ? xmlEcho : normal);
      // Without <RequestId>/<EC> in the document, the client falls back to the headers.
      const requestId = field === "x-oss-request-id" ? "" : `<RequestId>${value("RequestId", "REQ0000000000000000000001")}</RequestId>`;
      const ec = field === "x-oss-ec" ? "" : `<EC>${value("EC", "0003-00000001")}</EC>`;
      const doc =
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${value("Code", "AccessDenied")}</Code><Message>${value("Message", "denied")}</Message>` +
        `${requestId}<HostId>${value("HostId", "bkt.example")}</HostId>${ec}</Error>`;
      const headers: Record<string, string> = { "content-type": "application/xml" };
      if (field === "x-oss-request-id") headers["x-oss-request-id"] = echo;
      if (field === "x-oss-ec") headers["x-oss-ec"] = echo;
      if (field === "x-oss-err" || req.method === "HEAD") headers["x-oss-err"] = Buffer.from(doc).toString("base64");
      // With x-oss-err the document travels in the header only, as OSS does for HEAD.
      const body = field === "x-oss-err" || req.method === "HEAD" ? "" : doc;
      res.writeHead(403, { ...headers, "content-length": String(Buffer.byteLength(body)) });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    return {
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
    };
  }

  for (const version of ["v4", "v1"] as const) {
    test.each(ECHO_FIELDS)(`a server that echoes the token, secret and request signature into %s (${version})`, async (field) => {
      const signatures: string[] = [];
      const echo = await fieldEchoServer(field, signatures);
      const client = createOssClient({
        region: oss.region, endpoint: echo.endpoint, signatureVersion: version, maxAttempts: 1,
        credentials: { accessKeyId: ENV_ID, accessKeySecret: EXPLICIT_SECRET, securityToken: EXPLICIT_TOKEN },
      });
      try {
        for (const [i, op] of objectOps.entries()) {
          const error = await rejection(op(client));
          collected.push({ label: `field-${field}-${version}#${i}`, error });
          expect(error).toMatchObject({ status: 403 });
          // The HTTP status still reaches the message even when every field was redacted.
          expect(error.message).toContain("HTTP 403");
          expect([`${field}#${i}`, findSecrets(error, [...ALL_SECRETS, ...signatures, ...signatures.map(encodeURIComponent)])]).toEqual([`${field}#${i}`, []]);
        }
        expect(signatures).toHaveLength(objectOps.length);
      } finally {
        await client.close();
        await echo.close();
      }
    });
  }

  test("a 200 that is no OSS answer, with the token echoed into x-oss-request-id: the InvalidResponse error is clean", async () => {
    let signature = "";
    const server = http.createServer((req, res) => {
      signature = /Signature=([0-9a-f]+)/.exec(String(req.headers.authorization))?.[1] ?? "";
      res.writeHead(200, { "x-oss-request-id": `echo ${String(req.headers["x-oss-security-token"])} ${String(req.headers.authorization)}`, "content-length": "0" });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const client = createOssClient({
      region: oss.region, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxAttempts: 1,
      credentials: { accessKeyId: ENV_ID, accessKeySecret: EXPLICIT_SECRET, securityToken: EXPLICIT_TOKEN },
    });
    try {
      const error = await rejection(client.getSymlink({ bucket: "rel-sec", key: "k" }));
      expect(error.code).toBe("InvalidResponse");
      keep("invalid-200-echo", error);
      expect(signature).toMatch(/^[0-9a-f]{64}$/);
      expect(findSecrets(error, [signature])).toEqual([]);
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  test("broken credential sources: half-set env vars, files with a secret but no id, unparsable files", async () => {
    const client = (): OssClientApi => createOssClient({ region: oss.region, endpoint: oss.endpoint });
    const attempt = async (label: string): Promise<Error & { code?: string }> => {
      const c = client();
      try {
        const e = await rejection(c.getSymlink({ bucket: "rel-sec", key: "k" }));
        keep(label, e);
        return e;
      } finally {
        await c.close();
      }
    };

    process.env.OSS_ACCESS_KEY_SECRET = ENV_SECRET;
    process.env.OSS_SESSION_TOKEN = ENV_TOKEN;
    expect((await attempt("oss-env-secret-only")).code).toBe("MissingCredentials");
    clearCredentialEnv();

    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ALI_SECRET;
    process.env.ALIBABA_CLOUD_SECURITY_TOKEN = ALI_TOKEN;
    expect((await attempt("alibaba-env-secret-only")).code).toBe("MissingCredentials");
    clearCredentialEnv();

    const ini = path.join(home, "credentials.ini");
    fs.writeFileSync(ini, `[default]\ntype = access_key\naccess_key_secret = ${FILE_SECRET}\n`);
    process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = ini;
    expect((await attempt("ini-secret-only")).code).toBe("MissingCredentials");
    fs.writeFileSync(ini, `[default\naccess_key_secret=${FILE_SECRET}\n\u0000garbage ${FILE_SECRET}`);
    expect((await attempt("ini-garbage")).code).toBe("MissingCredentials");
    fs.writeFileSync(ini, `[default]\ntype = no_such_type\naccess_key_id = x\naccess_key_secret = ${FILE_SECRET}\n`);
    expect((await attempt("ini-unknown-type")).code).toBe("MissingCredentials");
    clearCredentialEnv();

    // the aliyun CLI profile source, enabled for this part only (AK modes do no network I/O)
    delete process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED;
    fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
    const cliConfig = path.join(home, ".aliyun", "config.json");
    fs.writeFileSync(cliConfig, JSON.stringify({ current: "main", profiles: [{ name: "main", mode: "AK", access_key_id: "", access_key_secret: CLI_SECRET }] }));
    expect((await attempt("cli-secret-only")).code).toBe("MissingCredentials");
    // JSON.parse errors quote the start of the text: put the secret right there
    fs.writeFileSync(cliConfig, `{"access_key_secret":"${CLI_SECRET}" broken`);
    expect((await attempt("cli-unparsable-secret-first")).code).toBe("MissingCredentials");
    fs.writeFileSync(cliConfig, `${CLI_SECRET}`);
    const bare = await attempt("cli-bare-secret");
    expect(bare.code).toBe("MissingCredentials");
    expect(bare.message).toContain("file content not shown");
    // a hand-edited file with a trailing comma, pretty-printed
    fs.writeFileSync(cliConfig, `{\n  "current": "main",\n  "profiles": [\n    {\n      "name": "main",\n      "mode": "AK",\n      "access_key_id": "LTAI-x",\n      "access_key_secret": "${CLI_SECRET}",\n    }\n  ]\n}\n`);
    expect((await attempt("cli-trailing-comma")).code).toBe("MissingCredentials");
    process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED = "true";

    // the credentials-URI source, answered by a loopback server with a body that is not JSON
    const uri = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`AccessKeyId=LTAI-uri AccessKeySecret ${FILE_SECRET} SecurityToken ${ALI_TOKEN}`);
    });
    await new Promise<void>((r) => uri.listen(0, "127.0.0.1", () => r()));
    try {
      process.env.ALIBABA_CLOUD_CREDENTIALS_URI = `http://127.0.0.1:${(uri.address() as AddressInfo).port}/creds`;
      const e = await attempt("uri-garbage-body");
      expect(e.code).toBe("MissingCredentials");
      expect(e.message).toContain("response body not shown"); // the URI source was asked and its quote dropped
    } finally {
      uri.closeAllConnections();
      await new Promise<void>((r) => uri.close(() => r()));
    }
  });

  test("provider operations with explicit config credentials: every failing call is clean", async () => {
    process.env.OSS_ACCESS_KEY_SECRET = ENV_SECRET; // noise in the environment too
    await impl.configure({
      config: {
        get: (k: string) => ({
          "alicloud:region": oss.region,
          "alicloud:accessKey": ENV_ID,
          "alicloud:secretKey": EXPLICIT_SECRET,
          "alicloud:securityToken": ENV_TOKEN,
          endpoint: oss.endpoint,
        } as Record<string, string>)[k],
      },
    });
    const inputs = (await impl.check({}, { bucket: "rel-sec", key: "p", target: "t", ownerId: "secowner02" })).inputs as Record<string, unknown>;
    keep("provider-create", await rejection(impl.create(inputs)));
    keep("provider-read", await rejection(impl.read("rel-sec/p", { bucket: "rel-sec", key: "p" })));
    keep("provider-delete", await rejection(impl.delete("rel-sec/p", { bucket: "rel-sec", key: "p", ownerToken: "secowner02.0011223344556677" })));
    keep("provider-update", await rejection(impl.update("rel-sec/p", { ...inputs, ownerToken: "secowner02.0011223344556677" }, { ...inputs, metadata: { a: "b" } })));
    await impl.shutdown();
  });

  afterAll(() => {
    // Counted for the report: every case above produced at least one scanned error.
    process.stdout.write(`secretsInErrors: ${collected.length} errors scanned, ${faultsInjected} server faults injected\n`);
  });
});
