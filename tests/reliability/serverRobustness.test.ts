/**
 * Local server robustness on raw sockets and raw HTTP: malformed request lines and framing,
 * oversized headers and bodies, invalid percent-encoding (bytes that are not UTF-8), dot
 * segments under a data directory, and 200 concurrent writes to one key, in memory and on disk
 * across a restart.
 *
 * Already covered in tests/integration/server/addressingAndRobustness.test.ts and not repeated:
 * one garbage request line, a 64 KB header, `%zz`/`%E9`/trailing `%` in path and query, `..`
 * keys stored literally (in memory), 64 concurrent PutSymlink, 32 concurrent forbid-overwrite
 * creates, a client that disconnects mid-body. errorShapes.test.ts covers `%zz` and `/abs` in
 * x-oss-symlink-target; persistence.test.ts covers a restart and SIGKILL with distinct keys.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalOss, type LocalOss } from "../../server";
import { send, sendSigned, xmlField, type RawResponse } from "../integration/server/rawClient";

const tmpDirs: string[] = [];
function tmpDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Writes `data` on a fresh socket and returns everything the server sent until it closed (or 2 s). */
function rawExchange(port: number, data: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    let out = "";
    const s = net.connect(port, "127.0.0.1", () => s.write(data));
    const timer = setTimeout(() => {
      s.destroy();
      resolve(out);
    }, 2000);
    s.on("data", (d: Buffer) => (out += d.toString("latin1")));
    s.on("close", () => {
      clearTimeout(timer);
      resolve(out);
    });
    s.on("error", () => undefined);
  });
}

async function stillServes(oss: LocalOss, bucket: string): Promise<void> {
  const res = await sendSigned(oss, { method: "GET", bucket, key: "alive", query: { symlink: null } });
  expect(res.status).toBe(200);
  expect(res.headers["x-oss-symlink-target"]).toBe("alive-target");
}

