/**
 * Durable versions under `dataDir`: a write costs one version whatever the key's history (the
 * history is not rewritten), a write is visible only once it is durable, and a write that
 * cannot be made durable (a full disk, injected with `faults.set({ diskErrorRate: 1 })`) answers
 * 500, changes nothing, and leaves the key writable and deletable. A restart serves the latest
 * acknowledged version.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLocalOss, type LocalOss } from "../../../server";
import { sendSigned, xmlField, type RawResponse } from "./rawClient";

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "oss-versions-"));
  tmpDirs.push(d);
  return d;
}
const servers: LocalOss[] = [];
async function start(dataDir: string): Promise<LocalOss> {
  const oss = await startLocalOss({ dataDir, versionedBuckets: ["v"], buckets: ["u"], maxObjectBytes: 16 * 1024 * 1024 });
  servers.push(oss);
  return oss;
}
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const put = (oss: LocalOss, bucket: string, key: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  sendSigned(oss, { method: "PUT", bucket, key, body, headers });
const head = (oss: LocalOss, bucket: string, key: string, query: Record<string, string | null> = {}) =>
  sendSigned(oss, { method: "HEAD", bucket, key, query });

function ok(r: RawResponse): RawResponse {
  if (r.status !== 200 && r.status !== 204) throw new Error(`expected success, got ${r.status}: ${r.text}`);
  return r;
}

/** Every file under `dir`: size, inode and modification time, to tell which ones a write touched. */
function filesUnder(dir: string): Map<string, { size: number; ino: number; mtimeMs: number }> {
  const out = new Map<string, { size: number; ino: number; mtimeMs: number }>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const st = fs.statSync(file);
    out.set(file, { size: st.size, ino: st.ino, mtimeMs: st.mtimeMs });
  }
  return out;
}

test("each 8 MiB PUT to one versioned key writes its own version and a small index, never the history again (16 PUTs)", async () => {
  const dataDir = tmpDir();
  const oss = await start(dataDir);
  const payload = (i: number) => Buffer.alloc(8 * 1024 * 1024, i + 1);
  const ids: string[] = [];
  const written: number[] = [];
  let before = filesUnder(dataDir);
  for (let i = 0; i < 16; i++) {
    ids.push(String(ok(await put(oss, "v", "big", payload(i))).headers["x-oss-version-id"]));
    const after = filesUnder(dataDir);
    // Bytes in files this PUT created or changed (a file replaced by rename has a new inode).
    let bytes = 0;
    for (const [file, now] of after) {
      const was = before.get(file);
      if (was === undefined || was.ino !== now.ino || was.mtimeMs !== now.mtimeMs || was.size !== now.size) bytes += now.size;
    }
    written.push(bytes);
    before = after;
  }
  process.stdout.write(`versionStore: bytes written by each 8 MiB PUT to one versioned key: ${written.join(" ")}\n`);
  // A store that rewrites the key's history on every write writes i × 8 MiB on the i-th PUT.
  for (const [i, bytes] of written.entries()) {
    expect({ put: i, bytes, withinOneVersion: bytes >= 8 * 1024 * 1024 && bytes <= 8 * 1024 * 1024 + 64 * 1024 }).toMatchObject({ withinOneVersion: true });
  }
  // Every version is still there, byte for byte.
  await oss.close();
  const again = await start(dataDir);
  for (const [i, id] of ids.entries()) {
    const got = await sendSigned(again, { method: "GET", bucket: "v", key: "big", query: { versionId: id } });
    expect([i, got.status, got.body.equals(payload(i))]).toEqual([i, 200, true]);
  }
}, 300_000);

/**
 * Two ways a write fails to persist: the ENOSPC hook (`faults.diskErrorRate`, every file write
 * fails), and the `objects/` directory moved away behind the server's back (the index write
 * fails with ENOENT; no hook involved, so this also runs against a store without one).
 */
