/** Durable state under dataDir, a restart, and SIGKILL of the bin mid-stream. */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { startLocalOss, type LocalOss } from "../../../server";
import { sendSigned } from "./rawClient";

const CLI = path.join(__dirname, "..", "..", "..", "dist", "server", "cli.js");
const tmpDirs: string[] = [];

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "oss-local-"));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const LAYOUT = /^(buckets\.json|objects\/[0-9a-f]{64}\.json|blobs\/[0-9a-f]{32})$/;

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name]);
}

test("state survives a restart: objects, links, ACLs, versions, versioning status", async () => {
  const dataDir = tmpDir();
  let oss: LocalOss = await startLocalOss({ dataDir, buckets: ["p"], versionedBuckets: ["pv"] });
  await sendSigned(oss, { method: "PUT", bucket: "p", key: "target", body: "bytes" });
  await sendSigned(oss, { method: "PUT", bucket: "p", key: "../../escape", query: { symlink: null }, headers: { "x-oss-symlink-target": "target", "x-oss-meta-k": "v", "x-oss-object-acl": "public-read" } });
  const v1 = await sendSigned(oss, { method: "PUT", bucket: "pv", key: "l", query: { symlink: null }, headers: { "x-oss-symlink-target": "one" } });
  await sendSigned(oss, { method: "PUT", bucket: "pv", key: "l", query: { symlink: null }, headers: { "x-oss-symlink-target": "two" } });
  await sendSigned(oss, { method: "PUT", bucket: "p", key: "gone", body: "x" });
  await sendSigned(oss, { method: "DELETE", bucket: "p", key: "gone" });
  await oss.close();
  // the key never became a path: only hashed file names under objects/ and random ones under blobs/
  for (const f of allFiles(dataDir)) expect(f).toMatch(LAYOUT);

  // temp files of writes a crash interrupted are removed at start-up, in both directories
  fs.writeFileSync(path.join(dataDir, "buckets.json.1.1.tmp"), "[");
  fs.writeFileSync(path.join(dataDir, "objects", `${"0".repeat(64)}.json.1.2.tmp`), "{");
  // and so is a blob no index names (a write killed before its index was replaced)
  fs.writeFileSync(path.join(dataDir, "blobs", "f".repeat(32)), "orphan");
  oss = await startLocalOss({ dataDir });
  try {
    for (const f of allFiles(dataDir)) expect(f).toMatch(LAYOUT);
    expect(allFiles(dataDir)).not.toContain(path.join("blobs", "f".repeat(32)));
    expect((await sendSigned(oss, { method: "GET", bucket: "p", key: "../../escape" })).text).toBe("bytes");
    const link = await sendSigned(oss, { method: "GET", bucket: "p", key: "../../escape", query: { symlink: null } });
    expect(link.headers["x-oss-symlink-target"]).toBe("target");
    expect(link.headers["x-oss-meta-k"]).toBe("v");
    expect((await sendSigned(oss, { method: "GET", bucket: "p", key: "../../escape", query: { acl: null } })).text).toContain("<Grant>public-read</Grant>");
    expect((await sendSigned(oss, { method: "GET", bucket: "pv", query: { versioning: null } })).text).toContain("<Status>Enabled</Status>");
    expect((await sendSigned(oss, { method: "GET", bucket: "pv", key: "l", query: { symlink: null } })).headers["x-oss-symlink-target"]).toBe("two");
    const old = await sendSigned(oss, { method: "GET", bucket: "pv", key: "l", query: { symlink: null, versionId: String(v1.headers["x-oss-version-id"]) } });
    expect(old.headers["x-oss-symlink-target"]).toBe("one");
    expect((await sendSigned(oss, { method: "GET", bucket: "p", key: "gone" })).status).toBe(404);
  } finally {
    await oss.close();
  }
});

function startCli(args: string[]): Promise<{ child: ChildProcess; endpoint: string; port: number; lines: string[] }> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it in pretest).`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    rl.on("line", (line) => {
      lines.push(line);
      const m = /^OSS listening at (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      if (m) resolve({ child, endpoint: m[1]!, port: Number(m[2]), lines });
    });
    child.on("exit", (code) => reject(new Error(`oss-local exited with ${code}: ${stderr}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

test("the bin prints exactly one line and exits cleanly on SIGTERM and SIGINT", async () => {
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    const s = await startCli(["--bucket", "b", "--port", "0"]);
    const oss = { port: s.port, region: "cn-hangzhou" } as LocalOss;
    expect((await sendSigned(oss, { method: "PUT", bucket: "b", key: "k", query: { symlink: null }, headers: { "x-oss-symlink-target": "t" } })).status).toBe(200);
    s.child.kill(sig);
    expect(await exited(s.child)).toEqual({ code: 0, signal: null });
    expect(s.lines).toEqual([`OSS listening at ${s.endpoint}`]);
  }
});

test("SIGKILL mid-stream: the store loads and every acknowledged write is present", async () => {
  const dataDir = tmpDir();
  const s = await startCli(["--data-dir", dataDir, "--bucket", "k", "--versioned-bucket", "kv"]);
  const oss = { port: s.port, region: "cn-hangzhou" } as LocalOss;
  const acknowledged: Array<{ bucket: string; key: string; target: string }> = [];
  let stop = false;
  const writer = async (w: number): Promise<void> => {
    for (let i = 0; !stop; i++) {
      const bucket = i % 2 === 0 ? "k" : "kv";
      const key = `w${w}/link-${i}`;
      const target = `target/${w}/${i}/${"x".repeat(i % 50)}`;
      try {
        const res = await sendSigned(oss, { method: "PUT", bucket, key, query: { symlink: null }, headers: { "x-oss-symlink-target": target } });
        if (res.status === 200) acknowledged.push({ bucket, key, target });
      } catch {
        return; // connection died with the server
      }
    }
  };
  const writers = Array.from({ length: 8 }, (_, w) => writer(w));
  // Kill once enough writes are acknowledged (a count, not a wall-clock wait, so a slow disk or
  // a loaded machine cannot starve the assertion below); the writers are still mid-stream.
  while (acknowledged.length < 40 && s.child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
  s.child.kill("SIGKILL");
  stop = true;
  await Promise.all(writers);
  await exited(s.child);
  expect(acknowledged.length).toBeGreaterThan(20);

  const again = await startLocalOss({ dataDir });
  try {
    for (const a of acknowledged) {
      const res = await sendSigned(again, { method: "GET", bucket: a.bucket, key: a.key, query: { symlink: null } });
      expect([a.key, res.status, res.headers["x-oss-symlink-target"]]).toEqual([a.key, 200, encodeURI(a.target)]);
    }
  } finally {
    await again.close();
  }
  expect(allFiles(dataDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
}, 30_000);