describe("malformed and oversized requests", () => {
  let oss: LocalOss;
  beforeAll(async () => {
    oss = await startLocalOss({ buckets: ["rob"], bucketAcls: { robopen: "public-read-write" }, maxObjectBytes: 1024 });
    await sendSigned(oss, { method: "PUT", bucket: "rob", key: "alive", query: { symlink: null }, headers: { "x-oss-symlink-target": "alive-target" } });
  });
  afterAll(async () => {
    await oss.close();
  });

  // Each is refused by the HTTP parser: 400 (431 for size), the connection closed, and the
  // request never reaches the OSS pipeline (no operation is counted).
  const parserRejects: Array<[string, number, string]> = [
    ["method only", 400, "GET\r\n\r\n"],
    ["unknown HTTP version", 400, "GET /rob/alive HTTP/9.9\r\nHost: x\r\n\r\n"],
    ["space inside the request target", 400, "GET /rob/a b HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["NUL inside the request target", 400, "GET /rob/a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["lower-case method", 400, "get /rob/alive HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["unknown method", 400, "FROB /rob/alive HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["bare LF line endings", 400, "GET /rob/alive HTTP/1.1\nHost: x\n\n"],
    ["header line without a colon", 400, "GET /rob/alive HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n"],
    ["invalid character in a header name", 400, "GET /rob/alive HTTP/1.1\r\nHost: x\r\nba(d: v\r\n\r\n"],
    ["control character in a header value", 400, "GET /rob/alive HTTP/1.1\r\nHost: x\r\nx-oss-meta-a: a\u0001b\r\n\r\n"],
    ["two different Content-Lengths", 400, "PUT /rob/k HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"],
    ["Content-Length and chunked together (smuggling shape)", 400, "PUT /rob/k HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"],
    ["negative Content-Length", 400, "PUT /rob/k HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"],
    ["Content-Length beyond 2^64", 400, "PUT /rob/k HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n"],
    ["HTTP/1.1 without Host", 400, "GET /rob/alive HTTP/1.1\r\n\r\n"],
    ["100 KB header value", 431, `GET /rob/alive HTTP/1.1\r\nHost: x\r\nx-oss-meta-big: ${"y".repeat(100 * 1024)}\r\n\r\n`],
    ["100 KB x-oss-symlink-target", 431, `PUT /rob/big?symlink HTTP/1.1\r\nHost: x\r\nx-oss-symlink-target: ${"t".repeat(100 * 1024)}\r\n\r\n`],
    ["100 KB request target", 431, `GET /rob/${"a".repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ["3000 small headers", 431, `GET /rob/alive HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 3000 }, (_, i) => `x-h${i}: v\r\n`).join("")}\r\n`],
  ];

  test.each(parserRejects)("%s → %i, connection closed, nothing reaches the pipeline", async (_label, status, data) => {
    oss.resetStats();
    const answer = await rawExchange(oss.port, data);
    expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(oss.stats().total).toBe(0);
    await stillServes(oss, "rob");
  });

  test("a broken chunk after valid headers: 400, connection closed, nothing stored", async () => {
    // The headers are fine, so the request enters the pipeline; the body never completes.
    const answer = await rawExchange(oss.port, "PUT /rob/chunky HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect((await sendSigned(oss, { method: "HEAD", bucket: "rob", key: "chunky" })).status).toBe(404);
    await stillServes(oss, "rob");
  });

  test("request targets that parse but are not OSS paths get an OSS error document", async () => {
    const star = await rawExchange(oss.port, "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(star).toMatch(/^HTTP\/1\.1 400 /);
    expect(xmlField(star, "Code")).toBe("InvalidURI");
    // absolute-form: only path and query count; the authority never selects a bucket (robopen
    // is public, so an anonymous caller is told NoSuchKey rather than AccessDenied)
    const absolute = await rawExchange(oss.port, "GET http://evil.example/robopen/missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(absolute).toMatch(/^HTTP\/1\.1 404 /);
    expect(xmlField(absolute, "Code")).toBe("NoSuchKey");
    await stillServes(oss, "rob");
  });

  test("bodies over maxObjectBytes: declared or streamed, refused with EntityTooLarge and nothing stored", async () => {
    const declared = await sendSigned(oss, { method: "PUT", bucket: "rob", key: "huge", body: Buffer.alloc(4096, 1) });
    expect([declared.status, xmlField(declared.text, "Code")]).toEqual([400, "EntityTooLarge"]);
    // chunked, no Content-Length: the limit is enforced while reading. The bucket is writable
    // anonymously so that the request gets past authentication to the body.
    const chunked = await rawExchange(
      oss.port,
      `PUT /robopen/huge-chunked HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
        `${(700).toString(16)}\r\n${"z".repeat(700)}\r\n${(700).toString(16)}\r\n${"z".repeat(700)}\r\n0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 400 /);
    expect(xmlField(chunked, "Code")).toBe("EntityTooLarge");
    expect((await sendSigned(oss, { method: "HEAD", bucket: "rob", key: "huge" })).status).toBe(404);
    expect((await sendSigned(oss, { method: "HEAD", bucket: "robopen", key: "huge-chunked" })).status).toBe(404);
    // exactly at the limit is fine
    const edge = await send(oss, { method: "PUT", path: "/robopen/edge", body: Buffer.alloc(1024, 2), headers: { host: "127.0.0.1" } });
    expect(edge.status).toBe(200);
    await stillServes(oss, "rob");
  });
});

describe("percent-encoding that does not decode to UTF-8", () => {
  let oss: LocalOss;
  beforeAll(async () => {
    oss = await startLocalOss({ buckets: ["enc"], bucketAcls: { encopen: "public-read-write" } });
    await sendSigned(oss, { method: "PUT", bucket: "enc", key: "alive", query: { symlink: null }, headers: { "x-oss-symlink-target": "alive-target" } });
  });
  afterAll(async () => {
    await oss.close();
  });

  const BAD: Array<[string, string]> = [
    ["lone %", "a%"],
    ["one hex digit", "a%4"],
    ["non-hex digits", "a%G1"],
    ["invalid UTF-8 continuation", "a%C3%28"],
    ["truncated 3-byte sequence", "a%E4%B8"],
    ["overlong encoding of '/'", "a%C0%AF"],
    ["encoded UTF-16 surrogate", "a%ED%A0%80"],
    ["code point above U+10FFFF", "a%F4%90%80%80"],
    ["0xFF byte", "a%FF"],
    ["lone continuation byte", "%80"],
  ];

  test.each(BAD)("path with %s → 400 InvalidObjectName, nothing stored", async (_label, encoded) => {
    // public-read-write bucket: the request needs no signature, so the path is sent exactly as given
    const put = await send(oss, { method: "PUT", path: `/encopen/${encoded}`, body: "x", headers: { host: "127.0.0.1" } });
    expect([put.status, xmlField(put.text, "Code")]).toEqual([400, "InvalidObjectName"]);
    const list = await send(oss, { path: "/encopen/?list-type=2", headers: { host: "127.0.0.1" } });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain("<Key>");
  });

  test.each(BAD)("x-oss-symlink-target with %s → 400 InvalidArgument, nothing stored", async (_label, encoded) => {
    const res = await sendSigned(oss, { method: "PUT", bucket: "enc", key: `bad-target/${encoded}`, query: { symlink: null }, headers: { "x-oss-symlink-target": encoded } });
    expect([res.status, xmlField(res.text, "Code"), xmlField(res.text, "ArgumentName")]).toEqual([400, "InvalidArgument", "x-oss-symlink-target"]);
    expect((await sendSigned(oss, { method: "GET", bucket: "enc", key: `bad-target/${encoded}`, query: { symlink: null } })).status).toBe(404);
  });

  test("valid oddities: lower-case escapes, %00, %2F and '+' decode as bytes, never as form encoding", async () => {
    const cases: Array<[string, string]> = [
      ["%e4%b8%ad", "中"],
      ["nul%00byte", "nul\u0000byte"],
      ["a%2Fb", "a/b"],
      ["plus+stays", "plus+stays"],
      ["%2B%20", "+ "],
    ];
    for (const [encoded, decoded] of cases) {
      const put = await sendSigned(oss, { method: "PUT", bucket: "enc", key: `odd/${decoded}`, query: { symlink: null }, headers: { "x-oss-symlink-target": encoded } });
      expect([encoded, put.status]).toEqual([encoded, 200]);
      const got = await sendSigned(oss, { method: "GET", bucket: "enc", key: `odd/${decoded}`, query: { symlink: null } });
      expect([encoded, decodeURIComponent(String(got.headers["x-oss-symlink-target"]))]).toEqual([encoded, decoded]);
    }
    // a path in lower-case escapes names the same key as the upper-case one
    await send(oss, { method: "PUT", path: "/encopen/%e4%b8%ad", body: "lower", headers: { host: "127.0.0.1" } });
    expect((await send(oss, { path: "/encopen/%E4%B8%AD", headers: { host: "127.0.0.1" } })).text).toBe("lower");
    expect((await send(oss, { path: "/encopen/中".replace("中", encodeURIComponent("中")), headers: { host: "127.0.0.1" } })).text).toBe("lower");
  });
});

/** Every file under `root`, relative, with size and mtime, except under `skip`. */
function snapshot(root: string, skip: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (full === skip) continue;
      const st = fs.lstatSync(full);
      out.push(`${path.relative(root, full)} ${e.isDirectory() ? "dir" : st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(full);
    }
  };
  walk(root);
  return out.sort();
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]);
}

