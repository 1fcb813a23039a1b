/**
 * In-memory object store (a Map per bucket) with OSS versioning semantics (docs/oss.md §1.6, §1.8),
 * optionally mirrored to disk. A write is decided against the committed state, made durable, and
 * only then applied to memory, so no request ever sees a write that was not acknowledged, and a
 * write that fails to persist (a full disk) changes nothing. Writes to one key are decided one at
 * a time in arrival order. Without a data directory a write is decided and applied at once.
 */
import { randomBytes } from "node:crypto";
import { errors } from "../errors";
import type { DiskPersistence } from "./diskPersistence";
import { KeyIndex } from "./keyIndex";
import type { BucketAcl, BucketState, ObjectAclValue, ObjectVersion, VersioningStatus } from "./types";

/** One bucket: its settings and its keys, each with versions newest first. */
export interface BucketRecord {
  state: BucketState;
  objects: Map<string, ObjectVersion[]>;
  /** The keys of `objects`, in listing order. */
  keys: KeyIndex;
}

/** Outcome of a write or delete, for the response headers. */
interface WriteResult {
  versionId?: string;
  deleteMarker?: boolean;
}

/** A new version before the store assigns its id. */
type NewVersion = Omit<ObjectVersion, "versionId">;

/**
 * Checks run when a write is decided, against the committed state (e.g. forbid-overwrite, WORM,
 * ACLs); throwing an OssServerError refuses the write.
 */
type Guard = () => void;

/** What one write decides: the key's next version list and what to answer. */
interface Change {
  next: ObjectVersion[] | undefined;
  result: WriteResult;
}

function newVersionId(): string {
  // Opaque, URL-safe and long, like OSS's own (`CAEQ...`).
  return "CAEQ" + randomBytes(24).toString("base64url");
}

/** The error a write that could not be made durable answers with; the cause goes to stderr only. */
function notDurable(e: unknown): never {
  process.stderr.write(`local OSS server: a write could not be made durable: ${e instanceof Error ? e.message : String(e)}\n`);
  throw errors.internalError();
}

/** The buckets and objects a server holds. */
export class ObjectStore {
  private readonly buckets = new Map<string, BucketRecord>();

  constructor(private readonly disk?: DiskPersistence) {
    if (disk) {
      const loaded = disk.load();
      for (const state of loaded.buckets) this.buckets.set(state.name, { state, objects: new Map(), keys: new KeyIndex() });
      for (const o of loaded.objects) {
        const rec = this.buckets.get(o.bucket);
        if (rec === undefined || o.versions.length === 0) continue;
        rec.objects.set(o.key, o.versions);
        rec.keys.add(o.key);
      }
    }
  }

