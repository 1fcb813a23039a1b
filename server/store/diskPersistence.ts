/**
 * Crash-safe persistence under `dataDir`, one write per version.
 *
 *  - `objects/<sha256(bucket, key)>.json`: the key's index, the metadata of its versions, newest
 *    first, each naming the blob that holds its content. The key itself never becomes part of a
 *    path, so `../` or NUL in a key cannot touch the filesystem.
 *  - `blobs/<random>`: the raw content of one version, written once and never rewritten.
 *  - `buckets.json`: every bucket's settings.
 *
 * A write stores the new version's blob (fsynced, directory fsynced), then replaces the index
 * (temp file, fsync, rename, directory fsync), then removes blobs no version refers to any more.
 * A kill at any moment leaves the old index or the new one, never a torn one, and every blob an
 * index names is complete; blobs no index names are removed at start-up. So a write costs its
 * own content plus an index of metadata, whatever the key's history (a key's history used to be
 * one JSON file rewritten, base64 content and all, on every write). Callers update memory and
 * answer only after the returned promise settles.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BucketState, ObjectVersion } from "./types";

interface StoredVersion extends Omit<ObjectVersion, "data"> {
  /** Name of the blob under `blobs/` holding the content. */
  blob?: string;
  /** Content inline as base64: the layout before blobs, still read. */
  data?: string;
}

interface StoredKey {
  bucket: string;
  key: string;
  versions: StoredVersion[];
}

/** What {@link DiskPersistence.load} returns. */
interface LoadedState {
  buckets: BucketState[];
  objects: Array<{ bucket: string; key: string; versions: ObjectVersion[] }>;
}

/** Test hook run before every file write or removal; throwing makes that write fail. */
type BeforeWrite = () => void;

let tmpCounter = 0;

