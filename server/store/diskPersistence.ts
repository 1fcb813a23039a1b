/**
 * Crash-safe persistence under `dataDir`. Each key's version list is one JSON file, named by a
 * hash of bucket and key (the key itself never becomes part of a path, so `../` or NUL in a key
 * cannot touch the filesystem). Every write goes to a fresh temp file, is fsynced, renamed over
 * the old file, and the directory is fsynced: a kill at any moment leaves either the old or the
 * new file, never a torn one. Callers respond only after the returned promise settles.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BucketState, ObjectVersion } from "./types";

interface StoredVersion extends Omit<ObjectVersion, "data"> {
  data?: string;
}

interface StoredKey {
  bucket: string;
  key: string;
  versions: StoredVersion[];
}

/** What {@link DiskPersistence.load} returns. */
export interface LoadedState {
  buckets: BucketState[];
  objects: Array<{ bucket: string; key: string; versions: ObjectVersion[] }>;
}

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

async function atomicWrite(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  const fh = await fs.promises.open(tmp, "w", 0o600);
  try {
    await fh.writeFile(content, "utf8");
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.promises.rename(tmp, file);
  await fsyncDir(path.dirname(file));
}

async function atomicRemove(file: string): Promise<void> {
  try {
    await fs.promises.unlink(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
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

/** Durable, serialised writes of buckets and per-key version lists. */
export class DiskPersistence {
  private readonly objectsDir: string;
  private readonly bucketsFile: string;
  private readonly chains = new Map<string, Promise<void>>();

  constructor(readonly dataDir: string) {
    this.objectsDir = path.join(dataDir, "objects");
    this.bucketsFile = path.join(dataDir, "buckets.json");
  }

  /** Creates the directories and reads everything back; leftover temp files are removed. */
  load(): LoadedState {
    const created = fs.mkdirSync(this.objectsDir, { recursive: true });
    // A new directory entry is durable only once its parent is fsynced; otherwise a crash could
    // lose `objects/` (and every file fsynced inside it) together with a freshly made data dir.
    if (created !== undefined) {
      const top = path.dirname(path.resolve(created));
      for (let d = path.resolve(this.dataDir); ; d = path.dirname(d)) {
        fsyncDirSync(d);
        if (d === top || d === path.dirname(d)) break;
      }
    }
    removeTempFiles(this.dataDir, path.basename(this.bucketsFile));
    removeTempFiles(this.objectsDir, "");
    const buckets: BucketState[] = fs.existsSync(this.bucketsFile) ? readJson<BucketState[]>(this.bucketsFile) : [];
    const objects: LoadedState["objects"] = [];
    for (const name of fs.readdirSync(this.objectsDir)) {
      if (!name.endsWith(".json")) continue;
      const stored = readJson<StoredKey>(path.join(this.objectsDir, name));
      objects.push({
        bucket: stored.bucket,
        key: stored.key,
        versions: stored.versions.map((v) => {
          const { data, ...rest } = v;
          return data === undefined ? rest : { ...rest, data: Buffer.from(data, "base64") };
        }),
      });
    }
    return { buckets, objects };
  }

  private fileFor(bucket: string, key: string): string {
    const h = createHash("sha256").update(bucket).update("\0").update(key, "utf8").digest("hex");
    return path.join(this.objectsDir, `${h}.json`);
  }

  /** Queues a write per file; the snapshot is taken when the write runs, so the last write wins. */
  private enqueue(file: string, write: () => Promise<void>): Promise<void> {
    const prev = this.chains.get(file) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(write);
    this.chains.set(file, next);
    void next.finally(() => {
      if (this.chains.get(file) === next) this.chains.delete(file);
    }).catch(() => undefined);
    return next;
  }

  /** Persists the current version list of one key (`undefined`/empty removes the file). */
  saveKey(bucket: string, key: string, current: () => ObjectVersion[] | undefined): Promise<void> {
    const file = this.fileFor(bucket, key);
    return this.enqueue(file, async () => {
      const versions = current();
      if (versions === undefined || versions.length === 0) return atomicRemove(file);
      const stored: StoredKey = {
        bucket,
        key,
        versions: versions.map((v) => {
          const { data, ...rest } = v;
          return data === undefined ? rest : { ...rest, data: data.toString("base64") };
        }),
      };
      return atomicWrite(file, JSON.stringify(stored));
    });
  }

  /** Persists every bucket's settings. */
  saveBuckets(current: () => BucketState[]): Promise<void> {
    return this.enqueue(this.bucketsFile, () => atomicWrite(this.bucketsFile, JSON.stringify(current())));
  }

  /** Resolves when every queued write has finished. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
  }
}
