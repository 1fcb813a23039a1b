/** {@link startLocalOss}: the embedded OSS-compatible server. */
import * as http from "node:http";
import { closeOnce, listen } from "./listen";
import { FaultController } from "./faults";
import {
  DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_MAX_OBJECT_BYTES, DEFAULT_REGION,
  type LocalOss, type LocalOssOptions,
} from "./options";
import { createRouter } from "./router";
import { StatsCounter } from "./stats";
import { DiskPersistence } from "./store/diskPersistence";
import { ObjectStore } from "./store/objectStore";

/**
 * Starts an OSS-compatible HTTP server for tests, demos and benchmarks.
 *
 * @example
 * ```ts
 * const oss = await startLocalOss({ buckets: ["demo"] });
 * // point a client at oss.endpoint with DEFAULT_ACCESS_KEY_ID / DEFAULT_ACCESS_KEY_SECRET, region cn-hangzhou
 * await oss.close();
 * ```
 */
export async function startLocalOss(options: LocalOssOptions = {}): Promise<LocalOss> {
  const faults = new FaultController(options.faults ?? {}, options.random ?? Math.random);
  const store = new ObjectStore(options.dataDir !== undefined ? new DiskPersistence(options.dataDir, () => faults.diskWrite()) : undefined);
  const pending: Array<Promise<void> | undefined> = [];
  for (const b of options.buckets ?? []) pending.push(store.ensureBucket(b));
  for (const b of options.versionedBuckets ?? []) {
    const existing = store.hasBucket(b) ? store.bucket(b).state.versioning : "Off";
    pending.push(store.ensureBucket(b, { versioning: existing === "Off" ? "Enabled" : existing }));
  }
  for (const b of options.lockedBuckets ?? []) pending.push(store.ensureBucket(b, { locked: true }));
  for (const [b, acl] of Object.entries(options.bucketAcls ?? {})) pending.push(store.ensureBucket(b, { acl }));
  await Promise.all(pending);

  const stats = new StatsCounter();
  const accessKeyId = options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID;
  const accessKeySecret = options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET;
  const region = options.region ?? DEFAULT_REGION;

  const server = http.createServer(
    { keepAlive: true, keepAliveTimeout: 30_000, requestTimeout: 120_000 },
    createRouter({
      store, faults, stats,
      auth: { accessKeyId, accessKeySecret, securityToken: options.securityToken, region, temporaryCredentials: options.temporaryCredentials },
      maxObjectBytes: options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    }),
  );
  // In flight from the parsed request head until the response is finished or the socket closes.
  server.on("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
    const end = stats.begin();
    res.once("finish", end);
    res.once("close", end);
  });
  // keep-alive sockets idle longer than clients' pools, so the server is not the side that races a close.
  server.keepAliveTimeout = 30_000;
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  const host = options.host ?? "127.0.0.1";
  const { port, hostPort } = await listen(server, host, options.port);
  const endpoint = `http://${hostPort}`;
  const closeServer = closeOnce(server);
  let closed: Promise<void> | undefined;
  return {
    endpoint, port, region, accessKeyId, accessKeySecret, faults,
    close() {
      closed ??= closeServer().then(() => store.flush());
      return closed;
    },
    stats: () => stats.snapshot(faults.counts),
    resetStats() {
      stats.reset();
      faults.resetCounts();
    },
    async createBucket(name, settings = {}) {
      await store.ensureBucket(name, settings);
    },
  };
}
