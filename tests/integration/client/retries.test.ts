import { Pool } from "undici";
import { createOssClient } from "../../../provider/oss/client";
import { OssError } from "../../../provider/oss/ossError";
import { loopbackClients } from "../../support/loopbackClients";
import { errorXml, startLoopbackServer, type CannedResponse } from "../../support/loopbackServer";

const CREDS = { accessKeyId: "AKID-test", accessKeySecret: "SECRET-test-9f8e7d" };

const { setup, track } = loopbackClients(CREDS);

const ok: CannedResponse = { status: 200, headers: { etag: '"ABC"', "x-oss-request-id": "OK-1" } };

function isoBasicToMs(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) throw new Error(`bad x-oss-date ${value}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

describe("retries", () => {
  test("503 then 200 succeeds on the second attempt", async () => {
    const { server, client } = await setup([{ status: 503, body: errorXml("ServiceUnavailable", "busy") }, ok]);
    await expect(client.putSymlink({ bucket: "bkt", key: "link", target: "t" })).resolves.toMatchObject({ etag: "ABC" });
    expect(server.requests).toHaveLength(2);
    // Each attempt is signed afresh.
    expect(server.requests[1]!.headers.authorization).toBeDefined();
  });

  test("500 and 408 are retried too", async () => {
    const { server, client } = await setup([{ status: 500, body: errorXml("InternalError", "x") }, { status: 408 }, ok]);
    await client.putSymlink({ bucket: "bkt", key: "link", target: "t" });
    expect(server.requests).toHaveLength(3);
  });

  test("429 with Retry-After waits that long, whatever the backoff says", async () => {
    const times: number[] = [];
    const { server, client } = await setup((_req, i) => {
      times.push(Date.now());
      return i === 0 ? { status: 429, headers: { "retry-after": "1" }, body: errorXml("QpsLimitExceeded", "slow down") } : ok;
    });
    await client.headObject({ bucket: "bkt", key: "k" });
    expect(server.requests).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(900);
  });

  test("a connection reset is retried on a new connection", async () => {
    const { server, client } = await setup([{ reset: true }, ok]);
    await expect(client.putSymlink({ bucket: "bkt", key: "link", target: "t" })).resolves.toMatchObject({ etag: "ABC" });
    expect(server.requests).toHaveLength(2);
    expect(server.connections()).toBe(2);
  });

  test.each([
    [400, "InvalidArgument"],
    [403, "AccessDenied"],
    [404, "NoSuchKey"],
    [409, "FileAlreadyExists"],
  ])("HTTP %i %s is never retried", async (status, code) => {
    const { server, client } = await setup([{ status, body: errorXml(code, "no") }, ok]);
    const error = await client.putSymlink({ bucket: "bkt", key: "link", target: "t" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OssError);
    expect(error).toMatchObject({ code, status });
    expect(server.requests).toHaveLength(1);
  });

  test("RequestTimeTooSkewed: the clock offset is corrected from Date and the retry is re-signed", async () => {
    const skewMs = 20 * 60 * 1000;
    const { server, client } = await setup(
      (req) => {
        const sent = isoBasicToMs(String(req.headers["x-oss-date"]));
        if (Math.abs(sent - Date.now()) > 15 * 60 * 1000) {
          return {
            status: 403,
            headers: { date: new Date().toUTCString() },
            body: errorXml("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.",
              "  <MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>\n"),
          };
        }
        return ok;
      },
      { now: () => Date.now() - skewMs },
    );
    await client.putSymlink({ bucket: "bkt", key: "link", target: "t" });
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests;
    const firstDate = isoBasicToMs(String(first!.headers["x-oss-date"]));
    const secondDate = isoBasicToMs(String(second!.headers["x-oss-date"]));
    expect(Date.now() - firstDate).toBeGreaterThan(19 * 60 * 1000);
    expect(Math.abs(Date.now() - secondDate)).toBeLessThan(60 * 1000);
    expect(second!.headers.authorization).not.toBe(first!.headers.authorization);
    // The correction sticks: the next call is right the first time.
    await client.deleteObject({ bucket: "bkt", key: "link" });
    expect(server.requests).toHaveLength(3);
  });

  test("RequestTimeTooSkewed without a usable Date header is not retried", async () => {
    const { server, client } = await setup([{ status: 403, body: errorXml("RequestTimeTooSkewed", "skewed"), headers: { date: "not a date" } }, ok]);
    await expect(client.getObject({ bucket: "bkt", key: "k" })).rejects.toMatchObject({ code: "RequestTimeTooSkewed" });
    expect(server.requests).toHaveLength(1);
  });

  test("exhaustion gives the last error", async () => {
    const { server, client } = await setup((_req, i) => ({
      status: 503,
      headers: { "x-oss-request-id": `REQ-${i + 1}` },
      body: errorXml("ServiceUnavailable", `busy ${i + 1}`).replace(/<RequestId>[^<]*<\/RequestId>/, `<RequestId>REQ-${i + 1}</RequestId>`),
    }));
    const error = (await client.getObject({ bucket: "bkt", key: "k" }).catch((e: unknown) => e)) as OssError;
    expect(error).toBeInstanceOf(OssError);
    expect(error).toMatchObject({ code: "ServiceUnavailable", status: 503, requestId: "REQ-3" });
    expect(error.message).toContain("busy 3");
    expect(server.requests).toHaveLength(3);
  });

  test("maxAttempts is honoured", async () => {
    const { server, client } = await setup([{ status: 503 }], { maxAttempts: 5 });
    await expect(client.headObject({ bucket: "bkt", key: "k" })).rejects.toMatchObject({ code: "ServiceUnavailable" });
    expect(server.requests).toHaveLength(5);
  });

  test("resets on every attempt end in NetworkError naming the attempt count", async () => {
    const { server, client } = await setup([{ reset: true }]);
    const error = (await client.putSymlink({ bucket: "bkt", key: "link", target: "t" }).catch((e: unknown) => e)) as OssError;
    expect(error).toBeInstanceOf(OssError);
    expect(error.code).toBe("NetworkError");
    expect(error.message).toMatch(/PUT \/bkt\/link\?symlink .* could not complete .*attempt 3 of 3/);
    expect(error.cause).toBeDefined();
    expect(server.requests).toHaveLength(3);
  });

  test("a slow server gives RequestTimeout per attempt", async () => {
    // Every answer of this server is a 200 after 4 s, so an attempt that waited for it would
    // succeed: a RequestTimeout after exactly two requests means both attempts gave up first.
    // (No wall-clock bound: undici checks timeouts on a coarse tick, and CI machines are loaded.)
    // The attempt deadline is set far out so that the idle timeout is what ends each attempt.
    const { server, client } = await setup([{ ...ok, delayMs: 4000 }], { timeoutMs: 200, deadlineMs: 60_000, maxAttempts: 2 });
    const error = (await client.headObject({ bucket: "bkt", key: "k" }).catch((e: unknown) => e)) as OssError;
    expect(error.code).toBe("RequestTimeout");
    expect(error.message).toMatch(/timed out after 200 ms/);
    expect(server.requests).toHaveLength(2);
  });

  test("credentials are fetched for every attempt", async () => {
    let calls = 0;
    const { server, client } = await setup([{ status: 503 }, { status: 503 }, ok], {
      credentials: { getCredentials: async () => (calls++, CREDS), describe: () => "counting provider" },
    });
    await client.headObject({ bucket: "bkt", key: "k" });
    expect(server.requests).toHaveLength(3);
    expect(calls).toBe(3);
  });

  test("missing credentials fail before anything is sent", async () => {
    const { server, client } = await setup([ok], {
      credentials: { accessKeyId: "", accessKeySecret: "" },
    });
    await expect(client.headObject({ bucket: "bkt", key: "k" })).rejects.toMatchObject({ code: "MissingCredentials" });
    expect(server.requests).toHaveLength(0);
  });

  test("no secret in errors, even on SignatureDoesNotMatch", async () => {
    const token = "STS-TOKEN-LEAK-CHECK-5521";
    const { client } = await setup(
      (req) => ({
        status: 403,
        body: errorXml("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.",
          `  <SignatureProvided>${String(req.headers.authorization)}</SignatureProvided>\n  <StringToSign>PUT\nx-oss-security-token:${token}\n/bkt/link?symlink</StringToSign>\n`),
      }),
      { credentials: { ...CREDS, securityToken: token } },
    );
    const error = (await client.putSymlink({ bucket: "bkt", key: "link", target: "t" }).catch((e: unknown) => e)) as OssError;
    expect(error.code).toBe("SignatureDoesNotMatch");
    const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    for (const secret of [CREDS.accessKeySecret, token, "OSS4-HMAC-SHA256 Credential", "Signature="]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe("every response body is consumed", () => {
  test("a one-connection pool survives many error and success responses, serial and parallel", async () => {
    // Just under the client's 64 KiB error-body cap: read whole, so the connection stays usable.
    const bigXml = errorXml("NoSuchKey", "missing " + "x".repeat(60_000));
    const server = track(await startLoopbackServer((req): CannedResponse => {
      if (req.path.endsWith("/missing")) return { status: 404, body: bigXml };
      if (req.path.endsWith("/head-missing")) {
        return { status: 404, headers: { "x-oss-err": Buffer.from(errorXml("NoSuchKey", "gone")).toString("base64") } };
      }
      // A success whose body the client does not want (it dumps it). Larger than undici's 64 KiB
      // high-water mark, so an unread body would hold the only connection.
      return { status: 200, headers: { etag: '"E"' }, body: "y".repeat(100_000) };
    }));
    const pool = new Pool(server.origin, { connections: 1 });
    try {
      const c = track(createOssClient({ region: "cn-hangzhou", endpoint: server.origin, credentials: CREDS, dispatcher: pool, random: () => 0, timeoutMs: 5000 }));
      for (let i = 0; i < 15; i++) {
        await expect(c.getObject({ bucket: "bkt", key: "missing" })).rejects.toMatchObject({ code: "NoSuchKey" });
        await expect(c.headObject({ bucket: "bkt", key: "head-missing" })).rejects.toMatchObject({ code: "NoSuchKey" });
        await expect(c.putSymlink({ bucket: "bkt", key: "ok", target: "t" })).resolves.toMatchObject({ etag: "E" });
      }
      const parallel = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          i % 2 === 0 ? c.getObject({ bucket: "bkt", key: "missing" }) : c.putSymlink({ bucket: "bkt", key: "ok", target: "t" }),
        ),
      );
      expect(parallel.filter((r) => r.status === "fulfilled")).toHaveLength(15);
      expect(server.connections()).toBe(1);
      expect(server.requests).toHaveLength(45 + 30);
    } finally {
      await pool.close();
    }
  });
});