describe("dot segments with a data directory", () => {
  test("`..` and `.` keys, literal or %2E-encoded, are stored as keys and never touch the filesystem outside dataDir", async () => {
    const parent = tmpDir("oss-rel-parent-");
    const dataDir = path.join(parent, "data");
    const sibling = path.join(parent, "sibling");
    fs.mkdirSync(sibling);
    fs.writeFileSync(path.join(sibling, "sentinel.txt"), "untouched");
    fs.writeFileSync(path.join(parent, "objects"), "a file named like the store's folder, one level up");
    const before = snapshot(parent, dataDir);

    // encoded form on the wire → the key the server must see
    const wireKeys: Array<[string, string]> = [
      ["..", ".."],
      [".", "."],
      ["../..", "../.."],
      ["../sibling/sentinel.txt", "../sibling/sentinel.txt"],
      ["%2E%2E/%2E%2E/sibling/sentinel.txt", "../../sibling/sentinel.txt"],
      ["%2e%2e%2fobjects", "../objects"],
      ["./.././", "./.././"],
      ["a/b/../../../../../../../../../../etc/passwd", "a/b/../../../../../../../../../../etc/passwd"],
      ["..%5C..%5Cwindows", "..\\..\\windows"],
      ["data/..", "data/.."],
    ];
    let oss = await startLocalOss({ dataDir, bucketAcls: { dots: "public-read-write" } });
    try {
      for (const [wireKey, key] of wireKeys) {
        const put = await send(oss, { method: "PUT", path: `/dots/${wireKey}`, body: `body of ${key}`, headers: { host: "127.0.0.1" } });
        expect([wireKey, put.status]).toEqual([wireKey, 200]);
        const got = await send(oss, { path: `/dots/${wireKey}`, headers: { host: "127.0.0.1" } });
        expect([wireKey, got.text]).toEqual([wireKey, `body of ${key}`]);
      }
      const list = await send(oss, { path: "/dots/?list-type=2&encoding-type=url", headers: { host: "127.0.0.1" } });
      const listed = [...list.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => decodeURIComponent(m[1] as string)).sort();
      expect(listed).toEqual(wireKeys.map(([, k]) => k).sort());
    } finally {
      await oss.close();
    }
    expect(snapshot(parent, dataDir)).toEqual(before);
    expect(fs.readFileSync(path.join(sibling, "sentinel.txt"), "utf8")).toBe("untouched");
    for (const f of filesUnder(dataDir)) expect(f).toMatch(/^(buckets\.json|objects\/[0-9a-f]{64}\.json|blobs\/[0-9a-f]{32})$/);

    oss = await startLocalOss({ dataDir });
    try {
      for (const [wireKey, key] of wireKeys) {
        expect([wireKey, (await send(oss, { path: `/dots/${wireKey}`, headers: { host: "127.0.0.1" } })).text]).toEqual([wireKey, `body of ${key}`]);
      }
    } finally {
      await oss.close();
    }
    expect(snapshot(parent, dataDir)).toEqual(before);
  });
});