type Breakage = "full disk" | "objects/ moved away";
async function breakDisk(oss: LocalOss, dataDir: string, how: Breakage): Promise<() => Promise<void>> {
  if (how === "full disk") {
    oss.faults.set({ diskErrorRate: 1 });
    return async () => oss.faults.set({ diskErrorRate: 0 });
  }
  const objects = path.join(dataDir, "objects");
  fs.renameSync(objects, `${objects}.away`);
  return async () => fs.renameSync(`${objects}.away`, objects);
}

test.each([
  ["v", "full disk"], ["u", "full disk"], ["v", "objects/ moved away"], ["u", "objects/ moved away"],
] as const)("bucket %s, %s: a write that cannot be made durable is 500, invisible, and the key stays usable", async (bucket, how) => {
  const dataDir = tmpDir();
  const oss = await start(dataDir);
  const v1 = ok(await put(oss, bucket, "k", "first"));
  const repair = await breakDisk(oss, dataDir, how);
  const failed = await put(oss, bucket, "k", "second");
  expect([failed.status, xmlField(failed.text, "Code")]).toEqual([500, "InternalError"]);
  // HEAD serves the acknowledged version, not the failed one.
  const h = await head(oss, bucket, "k");
  expect([h.status, h.headers.etag]).toEqual([200, v1.headers.etag]);
  expect((await sendSigned(oss, { method: "GET", bucket, key: "k" })).text).toBe("first");
  // A failed link write, ACL change and delete change nothing either.
  expect((await sendSigned(oss, { method: "PUT", bucket, key: "k", query: { symlink: null }, headers: { "x-oss-symlink-target": "t" } })).status).toBe(500);
  expect((await sendSigned(oss, { method: "PUT", bucket, key: "k", query: { acl: null }, headers: { "x-oss-object-acl": "public-read" } })).status).toBe(500);
  expect((await sendSigned(oss, { method: "DELETE", bucket, key: "k" })).status).toBe(500);
  if (how === "full disk") {
    expect((await sendSigned(oss, { method: "PUT", bucket, query: { versioning: null }, body: "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>" })).status).toBe(500);
  }
  expect((await sendSigned(oss, { method: "GET", bucket, key: "k" })).text).toBe("first");
  expect((await sendSigned(oss, { method: "GET", bucket, key: "k", query: { acl: null } })).text).toContain("<Grant>default</Grant>");
  expect(xmlField((await sendSigned(oss, { method: "GET", bucket, query: { versioning: null } })).text, "Status")).toBe(bucket === "v" ? "Enabled" : undefined);

  // Disk back: the key is writable and deletable.
  await repair();
  const v3 = ok(await put(oss, bucket, "k", "third"));
  expect((await sendSigned(oss, { method: "GET", bucket, key: "k" })).text).toBe("third");
  ok(await sendSigned(oss, { method: "DELETE", bucket, key: "k" }));
  expect((await head(oss, bucket, "k")).status).toBe(404);
  ok(await put(oss, bucket, "k", "fourth"));
  await oss.close();

  // Restart: the latest acknowledged write; for the versioned bucket, the history without the failed writes.
  const again = await start(dataDir);
  expect((await sendSigned(again, { method: "GET", bucket, key: "k" })).text).toBe("fourth");
  if (bucket === "v") {
    expect((await sendSigned(again, { method: "GET", bucket, key: "k", query: { versionId: String(v1.headers["x-oss-version-id"]) } })).text).toBe("first");
    expect((await sendSigned(again, { method: "GET", bucket, key: "k", query: { versionId: String(v3.headers["x-oss-version-id"]) } })).text).toBe("third");
  }
  // No temp file of a failed write is left behind.
  const leftovers = fs.readdirSync(dataDir, { recursive: true }).map(String).filter((f) => f.endsWith(".tmp"));
  expect(leftovers).toEqual([]);
}, 60_000);

