/** Virtual-hosted vs path-style addressing, and requests that must not hurt the server. */
import * as net from "node:net";
import { startLocalOss, type LocalOss } from "../../../server";
import { send, sendSigned, xmlField } from "./rawClient";

let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["addr"] });
  await sendSigned(oss, { method: "PUT", bucket: "addr", key: "dir/file", body: "content", headers: { "x-oss-object-acl": "public-read" } });
});
afterAll(async () => {
  await oss.close();
});

describe("addressing", () => {
  test.each([
    ["virtual-hosted, any suffix", "addr.oss-cn-hangzhou.aliyuncs.com", "/dir/file"],
    ["virtual-hosted on localhost", `addr.localhost:1234`, "/dir/file"],
    ["path style on the IP", "127.0.0.1", "/addr/dir/file"],
    ["path style on localhost", "localhost:9", "/addr/dir/file"],
    ["path style on a regional endpoint", "oss-cn-hangzhou.aliyuncs.com", "/addr/dir/file"],
  ])("%s", async (_l, host, path) => {
    const res = await send(oss, { path, headers: { host } });
    expect([res.status, res.text]).toEqual([200, "content"]);
  });

  test("unknown bucket in either style is NoSuchBucket", async () => {
    expect(xmlField((await send(oss, { path: "/x", headers: { host: "ghost.example.com" } })).text, "Code")).toBe("NoSuchBucket");
    expect(xmlField((await send(oss, { path: "/ghost/x", headers: { host: "127.0.0.1" } })).text, "Code")).toBe("NoSuchBucket");
  });

  test("signed path-style and virtual-hosted requests both verify (V1 and V4)", async () => {
    for (const version of ["v1", "v4"] as const) {
      for (const pathStyle of [true, false]) {
        const res = await sendSigned(oss, { method: "GET", bucket: "addr", key: "dir/file", version, pathStyle });
        expect([version, pathStyle, res.status]).toEqual([version, pathStyle, 200]);
      }
    }
  });
});

describe("robustness", () => {
  test("bad percent-encoding in path and query", async () => {
    expect(xmlField((await send(oss, { path: "/addr/bad%zzkey" })).text, "Code")).toBe("InvalidObjectName");
    expect(xmlField((await send(oss, { path: "/addr/key?x=%E9" })).text, "Code")).toBe("InvalidURI");
    expect((await send(oss, { path: "/addr/key%" })).status).toBe(400);
  });

  test("`..` and `.` segments are ordinary key characters, stored literally", async () => {
    for (const key of ["a/../b", "./x", "../../etc/passwd", "dir/./file"]) {
      const put = await sendSigned(oss, { method: "PUT", bucket: "addr", key, query: { symlink: null }, headers: { "x-oss-symlink-target": `target-of-${key}` } });
      expect(put.status).toBe(200);
      const got = await sendSigned(oss, { method: "GET", bucket: "addr", key, query: { symlink: null } });
      expect(decodeURIComponent(String(got.headers["x-oss-symlink-target"]))).toBe(`target-of-${key}`);
    }
    // `dir/./file` did not overwrite `dir/file`
    expect((await send(oss, { path: "/addr/dir/file" })).text).toBe("content");
  });

  test("oversized headers are refused with 431 and the server keeps serving", async () => {
    const res = await new Promise<string>((resolve, reject) => {
      const s = net.connect(oss.port, "127.0.0.1", () => {
        s.write(`GET /addr/dir/file HTTP/1.1\r\nHost: 127.0.0.1\r\nx-oss-meta-big: ${"x".repeat(64 * 1024)}\r\n\r\n`);
      });
      let data = "";
      s.on("data", (d) => (data += d.toString()));
      s.on("close", () => resolve(data));
      s.on("error", (e) => (data ? resolve(data) : reject(e)));
    });
    expect(res).toMatch(/^HTTP\/1\.1 431/);
    expect((await send(oss, { path: "/addr/dir/file" })).status).toBe(200);
  });

  test("garbage on the wire gets 400 and does not crash the server", async () => {
    const res = await new Promise<string>((resolve) => {
      const s = net.connect(oss.port, "127.0.0.1", () => s.write("NOT HTTP AT ALL\r\n\r\n"));
      let data = "";
      s.on("data", (d) => (data += d.toString()));
      s.on("close", () => resolve(data));
      s.on("error", () => resolve(data));
    });
    expect(res).toMatch(/^HTTP\/1\.1 400/);
    expect((await send(oss, { path: "/addr/dir/file" })).status).toBe(200);
  });

  test("64 concurrent writes to one key: every answer is 200 and the final link is one of them", async () => {
    const targets = Array.from({ length: 64 }, (_, i) => `t${i}`);
    const results = await Promise.all(targets.map((t) =>
      sendSigned(oss, { method: "PUT", bucket: "addr", key: "hot", query: { symlink: null }, headers: { "x-oss-symlink-target": t } })));
    expect(results.map((r) => r.status)).toEqual(targets.map(() => 200));
    const final = await sendSigned(oss, { method: "GET", bucket: "addr", key: "hot", query: { symlink: null } });
    expect(targets).toContain(final.headers["x-oss-symlink-target"]);
  });

  test("concurrent forbid-overwrite creates: exactly one wins, the rest get 409", async () => {
    const results = await Promise.all(Array.from({ length: 32 }, (_, i) =>
      sendSigned(oss, { method: "PUT", bucket: "addr", key: "once", query: { symlink: null }, headers: { "x-oss-symlink-target": `t${i}`, "x-oss-forbid-overwrite": "true" } })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(31);
  });

  test("a client that disconnects mid-body does not break the server", async () => {
    await new Promise<void>((resolve) => {
      const s = net.connect(oss.port, "127.0.0.1", () => {
        s.write("PUT /addr/partial HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nabc");
        setTimeout(() => { s.destroy(); resolve(); }, 50);
      });
      s.on("error", () => resolve());
    });
    expect((await send(oss, { path: "/addr/dir/file" })).status).toBe(200);
  });

  test("targets round-trip strictly percent-encoded with `/` kept", async () => {
    const target = "目录/a b+c!'()*~%.txt";
    const put = await sendSigned(oss, { method: "PUT", bucket: "addr", key: "enc", query: { symlink: null }, headers: { "x-oss-symlink-target": encodeURIComponent(target).replace(/%2F/g, "/") } });
    expect(put.status).toBe(200);
    const got = await sendSigned(oss, { method: "GET", bucket: "addr", key: "enc", query: { symlink: null } });
    expect(got.headers["x-oss-symlink-target"]).toBe("%E7%9B%AE%E5%BD%95/a%20b%2Bc%21%27%28%29%2A~%25.txt");
  });
});

test("DELETE ?versionId= with an id that cannot be a header value answers 204 without echoing it (found by tests/reliability/serverFuzz)", async () => {
  await oss.createBucket("addrv", { versioning: "Enabled" });
  for (const versionId of ["\uFEFFnull", "中文", "a b"]) {
    const res = await sendSigned(oss, { method: "DELETE", bucket: "addrv", key: "k", query: { versionId } });
    expect([versionId, res.status, res.headers["x-oss-version-id"]]).toEqual([versionId, 204, undefined]);
  }
  const plain = await sendSigned(oss, { method: "DELETE", bucket: "addrv", key: "k", query: { versionId: "CAEQunknown" } });
  expect([plain.status, plain.headers["x-oss-version-id"]]).toEqual([204, "CAEQunknown"]);
});