/** One write of the storm: a link to `t<i>` or an object with body `b<i>`. */
function write(oss: LocalOss, bucket: string, key: string, i: number): Promise<RawResponse> {
  return i % 2 === 0
    ? sendSigned(oss, { method: "PUT", bucket, key, query: { symlink: null }, headers: { "x-oss-symlink-target": `t${i}` } })
    : sendSigned(oss, { method: "PUT", bucket, key, body: `b${i}` });
}

/** What is at the key now: `link:t<i>` or `object:b<i>`. */
async function stateOf(oss: LocalOss, bucket: string, key: string): Promise<string> {
  const link = await sendSigned(oss, { method: "GET", bucket, key, query: { symlink: null } });
  if (link.status === 200) return `link:${String(link.headers["x-oss-symlink-target"])}`;
  expect(xmlField(link.text, "Code")).toBe("NotSymlink");
  const obj = await sendSigned(oss, { method: "GET", bucket, key });
  expect(obj.status).toBe(200);
  return `object:${obj.text}`;
}

const N = 200;
const written = Array.from({ length: N }, (_, i) => (i % 2 === 0 ? `link:t${i}` : `object:b${i}`));

describe(`${N} concurrent writes to one key`, () => {
  test("in memory: every answer is 200 or a 4xx, the final state is one of the writes, the server still serves", async () => {
    const oss = await startLocalOss({ buckets: ["storm"] });
    try {
      await sendSigned(oss, { method: "PUT", bucket: "storm", key: "alive", query: { symlink: null }, headers: { "x-oss-symlink-target": "alive-target" } });
      const results = await Promise.all(Array.from({ length: N }, (_, i) => write(oss, "storm", "hot", i)));
      for (const r of results) expect(r.status === 200 || (r.status >= 400 && r.status < 500)).toBe(true);
      expect(results.filter((r) => r.status === 200).length).toBe(N);
      expect(written).toContain(await stateOf(oss, "storm", "hot"));
      await stillServes(oss, "storm");
      expect(oss.stats().byOperation).toMatchObject({ PutSymlink: N / 2 + 1, PutObject: N / 2 });
    } finally {
      await oss.close();
    }
  });

  test("with dataDir, unversioned and versioned: after a restart the store equals the last acknowledged state", async () => {
    const dataDir = tmpDir("oss-rel-storm-");
    let oss = await startLocalOss({ dataDir, buckets: ["storm"], versionedBuckets: ["stormv"] });
    let finalPlain: string;
    let versions: Array<{ id: string; state: string }>;
    let finalVersioned: string;
    try {
      const [plain, versioned] = await Promise.all([
        Promise.all(Array.from({ length: N }, (_, i) => write(oss, "storm", "hot", i))),
        Promise.all(Array.from({ length: N / 2 }, (_, i) => write(oss, "stormv", "hot", i))),
      ]);
      expect(plain.every((r) => r.status === 200)).toBe(true);
      expect(versioned.every((r) => r.status === 200)).toBe(true);
      finalPlain = await stateOf(oss, "storm", "hot");
      finalVersioned = await stateOf(oss, "stormv", "hot");
      expect(written).toContain(finalPlain);
      versions = versioned.map((r, i) => ({ id: String(r.headers["x-oss-version-id"]), state: written[i] as string }));
      expect(new Set(versions.map((v) => v.id)).size).toBe(N / 2);
    } finally {
      await oss.close();
    }
    expect(filesUnder(path.join(dataDir, "objects")).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    oss = await startLocalOss({ dataDir });
    try {
      expect(await stateOf(oss, "storm", "hot")).toBe(finalPlain);
      expect(await stateOf(oss, "stormv", "hot")).toBe(finalVersioned);
      // every acknowledged version is there, with what that write stored
      for (const v of versions) {
        const link = await sendSigned(oss, { method: "GET", bucket: "stormv", key: "hot", query: { symlink: null, versionId: v.id } });
        if (v.state.startsWith("link:")) expect([v.id, `link:${String(link.headers["x-oss-symlink-target"])}`]).toEqual([v.id, v.state]);
        else {
          const obj = await sendSigned(oss, { method: "GET", bucket: "stormv", key: "hot", query: { versionId: v.id } });
          expect([v.id, `object:${obj.text}`]).toEqual([v.id, v.state]);
        }
      }
    } finally {
      await oss.close();
    }
  });
});