  /**
   * Adds a bucket if it is missing and applies the given settings, in memory at once and then on
   * disk: for start-up and `createBucket`, whose callers wait for the promise before serving.
   */
  ensureBucket(name: string, settings: Partial<Omit<BucketState, "name" | "createdAt">> = {}): Promise<void> | undefined {
    let rec = this.buckets.get(name);
    if (!rec) {
      rec = { state: { name, versioning: "Off", locked: false, acl: "private", createdAt: Date.now() }, objects: new Map(), keys: new KeyIndex() };
      this.buckets.set(name, rec);
    }
    for (const [k, v] of Object.entries(settings)) {
      if (v !== undefined) (rec.state as unknown as Record<string, unknown>)[k] = v;
    }
    return this.saveBuckets();
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  /** The bucket or a NoSuchBucket error. */
  bucket(name: string): BucketRecord {
    const rec = this.buckets.get(name);
    if (!rec) throw errors.noSuchBucket(name);
    return rec;
  }

  /** Versions of a key, newest first (undefined when none). */
  versions(rec: BucketRecord, key: string): ObjectVersion[] | undefined {
    return rec.objects.get(key);
  }

  /** The current version (possibly a delete marker). */
  current(rec: BucketRecord, key: string): ObjectVersion | undefined {
    return rec.objects.get(key)?.[0];
  }

  /** A specific version by id (`"null"` addresses the null version). */
  version(rec: BucketRecord, key: string, versionId: string): ObjectVersion | undefined {
    return rec.objects.get(key)?.find((v) => v.versionId === versionId);
  }

  /** Whether a key currently has a live (non-delete-marker) object. */
  exists(rec: BucketRecord, key: string): boolean {
    const cur = this.current(rec, key);
    return cur !== undefined && !cur.deleteMarker;
  }

  /**
   * Decides a change to one key with `decide` (after `guard`) against the committed versions,
   * persists it, then applies it. `decide` must not mutate the list it is given.
   */
  private change(rec: BucketRecord, key: string, guard: Guard | undefined, decide: (list: readonly ObjectVersion[] | undefined) => Change): Promise<WriteResult> {
    const apply = (c: Change): WriteResult => {
      if (c.next === undefined || c.next.length === 0) {
        rec.objects.delete(key);
        rec.keys.remove(key);
      } else {
        if (!rec.objects.has(key)) rec.keys.add(key);
        rec.objects.set(key, c.next);
      }
      return c.result;
    };
    const disk = this.disk;
    if (!disk) {
      try {
        guard?.();
        return Promise.resolve(apply(decide(rec.objects.get(key))));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return disk.serial(disk.keyChain(rec.state.name, key), async () => {
      guard?.();
      const previous = rec.objects.get(key);
      const c = decide(previous);
      if (c.next === previous) return c.result;
      await disk.saveKey(rec.state.name, key, c.next, previous).catch(notDurable);
      return apply(c);
    });
  }

  /** A new current version per the bucket's versioning state at the time of the decision. */
  private decidePut(rec: BucketRecord, list: readonly ObjectVersion[] | undefined, nv: NewVersion): Change {
    const status = rec.state.versioning;
    if (status === "Enabled") {
      const v: ObjectVersion = { ...nv, versionId: newVersionId() };
      return { next: [v, ...(list ?? [])], result: { versionId: v.versionId } };
    }
    const v: ObjectVersion = { ...nv, versionId: "null" };
    const kept = status === "Off" || !list ? [] : list.filter((x) => x.versionId !== "null");
    return { next: [v, ...kept], result: { versionId: status === "Suspended" ? "null" : undefined } };
  }

  /** Writes a new current version per the bucket's versioning state. */
  put(rec: BucketRecord, key: string, nv: NewVersion, guard?: Guard): Promise<WriteResult> {
    return this.change(rec, key, guard, (list) => this.decidePut(rec, list, nv));
  }

  /** DeleteObject without a version id: removes (Off) or adds a delete marker (Enabled/Suspended). */
  deleteCurrent(rec: BucketRecord, key: string, now: number, guard?: Guard): Promise<WriteResult> {
    const marker: NewVersion = {
      deleteMarker: true, type: "Normal", etag: "", lastModified: now, acl: "default", storageClass: "Standard",
      headers: {}, userMeta: {},
    };
    return this.change(rec, key, guard, (list) => {
      if (rec.state.versioning === "Off") return { next: undefined, result: {} };
      const c = this.decidePut(rec, list, marker);
      return { next: c.next, result: { versionId: c.result.versionId, deleteMarker: true } };
    });
  }

  /** DeleteObject with a version id: removes that version permanently. */
  deleteVersion(rec: BucketRecord, key: string, versionId: string, guard?: Guard): Promise<WriteResult> {
    return this.change(rec, key, guard, (list) => {
      const removed = list?.find((v) => v.versionId === versionId);
      if (!list || !removed) return { next: list as ObjectVersion[] | undefined, result: { versionId } };
      return {
        next: list.filter((v) => v !== removed),
        result: { versionId, deleteMarker: removed.deleteMarker ? true : undefined },
      };
    });
  }

  /**
   * Sets the ACL of the version `pick` returns (called when the change is decided, so it sees
   * the committed versions; it throws when there is no such version). No new version is made.
   */
  setAcl(rec: BucketRecord, key: string, pick: () => ObjectVersion, acl: ObjectAclValue): Promise<WriteResult> {
    return this.change(rec, key, undefined, (list) => {
      const target = pick();
      return { next: (list ?? []).map((v) => (v === target ? { ...v, acl } : v)), result: { versionId: target.versionId } };
    });
  }

  /** Sets how long the version `pick` returns stays restored (as {@link setAcl}: no new version). */
  setRestoredUntil(rec: BucketRecord, key: string, pick: () => ObjectVersion, until: number): Promise<WriteResult> {
    return this.change(rec, key, undefined, (list) => {
      const target = pick();
      return { next: (list ?? []).map((v) => (v === target ? { ...v, restoredUntil: until } : v)), result: { versionId: target.versionId } };
    });
  }

  /** Changes bucket settings once they are durable. */
  private changeBucket(rec: BucketRecord, patch: Partial<BucketState>): Promise<void> {
    const disk = this.disk;
    if (!disk) {
      Object.assign(rec.state, patch);
      return Promise.resolve();
    }
    return disk.serial(disk.bucketsChain(), async () => {
      const states = [...this.buckets.values()].map((r) => (r === rec ? { ...r.state, ...patch } : r.state));
      await disk.saveBuckets(states).catch(notDurable);
      Object.assign(rec.state, patch);
    });
  }

  setVersioning(rec: BucketRecord, status: VersioningStatus): Promise<void> {
    return this.changeBucket(rec, { versioning: status });
  }

  setBucketAcl(rec: BucketRecord, acl: BucketAcl): Promise<void> {
    return this.changeBucket(rec, { acl });
  }

  /** Keys with a live current version, in UTF-8 byte order (as OSS lists them). */
  liveKeys(rec: BucketRecord, prefix: string): string[] {
    return rec.keys.withPrefix(prefix).filter((k) => {
      const current = rec.objects.get(k)?.[0];
      return current !== undefined && !current.deleteMarker;
    });
  }

  /** Keys with at least one version (delete markers included), in UTF-8 byte order. */
  versionedKeys(rec: BucketRecord, prefix: string): string[] {
    return rec.keys.withPrefix(prefix);
  }

  /** Waits for every pending durable write. */
  async flush(): Promise<void> {
    await this.disk?.flush();
  }

  private saveBuckets(): Promise<void> | undefined {
    const disk = this.disk;
    if (!disk) return undefined;
    return disk.serial(disk.bucketsChain(), () => disk.saveBuckets([...this.buckets.values()].map((r) => ({ ...r.state }))));
  }
}
