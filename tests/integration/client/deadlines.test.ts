/**
 * A bad endpoint must never hang `pulumi up`: every attempt has a total deadline (headers and
 * body), error bodies and XML answers are read only up to a cap, and `close()` ends in-flight
 * requests after a grace period. The servers here are raw node:http servers on 127.0.0.1:0
 * that trickle bytes or stream huge bodies; deadlines are configured small so the tests only
 * assert what settles and with which code, never how fast.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Readable } from "node:stream";
import { createOssClient, type OssClient } from "../../../provider/oss/client";
import type { OssClientOptions } from "../../../provider/oss/clientTypes";
import { OssError } from "../../../provider/oss/ossError";

const CREDS = { accessKeyId: "AKID-test", accessKeySecret: "SECRET-test-deadline-1a2b" };

interface RawServer {
  origin: string;
  /** Body bytes the server has handed to its sockets so far, over all requests. */
  bytesProduced(): number;
  requests(): number;
  close(): Promise<void>;
}

/** A raw server; `respond` writes the whole answer itself. */
async function rawServer(respond: (req: http.IncomingMessage, res: http.ServerResponse, count: (n: number) => void) => void): Promise<RawServer> {
  let produced = 0;
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on("end", () => respond(req, res, (n) => (produced += n)));
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bytesProduced: () => produced,
    requests: () => requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const intervals = new Set<NodeJS.Timeout>();
/** Sends `status` and headers, then one byte of `body` every `everyMs`, never ending on its own. */
function trickle(status: number, headers: Record<string, string>, body: string, everyMs: number) {
  return (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(status, headers);
    res.flushHeaders();
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed) {
        clearInterval(timer);
        return;
      }
      res.write(body[i % body.length] ?? " ");
      i++;
    }, everyMs);
    intervals.add(timer);
    res.on("close", () => clearInterval(timer));
  };
}

/** Streams `size` bytes of `fill` with backpressure, counting what it produced. */
function huge(status: number, headers: Record<string, string>, size: number, declareLength: boolean, prefix = "") {
  return (_req: http.IncomingMessage, res: http.ServerResponse, count: (n: number) => void): void => {
    res.writeHead(status, { ...headers, ...(declareLength ? { "content-length": String(size) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent >= size) {
          this.push(null);
          return;
        }
        let piece: Buffer = chunk.subarray(0, Math.min(chunk.length, size - sent));
        if (sent === 0 && prefix !== "") piece = Buffer.concat([Buffer.from(prefix), piece]).subarray(0, piece.length);
        sent += piece.length;
        count(piece.length);
        this.push(piece);
      },
    });
    source.pipe(res);
    res.on("close", () => source.destroy());
  };
}

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const t of intervals) clearInterval(t);
  intervals.clear();
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function serve(respond: Parameters<typeof rawServer>[0]): Promise<RawServer> {
  const s = await rawServer(respond);
  open.push(s);
  return s;
}

function clientFor(server: RawServer, options: Partial<OssClientOptions> = {}): OssClient {
  const client = createOssClient({ region: "cn-hangzhou", endpoint: server.origin, credentials: CREDS, random: () => 0, ...options });
  open.push(client);
  return client;
}

/**
 * How `p` settled, or "still pending" after `boundMs`. The bound is a liveness guard, many times
 * the configured deadline, so a run on today's code fails with a message instead of hanging.
 */