function fsyncDirSync(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `content` to `file` and fsyncs it; on failure the partial file is removed. */
async function writeSynced(file: string, content: string | Buffer): Promise<void> {
  const fh = await fs.promises.open(file, "wx", 0o600);
  try {
    await fh.writeFile(content);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.promises.rm(file, { force: true });
    throw e;
  }
  await fh.close();
}

async function atomicWrite(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  await writeSynced(tmp, content);
  try {
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(path.dirname(file));
}

async function atomicRemove(file: string): Promise<void> {
  try {
    await fs.promises.unlink(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  // Also after ENOENT: a directory that is itself gone must fail the removal, not confirm it.
  await fsyncDir(path.dirname(file));
}

/** Removes the temp files (`<prefix>*.tmp`) a killed {@link atomicWrite} left in `dir`. */
function removeTempFiles(dir: string, prefix: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith(".tmp")) fs.rmSync(path.join(dir, name), { force: true });
  }
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch (e) {
    throw new Error(`local OSS store: ${file} is unreadable (${(e as Error).message}); the data directory is corrupt`);
  }
}

const BLOB_NAME = /^[0-9a-f]{32}$/;

/** Durable, serialised writes of buckets and per-key version lists. */
export class DiskPersistence {
  private readonly objectsDir: string;
  private readonly blobsDir: string;
  private readonly bucketsFile: string;
  private readonly chains = new Map<string, Promise<unknown>>();
  /**
   * The blob holding each version's content. Keyed by version, not by buffer: a buffer may be
   * shared by versions of different keys (every empty body is one buffer), while a blob belongs
   * to one key's index and is removed when that index stops naming it.
   */
  private readonly blobOf = new WeakMap<ObjectVersion, string>();

  constructor(readonly dataDir: string, private readonly beforeWrite: BeforeWrite = () => undefined) {
    this.objectsDir = path.join(dataDir, "objects");
    this.blobsDir = path.join(dataDir, "blobs");
    this.bucketsFile = path.join(dataDir, "buckets.json");
  }

  /** Creates the directories and reads everything back; temp files and unreferenced blobs are removed. */
  load(): LoadedState {
    for (const dir of [this.objectsDir, this.blobsDir]) {
      const created = fs.mkdirSync(dir, { recursive: true });
      // A new directory entry is durable only once its parent is fsynced; otherwise a crash could
      // lose the directory (and every file fsynced inside it) together with a fresh data dir.
      if (created !== undefined) {
        const top = path.dirname(path.resolve(created));
        for (let d = path.resolve(dir, ".."); ; d = path.dirname(d)) {
          fsyncDirSync(d);
          if (d === top || d === path.dirname(d)) break;
        }
      }
    }
    removeTempFiles(this.dataDir, path.basename(this.bucketsFile));
    removeTempFiles(this.objectsDir, "");
    const buckets: BucketState[] = fs.existsSync(this.bucketsFile) ? readJson<BucketState[]>(this.bucketsFile) : [];
    const objects: LoadedState["objects"] = [];
    const referenced = new Set<string>();
    for (const name of fs.readdirSync(this.objectsDir)) {
      if (!name.endsWith(".json")) continue;
      const file = path.join(this.objectsDir, name);
      const stored = readJson<StoredKey>(file);
      const versions = stored.versions.map((v): ObjectVersion => {
        const { data, blob, ...rest } = v;
        if (blob !== undefined) {
          if (!BLOB_NAME.test(blob)) throw new Error(`local OSS store: ${file} names an invalid blob; the data directory is corrupt`);
          referenced.add(blob);
          let content: Buffer;
          try {
            content = fs.readFileSync(path.join(this.blobsDir, blob));
          } catch (e) {
            throw new Error(`local OSS store: blob ${blob} of ${file} is unreadable (${(e as Error).message}); the data directory is corrupt`);
          }
          const loaded: ObjectVersion = { ...rest, data: content };
          this.blobOf.set(loaded, blob);
          return loaded;
        }
        return data === undefined ? rest : { ...rest, data: Buffer.from(data, "base64") };
      });
      objects.push({ bucket: stored.bucket, key: stored.key, versions });
    }
    // Blobs of writes a crash interrupted (before their index was replaced) or of versions whose
    // removal a crash interrupted: nothing refers to them.
    for (const name of fs.readdirSync(this.blobsDir)) {
      if (!referenced.has(name)) fs.rmSync(path.join(this.blobsDir, name), { force: true });
    }
    return { buckets, objects };
  }

  private fileFor(bucket: string, key: string): string {
    const h = createHash("sha256").update(bucket).update("\0").update(key, "utf8").digest("hex");
    return path.join(this.objectsDir, `${h}.json`);
  }

  /**
   * Runs `task` after every earlier task of the same `chain` has settled, so that writes to one
   * key (or to the bucket settings) are decided and persisted one at a time, in arrival order.
   */
  serial<T>(chain: string, task: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(chain) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(task);
    this.chains.set(chain, next);
    void next.finally(() => {
      if (this.chains.get(chain) === next) this.chains.delete(chain);
    }).catch(() => undefined);
    return next;
  }

  /** The chain name of one key, for {@link serial}. */
  keyChain(bucket: string, key: string): string {
    return this.fileFor(bucket, key);
  }

  /** The chain name of the bucket settings, for {@link serial}. */
  bucketsChain(): string {
    return this.bucketsFile;
  }

  /**
   * The blob of `v`: its own, or that of a previous version of the same key with the same
   * content (a copy made by an ACL change), or a new one written now.
   */
  private async blobFor(v: ObjectVersion, data: Buffer, previous: readonly ObjectVersion[]): Promise<string> {
    const known = this.blobOf.get(v) ?? previous.map((p) => (p.data === data ? this.blobOf.get(p) : undefined)).find((n) => n !== undefined);
    if (known !== undefined) {
      this.blobOf.set(v, known);
      return known;
    }
    this.beforeWrite();
    const name = randomBytes(16).toString("hex");
    await writeSynced(path.join(this.blobsDir, name), data);
    await fsyncDir(this.blobsDir);
    this.blobOf.set(v, name);
    return name;
  }

  /**
   * Makes `next` the durable version list of one key (`undefined` or empty removes the key),
   * replacing `previous`. Call inside {@link serial} for the key's chain. When it rejects,
   * nothing durable changed except, possibly, blobs that no index names.
   */
  async saveKey(bucket: string, key: string, next: readonly ObjectVersion[] | undefined, previous: readonly ObjectVersion[] | undefined): Promise<void> {
    const file = this.fileFor(bucket, key);
    const versions: StoredVersion[] = [];
    for (const v of next ?? []) {
      const { data, ...rest } = v;
      versions.push(data === undefined ? rest : { ...rest, blob: await this.blobFor(v, data, previous ?? []) });
    }
    this.beforeWrite();
    if (versions.length === 0) await atomicRemove(file);
    else await atomicWrite(file, JSON.stringify({ bucket, key, versions } satisfies StoredKey));
    // The new index is durable: blobs only the old one named can go. A crash here leaves them
    // unreferenced, and load() removes them.
    const kept = new Set(versions.map((v) => v.blob));
    for (const v of previous ?? []) {
      const name = this.blobOf.get(v);
      if (name !== undefined && !kept.has(name)) await fs.promises.rm(path.join(this.blobsDir, name), { force: true }).catch(() => undefined);
    }
  }

  /** Makes `states` the durable bucket settings. Call inside {@link serial} for {@link bucketsChain}. */
  async saveBuckets(states: readonly BucketState[]): Promise<void> {
    this.beforeWrite();
    await atomicWrite(this.bucketsFile, JSON.stringify(states));
  }

  /** Resolves when every queued write has finished. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
  }
}
