/**
 * In-memory object store (a Map per bucket) with OSS versioning semantics (reference §1.6, §1.8),
 * optionally mirrored to disk. Mutations are synchronous in memory; the returned promise (if any)
 * settles once the change is durable. Without a data directory nothing is awaited.
 */
import { randomBytes } from "node:crypto";
import { utf8Compare } from "../encoding";
import { errors } from "../errors";
import type { DiskPersistence } from "./diskPersistence";
import type { BucketAcl, BucketState, ObjectVersion, VersioningStatus } from "./types";

/** One bucket: its settings and its keys, each with versions newest first. */
export interface BucketRecord {
  state: BucketState;
  objects: Map<string, ObjectVersion[]>;
}

/** Outcome of a write or delete, for the response headers. */
export interface WriteResult {
  versionId?: string;
  deleteMarker?: boolean;
  /** Settles once durable; undefined when there is nothing to wait for. */
  durable?: Promise<void>;
}

/** A new version before the store assigns its id. */
export type NewVersion = Omit<ObjectVersion, "versionId">;

function newVersionId(): string {
  // Opaque, URL-safe and long, like OSS's own (`CAEQ...`).
  return "CAEQ" + randomBytes(24).toString("base64url");
}

/** The buckets and objects a server holds. */
export class ObjectStore {
  private readonly buckets = new Map<string, BucketRecord>();

  constructor(private readonly disk?: DiskPersistence) {
    if (disk) {
      const loaded = disk.load();
      for (const state of loaded.buckets) this.buckets.set(state.name, { state, objects: new Map() });
      for (const o of loaded.objects) this.buckets.get(o.bucket)?.objects.set(o.key, o.versions);
    }
  }

  /** Adds a bucket if it is missing and applies the given settings. */
  ensureBucket(name: string, settings: Partial<Omit<BucketState, "name" | "createdAt">> = {}): Promise<void> | undefined {
    let rec = this.buckets.get(name);
    if (!rec) {
      rec = { state: { name, versioning: "Off", locked: false, acl: "private", createdAt: Date.now() }, objects: new Map() };
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

  /** Writes a new current version per the bucket's versioning state. */
  put(rec: BucketRecord, key: string, nv: NewVersion): WriteResult {
    const status = rec.state.versioning;
    const list = rec.objects.get(key);
    if (status === "Enabled") {
      const v: ObjectVersion = { ...nv, versionId: newVersionId() };
      if (list) list.unshift(v);
      else rec.objects.set(key, [v]);
      return { versionId: v.versionId, durable: this.saveKey(rec, key) };
    }
    const v: ObjectVersion = { ...nv, versionId: "null" };
    if (status === "Off" || !list) rec.objects.set(key, [v]);
    else {
      const kept = list.filter((x) => x.versionId !== "null");
      kept.unshift(v);
      rec.objects.set(key, kept);
    }
    return { versionId: status === "Suspended" ? "null" : undefined, durable: this.saveKey(rec, key) };
  }

  /** DeleteObject without a version id: removes (Off) or adds a delete marker (Enabled/Suspended). */
  deleteCurrent(rec: BucketRecord, key: string, now: number): WriteResult {
    const status = rec.state.versioning;
    if (status === "Off") {
      if (!rec.objects.delete(key)) return {};
      return { durable: this.saveKey(rec, key) };
    }
    const marker: NewVersion = {
      deleteMarker: true, type: "Normal", etag: "", lastModified: now, acl: "default", storageClass: "Standard",
      headers: {}, userMeta: {},
    };
    const r = this.put(rec, key, marker);
    return { versionId: r.versionId, deleteMarker: true, durable: r.durable };
  }

  /** DeleteObject with a version id: removes that version permanently. */
  deleteVersion(rec: BucketRecord, key: string, versionId: string): WriteResult {
    const list = rec.objects.get(key);
    const idx = list ? list.findIndex((v) => v.versionId === versionId) : -1;
    if (!list || idx < 0) return { versionId };
    const [removed] = list.splice(idx, 1);
    if (list.length === 0) rec.objects.delete(key);
    return { versionId, deleteMarker: removed?.deleteMarker === true ? true : undefined, durable: this.saveKey(rec, key) };
  }

  /** Records an in-place change to a version (ACL). */
  touched(rec: BucketRecord, key: string): Promise<void> | undefined {
    return this.saveKey(rec, key);
  }

  setVersioning(rec: BucketRecord, status: VersioningStatus): Promise<void> | undefined {
    rec.state.versioning = status;
    return this.saveBuckets();
  }

  setBucketAcl(rec: BucketRecord, acl: BucketAcl): Promise<void> | undefined {
    rec.state.acl = acl;
    return this.saveBuckets();
  }

  /** Keys with a live current version, in UTF-8 byte order (as OSS lists them). */
  liveKeys(rec: BucketRecord, prefix: string): string[] {
    const keys: string[] = [];
    for (const [k, list] of rec.objects) {
      if (k.startsWith(prefix) && list[0] !== undefined && !list[0].deleteMarker) keys.push(k);
    }
    return keys.sort(utf8Compare);
  }

  /** Keys with at least one version (delete markers included), in UTF-8 byte order. */
  versionedKeys(rec: BucketRecord, prefix: string): string[] {
    const keys: string[] = [];
    for (const [k, list] of rec.objects) if (k.startsWith(prefix) && list.length > 0) keys.push(k);
    return keys.sort(utf8Compare);
  }

  /** Waits for every pending durable write. */
  async flush(): Promise<void> {
    await this.disk?.flush();
  }

  private saveKey(rec: BucketRecord, key: string): Promise<void> | undefined {
    return this.disk?.saveKey(rec.state.name, key, () => rec.objects.get(key));
  }

  private saveBuckets(): Promise<void> | undefined {
    return this.disk?.saveBuckets(() => [...this.buckets.values()].map((r) => r.state));
  }
}