test("forbid-overwrite races on disk still have exactly one winner", async () => {
  const oss = await start(tmpDir());
  const results = await Promise.all(Array.from({ length: 16 }, (_, i) =>
    sendSigned(oss, { method: "PUT", bucket: "u", key: "race", query: { symlink: null }, headers: { "x-oss-symlink-target": `t${i}`, "x-oss-forbid-overwrite": "true" } })));
  expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(15).fill(409)]);
});

test("a versioned delete that cannot be made durable leaves no delete marker", async () => {
  const oss = await start(tmpDir());
  ok(await put(oss, "v", "d", "kept"));
  oss.faults.set({ diskErrorRate: 1 });
  expect((await sendSigned(oss, { method: "DELETE", bucket: "v", key: "d" })).status).toBe(500);
  oss.faults.set({ diskErrorRate: 0 });
  const h = await head(oss, "v", "d");
  expect([h.status, h.headers["x-oss-delete-marker"]]).toEqual([200, undefined]);
});

test("a data directory written by the earlier layout (content inline as base64) still loads, and moves to blobs on the next write", async () => {
  const dataDir = tmpDir();
  fs.mkdirSync(path.join(dataDir, "objects"), { recursive: true });
  fs.writeFileSync(path.join(dataDir, "buckets.json"), JSON.stringify([{ name: "v", versioning: "Enabled", locked: false, acl: "private", createdAt: 0 }]));
  const hash = createHash("sha256").update("v").update("\0").update("old", "utf8").digest("hex");
  const version = (id: string, text: string) => ({
    versionId: id, deleteMarker: false, type: "Normal", etag: `"${id}"`, lastModified: 0, acl: "default", storageClass: "Standard",
    headers: {}, userMeta: {}, data: Buffer.from(text).toString("base64"),
  });
  fs.writeFileSync(path.join(dataDir, "objects", `${hash}.json`), JSON.stringify({ bucket: "v", key: "old", versions: [version("CAEQtwo", "two"), version("CAEQone", "one")] }));
  let oss = await start(dataDir);
  expect((await sendSigned(oss, { method: "GET", bucket: "v", key: "old" })).text).toBe("two");
  expect((await sendSigned(oss, { method: "GET", bucket: "v", key: "old", query: { versionId: "CAEQone" } })).text).toBe("one");
  ok(await put(oss, "v", "old", "three"));
  await oss.close();
  const index = fs.readFileSync(path.join(dataDir, "objects", `${hash}.json`), "utf8");
  expect(index).not.toContain(Buffer.from("one").toString("base64"));
  oss = await start(dataDir);
  expect((await sendSigned(oss, { method: "GET", bucket: "v", key: "old", query: { versionId: "CAEQone" } })).text).toBe("one");
  expect((await sendSigned(oss, { method: "GET", bucket: "v", key: "old" })).text).toBe("three");
});

test("empty objects under many keys stay independent: overwriting or deleting one leaves the others loadable", async () => {
  const dataDir = tmpDir();
  let oss = await start(dataDir);
  for (const key of ["e1", "e2", "e3"]) ok(await put(oss, "u", key, ""));
  ok(await put(oss, "u", "e1", "now full"));
  ok(await sendSigned(oss, { method: "DELETE", bucket: "u", key: "e2" }));
  ok(await sendSigned(oss, { method: "PUT", bucket: "u", key: "e3", query: { acl: null }, headers: { "x-oss-object-acl": "private" } }));
  await oss.close();
  oss = await start(dataDir);
  expect((await sendSigned(oss, { method: "GET", bucket: "u", key: "e1" })).text).toBe("now full");
  expect((await head(oss, "u", "e2")).status).toBe(404);
  const e3 = await sendSigned(oss, { method: "GET", bucket: "u", key: "e3" });
  expect([e3.status, e3.text]).toEqual([200, ""]);
  expect(fs.readdirSync(path.join(dataDir, "blobs")).length).toBe(2);
});
