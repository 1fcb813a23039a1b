/**
 * Server errors surfaced through the provider (provider/impl.ts called directly, as the dynamic
 * provider host would): each OSS failure ends the operation with an error that names the OSS
 * code, says what to do, and carries no secret anywhere (message, stack, properties, causes).
 * RequestTimeTooSkewed is the exception: the client corrects its clock and the create succeeds.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as impl from "../../provider/impl";
import { createOssClient } from "../../provider/oss/client";
import { startLocalOss, type LocalOss } from "../../server";
import { causeChain, findSecrets } from "./support/secretScan";

const KEY_ID = "LTAI-reliability-c0ffee";
const SECRET = "SECRET-c0ffee-5f1e2d3c4b5a69788796a5b4";
const TOKEN = "STSTOKEN-c0ffee-9a8b7c6d5e4f30211203f4e5";
const WRONG_SECRET = "SECRET-c0ffee-WRONG-0011223344556677";
const UNKNOWN_KEY_SECRET = "SECRET-c0ffee-UNKNOWNKEY-8899aabbccdd";
const ALL_SECRETS = [SECRET, TOKEN, WRONG_SECRET, UNKNOWN_KEY_SECRET];
const OWNER_ID = "reliabilityowner0001";

let oss: LocalOss;
/** Every error the provider threw in this file, scanned for secrets at the end as well. */
const thrown: unknown[] = [];

beforeAll(async () => {
  oss = await startLocalOss({
    buckets: ["rel-prov"],
    lockedBuckets: ["rel-worm"],
    accessKeyId: KEY_ID,
    accessKeySecret: SECRET,
    securityToken: TOKEN,
  });
});
afterAll(async () => {
  await impl.shutdown();
  await oss.close();
});

function config(values: Record<string, string | undefined>): { get(key: string): string | undefined } {
  return { get: (key: string) => values[key] };
}

/** configure() with the local server's endpoint and the given credentials. */
async function configureWith(creds: { accessKey?: string; secretKey?: string; securityToken?: string }, endpoint = oss.endpoint): Promise<void> {
  await impl.configure({
    config: config({
      "alicloud:region": oss.region,
      "alicloud:accessKey": creds.accessKey,
      "alicloud:secretKey": creds.secretKey,
      "alicloud:securityToken": creds.securityToken,
      "pulumi-oss-symlink:endpoint": endpoint,
    }),
  });
}

/** check() then create(), as the engine does; check must pass. */
async function createLink(bucket: string, key: string, target: string, extra: Record<string, unknown> = {}): Promise<Awaited<ReturnType<typeof impl.create>>> {
  const checked = await impl.check({}, { bucket, key, target, ownerId: OWNER_ID, ...extra });
  expect(checked.failures).toEqual([]);
  return impl.create(checked.inputs as Record<string, unknown>);
}

async function failure(p: Promise<unknown>): Promise<Error & { code?: string }> {
  const outcome = await p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  thrown.push(outcome.error);
  expect(outcome.error).toBeInstanceOf(Error);
  return outcome.error as Error & { code?: string };
}

function expectClean(error: unknown): void {
  expect(findSecrets(error, ALL_SECRETS)).toEqual([]);
}

/** The OSS code the client saw, somewhere on the cause chain. */
function ossCodes(error: unknown): string[] {
  return causeChain(error).map((e) => (e as { code?: unknown }).code).filter((c): c is string => typeof c === "string");
}

/** Owner-side client to arrange state (a foreign object, a link in the WORM bucket). */
async function withOwnerClient<T>(fn: (c: ReturnType<typeof createOssClient>) => Promise<T>): Promise<T> {
  const c = createOssClient({
    region: oss.region,
    endpoint: oss.endpoint,
    credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN },
  });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