async function settled(p: Promise<unknown>, boundMs = 15_000): Promise<{ state: "resolved"; value: unknown } | { state: "rejected"; error: unknown } | { state: "still pending" }> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<{ state: "still pending" }>((r) => {
    timer = setTimeout(() => r({ state: "still pending" }), boundMs);
  });
  try {
    return await Promise.race([
      p.then((value) => ({ state: "resolved" as const, value }), (error: unknown) => ({ state: "rejected" as const, error })),
      guard,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function ossFailure(p: Promise<unknown>): Promise<OssError> {
  const outcome = await settled(p);
  expect(outcome.state).toBe("rejected");
  const error = (outcome as { error: unknown }).error;
  expect(error).toBeInstanceOf(OssError);
  return error as OssError;
}

const LIST_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Name>bkt</Name>`;
const ERROR_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>`;

describe("a total deadline per attempt", () => {
  test("a 200 ListObjectsV2 whose body trickles one byte at a time settles with RequestTimeout", async () => {
    // A byte every 50 ms never trips the 1 s idle timeout; only a total deadline ends it.
    const server = await serve(trickle(200, { "content-type": "application/xml" }, LIST_HEAD, 50));
    const client = clientFor(server, { timeoutMs: 1_000, deadlineMs: 400, maxAttempts: 2 });
    const error = await ossFailure(client.listObjectsV2({ bucket: "bkt", prefix: "k", maxKeys: 1 }));
    expect(error.code).toBe("RequestTimeout");
    expect(error.message).toContain("deadlineMs");
    expect(server.requests()).toBe(2);
  });

  test("a 500 PutSymlink whose error body trickles settles with RequestTimeout", async () => {
    const server = await serve(trickle(500, { "content-type": "application/xml" }, ERROR_HEAD, 50));
    const client = clientFor(server, { timeoutMs: 1_000, deadlineMs: 400, maxAttempts: 2 });
    const error = await ossFailure(client.putSymlink({ bucket: "bkt", key: "link", target: "t" }));
    expect(error.code).toBe("RequestTimeout");
    expect(server.requests()).toBe(2);
  });

  test("headers that never come settle with RequestTimeout within the deadline, not the idle timeout", async () => {
    const server = await serve(() => undefined); // accepts the request, never answers
    const client = clientFor(server, { timeoutMs: 60_000, deadlineMs: 300, maxAttempts: 1 });
    const error = await ossFailure(client.headObject({ bucket: "bkt", key: "k" }));
    expect(error.code).toBe("RequestTimeout");
  });

  test("deadlineMs is validated", () => {
    expect(() => createOssClient({ region: "cn-hangzhou", credentials: CREDS, deadlineMs: 0 })).toThrow(/deadlineMs/);
    expect(() => createOssClient({ region: "cn-hangzhou", credentials: CREDS, closeGraceMs: -1 })).toThrow(/closeGraceMs/);
  });
});

describe("body caps", () => {
  const HUGE = 100 * 1024 * 1024;

  test.each([
    ["declared with Content-Length", true],
    ["chunked", false],
  ])("a 500 with a 100 MiB error body (%s) is read only up to the cap on each of 3 attempts", async (_label, declared) => {
    const server = await serve(huge(500, { "content-type": "application/xml" }, HUGE, declared, ERROR_HEAD));
    const client = clientFor(server, { maxAttempts: 3 });
    const error = await ossFailure(client.putSymlink({ bucket: "bkt", key: "link", target: "t" }));
    // The status survives; the body is not a document we read.
    expect(error.status).toBe(500);
    expect(error.code).toBe("InternalError");
    expect(server.requests()).toBe(3);
    // Socket buffers hold a few MiB; reading the bodies whole would produce 300 MiB.
    expect(server.bytesProduced()).toBeLessThan(HUGE);
    expect(error.message).toMatch(/error response body is larger than \d+ KiB/);
  });

  test("a 200 ListObjectsV2 with a 100 MiB body is refused as InvalidResponse, not read whole", async () => {
    const server = await serve(huge(200, { "content-type": "application/xml" }, HUGE, false, LIST_HEAD));
    const client = clientFor(server, { maxAttempts: 3 });
    const error = await ossFailure(client.listObjectsV2({ bucket: "bkt" }));
    expect(error.code).toBe("InvalidResponse");
    expect(error.message).toMatch(/larger than \d+ MiB/);
    expect(server.requests()).toBe(1);
    expect(server.bytesProduced()).toBeLessThan(HUGE);
  });
});

describe("close()", () => {
  test("ends after the grace period even with a request stuck on a trickling body", async () => {
    const server = await serve(trickle(200, { "content-type": "application/xml" }, LIST_HEAD, 50));
    // No deadline short enough to help: only close's forced end can settle this.
    const client = createOssClient({ region: "cn-hangzhou", endpoint: server.origin, credentials: CREDS, timeoutMs: 60_000, deadlineMs: 600_000, closeGraceMs: 200 });
    const inFlight = client.listObjectsV2({ bucket: "bkt" });
    const stuck = settled(inFlight);
    // Let the request reach the server and start receiving the body.
    while (server.requests() === 0) await new Promise((r) => setTimeout(r, 10));
    const closing = await settled(client.close());
    expect(closing.state).toBe("resolved");
    const outcome = await stuck;
    expect(outcome.state).toBe("rejected");
    expect((outcome as { error: unknown }).error).toBeInstanceOf(OssError);
    expect((outcome as { error: OssError }).error.message).toMatch(/client was closed/);
    // A closed client refuses new work at once.
    const after = await settled(client.headObject({ bucket: "bkt", key: "k" }));
    expect(after.state).toBe("rejected");
  });

  test("waits for a request that finishes within the grace period", async () => {
    const server = await serve((_req, res) => {
      const t = setTimeout(() => {
        res.writeHead(200, { etag: '"E"', "content-length": "0" });
        res.end();
      }, 100);
      intervals.add(t);
    });
    const client = createOssClient({ region: "cn-hangzhou", endpoint: server.origin, credentials: CREDS, closeGraceMs: 10_000 });
    const put = client.putSymlink({ bucket: "bkt", key: "link", target: "t" });
    while (server.requests() === 0) await new Promise((r) => setTimeout(r, 10));
    await client.close();
    await expect(put).resolves.toMatchObject({ etag: "E" });
  });
});