describe("OSS errors reach the user as actionable, secret-free errors", () => {
  test("control: with the right credentials create succeeds", async () => {
    await configureWith({ accessKey: KEY_ID, secretKey: SECRET, securityToken: TOKEN });
    const out = await createLink("rel-prov", "ok/link", "ok/target");
    expect(out.id).toBe("rel-prov/ok/link");
  });

  test("SignatureDoesNotMatch (wrong secret, STS token that the server echoes in StringToSign)", async () => {
    await configureWith({ accessKey: KEY_ID, secretKey: WRONG_SECRET, securityToken: TOKEN });
    const error = await failure(createLink("rel-prov", "sig/link", "t"));
    expect(error.message).toContain("SignatureDoesNotMatch");
    expect(error.message).toMatch(/secret/i); // tells the user to check the access key secret
    expect(error.message).toContain("alicloud:secretKey"); // and where to set it
    expect(error.message).toContain("stack config"); // names the credential source, not its value
    expect(ossCodes(error)).toContain("SignatureDoesNotMatch");
    expectClean(error);
  });

  test("InvalidAccessKeyId (unknown key id)", async () => {
    await configureWith({ accessKey: "LTAI-unknown-c0ffee", secretKey: UNKNOWN_KEY_SECRET });
    const error = await failure(createLink("rel-prov", "ak/link", "t"));
    expect(error.message).toContain("InvalidAccessKeyId");
    expect(error.message).toMatch(/AccessKey ID is unknown|check which credentials/);
    expect(error.message).toContain("pulumi config set");
    expectClean(error);
  });

  test("InvalidSecurityToken (STS token the server does not know)", async () => {
    const badToken = "STSTOKEN-c0ffee-STALE-77665544";
    await configureWith({ accessKey: KEY_ID, secretKey: SECRET, securityToken: badToken });
    const error = await failure(createLink("rel-prov", "sts/link", "t"));
    expect(error.message).toContain("InvalidSecurityToken");
    expect(error.message).toMatch(/fresh STS credentials/);
    expect(findSecrets(error, [...ALL_SECRETS, badToken])).toEqual([]);
  });

  test("AccessDenied: a proxy that drops the Authorization header makes the server see an anonymous write to a private bucket", async () => {
    // The local server only denies unsigned requests (it has no RAM policies), so the denial
    // is produced for real by its ACL check: the proxy forwards everything but the signature.
    const proxy = http.createServer((req, res) => {
      const headers = { ...req.headers };
      delete headers.authorization;
      const upstream = http.request(
        { host: "127.0.0.1", port: oss.port, method: req.method, path: req.url, headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
    try {
      const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      await configureWith({ accessKey: KEY_ID, secretKey: SECRET, securityToken: TOKEN }, endpoint);
      const error = await failure(createLink("rel-prov", "denied/link", "t"));
      expect(error.message).toContain("AccessDenied");
      expect(error.message).toMatch(/oss:PutObject/); // the permission to grant
      expect(ossCodes(error)).toContain("AccessDenied");
      expectClean(error);

      // refresh goes through the same wrapping
      const refresh = await failure(impl.read("rel-prov/ok/link", { bucket: "rel-prov", key: "ok/link" }));
      expect(refresh.message).toContain("AccessDenied");
      expectClean(refresh);
    } finally {
      await impl.shutdown();
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });

  test("NoSuchBucket", async () => {
    await configureWith({ accessKey: KEY_ID, secretKey: SECRET, securityToken: TOKEN });
    const error = await failure(createLink("rel-missing-bucket", "nb/link", "t"));
    expect(error.message).toContain("NoSuchBucket");
    expect(error.message).toMatch(/create the bucket first/);
    expect(error.message).toContain("rel-missing-bucket");
    expectClean(error);
  });

  test("FileAlreadyExists: forbidOverwrite over a foreign normal object leaves it untouched", async () => {
    await configureWith({ accessKey: KEY_ID, secretKey: SECRET, securityToken: TOKEN });
    await withOwnerClient((c) => c.putObject({ bucket: "rel-prov", key: "taken/object", body: "foreign bytes" }));
    const error = await failure(createLink("rel-prov", "taken/object", "t", { forbidOverwrite: true }));
    expect(error.message).toContain("FileAlreadyExists");
    expect(error.message).toMatch(/pick another `key`|delete that object/);
    expectClean(error);
    const body = await withOwnerClient((c) => c.getObject({ bucket: "rel-prov", key: "taken/object" }));
    expect(body.body.toString()).toBe("foreign bytes");
  });

  test("FileAlreadyExists: forbidOverwrite over a foreign symlink", async () => {
    await configureWith({ accessKey: KEY_ID, secretKey: SECRET, securityToken: TOKEN });
    await withOwnerClient((c) => c.putSymlink({ bucket: "rel-prov", key: "taken/link", target: "someone/else" }));
    const error = await failure(createLink("rel-prov", "taken/link", "t", { forbidOverwrite: true }));
    expect(error.message).toContain("FileAlreadyExists");
    expect(error.message).toMatch(/adopt: true/);
    expectClean(error);
  });

  test("FileImmutable: overwriting a link in a WORM bucket", async () => {
    await configureWith({ accessKey: KEY_ID, secretKey: SECRET, securityToken: TOKEN });
    await withOwnerClient((c) => c.putSymlink({ bucket: "rel-worm", key: "locked/link", target: "first" }));
    const error = await failure(createLink("rel-worm", "locked/link", "second"));
    expect(error.message).toContain("FileImmutable");
    expect(error.message).toMatch(/retention|WORM/);
    expectClean(error);
  });

  test("RequestTimeTooSkewed with the server clock 20 minutes ahead is corrected automatically", async () => {
    await configureWith({ accessKey: KEY_ID, secretKey: SECRET, securityToken: TOKEN });
    oss.faults.set({ clockOffsetMs: 20 * 60 * 1000 });
    oss.resetStats();
    try {
      const out = await createLink("rel-prov", "skew/link", "skew/target");
      expect(out.id).toBe("rel-prov/skew/link");
      // one refused attempt, one accepted: the correction happened, not a lucky first try
      expect(oss.stats().byOperation.PutSymlink).toBe(2);
      const link = await withOwnerClient((c) => c.getSymlink({ bucket: "rel-prov", key: "skew/link" }));
      expect(link.target).toBe("skew/target");
    } finally {
      oss.faults.set({ clockOffsetMs: 0 });
    }
  });

  test("server clock 20 minutes behind: also corrected", async () => {
    await impl.shutdown(); // a fresh client, without the previous test's learned offset
    await configureWith({ accessKey: KEY_ID, secretKey: SECRET, securityToken: TOKEN });
    oss.faults.set({ clockOffsetMs: -20 * 60 * 1000 });
    try {
      await createLink("rel-prov", "skew/behind", "skew/target");
    } finally {
      oss.faults.set({ clockOffsetMs: 0 });
    }
  });

  test("an endpoint that trickles its answers: configure() and shutdown() still return, ending the stuck refresh", async () => {
    // Headers at once, then a byte every 50 ms: neither the idle timeout nor (within this test)
    // the 60 s attempt deadline ends it; only close()'s forced end after its grace period does.
    let requests = 0;
    const timers = new Set<NodeJS.Timeout>();
    const trickle = http.createServer((req, res) => {
      requests++;
      req.resume();
      // GetSymlink reads only headers, so it succeeds; GetObjectACL and ListObjectsV2 wait for a body.
      res.writeHead(200, { "content-type": "application/xml", "x-oss-symlink-target": "t", etag: '"E"' });
      res.flushHeaders();
      const timer = setInterval(() => res.write(" "), 50);
      timers.add(timer);
      res.on("close", () => clearInterval(timer));
    });
    await new Promise<void>((r) => trickle.listen(0, "127.0.0.1", () => r()));
    const settles = <T,>(p: Promise<T>): Promise<string> => {
      let timer: NodeJS.Timeout | undefined;
      const guard = new Promise<string>((r) => (timer = setTimeout(() => r("still pending"), 30_000)));
      return Promise.race([p.then(() => "resolved", () => "rejected"), guard]).finally(() => clearTimeout(timer));
    };
    try {
      const endpoint = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}`;
      await configureWith({ accessKey: KEY_ID, secretKey: SECRET, securityToken: TOKEN }, endpoint);
      const first = impl.read("rel-prov/t/link", { bucket: "rel-prov", key: "t/link", region: oss.region, endpoint });
      const firstOutcome = first.catch((e: unknown) => e);
      while (requests < 3) await new Promise((r) => setTimeout(r, 10));
      // A configuration change closes the cached clients.
      expect(await settles(configureWith({ accessKey: KEY_ID, secretKey: SECRET }, endpoint))).toBe("resolved");
      const error = await firstOutcome;
      thrown.push(error);
      expect((error as Error).message).toMatch(/refresh oss:\/\/rel-prov\/t\/link failed: NetworkError.*client was closed/);
      expectClean(error);

      const second = impl.read("rel-prov/t/link", { bucket: "rel-prov", key: "t/link", region: oss.region, endpoint }).catch((e: unknown) => e);
      while (requests < 6) await new Promise((r) => setTimeout(r, 10));
      expect(await settles(impl.shutdown())).toBe("resolved");
      expect(await second).toBeInstanceOf(Error);
    } finally {
      for (const t of timers) clearInterval(t);
      trickle.closeAllConnections();
      await new Promise<void>((r) => trickle.close(() => r()));
    }
  });

  test("every error thrown above is free of secrets (whole-value scan)", () => {
    expect(thrown.length).toBeGreaterThanOrEqual(8);
    for (const e of thrown) expectClean(e);
  });
});
