"use strict";
/**
 * Item 2, client throughput: PutSymlink then GetSymlink of the same key, per key, at
 * concurrency 1 and 64, for this package's client, `ali-oss`, and a floor of raw undici
 * requests whose signatures were computed before the timed loop. One op = one HTTP request.
 *
 * The server runs in its own process; all clients share this process and take turns in rotating
 * order, so a slow minute on the shared machine hits all of them alike. At c = 64 a turn is a
 * whole round; at c = 1 the turns are blocks of a few pairs inside each round (ours, floor,
 * ali-oss, then the next block in the next order), so a burst of load from elsewhere, which lasts
 * longer than a block, lands on the three clients alike instead of on one client's whole round.
 * Each figure is the median of the rounds' ratios.
 */
const OSS = require("ali-oss");
const { Agent } = require("undici");
const { createOssClient, signV1, signV4, encodeKeyPath, encodeSymlinkTarget } = require("pulumi-oss-symlink/oss");
const { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION } = require("pulumi-oss-symlink/server");
const { median, runConcurrent, summary } = require("./lib/measure");
const { spawnServer } = require("./lib/spawnServer");

const BUCKET = "bench";
const CREDENTIALS = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };

const keyOf = (prefix, i) => `${prefix}/link-${String(i).padStart(5, "0")}`;
const targetOf = (i) => `targets/object-${String(i).padStart(5, "0")}.bin`;

function ourClient(endpoint, version) {
  const client = createOssClient({ region: DEFAULT_REGION, endpoint, credentials: CREDENTIALS, signatureVersion: version });
  return {
    name: "ours",
    pair: async (prefix, i) => {
      const key = keyOf(prefix, i);
      await client.putSymlink({ bucket: BUCKET, key, target: targetOf(i) });
      const got = await client.getSymlink({ bucket: BUCKET, key });
      if (got.target !== targetOf(i)) throw new Error(`ours: wrong target ${got.target}`);
    },
    close: () => client.close(),
  };
}

function aliOssClient(endpoint, version) {
  // IP endpoint: ali-oss connects to it and sends Host: bench.oss-cn-hangzhou.aliyuncs.com with
  // path /key; the server reads the bucket from the Host (see docs/server.md). sldEnable stays off.
  const client = new OSS({
    endpoint,
    cname: false,
    region: `oss-${DEFAULT_REGION}`,
    bucket: BUCKET,
    ...CREDENTIALS,
    authorizationV4: version === "v4",
    timeout: 30_000,
  });
  return {
    name: "aliOss",
    pair: async (prefix, i) => {
      const key = keyOf(prefix, i);
      await client.putSymlink(key, targetOf(i));
      const got = await client.getSymlink(key);
      if (got.targetName !== targetOf(i)) throw new Error(`ali-oss: wrong target ${got.targetName}`);
    },
    close: async () => undefined,
  };
}

/** Raw undici with every signature computed in `prepare`, before the clock starts. */
function floorClient(endpoint, version) {
  const agent = new Agent({ keepAliveTimeout: 4_000 });
  const sign = version === "v1" ? signV1 : signV4;
  let prepared = [];
  return {
    name: "floor",
    prepare: (prefix, n) => {
      const date = new Date();
      prepared = Array.from({ length: n }, (_, i) => {
        const key = keyOf(prefix, i);
        const path = `/${BUCKET}/${encodeKeyPath(key)}?symlink`;
        const putHeaders = { "x-oss-symlink-target": encodeSymlinkTarget(targetOf(i)) };
        const base = { bucket: BUCKET, key, query: { symlink: null }, region: DEFAULT_REGION };
        return {
          path,
          put: { ...putHeaders, ...sign({ ...base, method: "PUT", headers: putHeaders }, CREDENTIALS, date) },
          get: sign({ ...base, method: "GET", headers: {} }, CREDENTIALS, date),
        };
      });
    },
    pair: async (_prefix, i) => {
      const p = prepared[i];
      const put = await agent.request({ origin: endpoint, path: p.path, method: "PUT", headers: p.put });
      await put.body.dump();
      if (put.statusCode !== 200) throw new Error(`floor: PutSymlink ${put.statusCode}`);
      const get = await agent.request({ origin: endpoint, path: p.path, method: "GET", headers: p.get });
      await get.body.dump();
      if (get.statusCode !== 200) throw new Error(`floor: GetSymlink ${get.statusCode}`);
    },
    close: () => agent.close(),
  };
}

/**
 * @param {{ rounds: number | { c1: number, c64: number }, pairs: { c1: number, c64: number }, versions: string[], levels?: string[], log: (s: string) => void }} opts
 *   rounds per concurrency level: short rounds, many of them, keep the three clients' turns close
 *   together in time, so the per-round ratios see the same load from elsewhere on the machine
 */
/** Pairs per turn at c = 1: 5 pairs = 10 requests, ~3 ms each on a quiet machine. */
const C1_BLOCK = 5;

/**
 * One c = 1 round: `n` pairs per client, in blocks of {@link C1_BLOCK} taking turns in rotating
 * order. Resolves with each client's summed time (ms) and CPU (µs) over its blocks.
 */
async function interleavedRound(clients, n, label, r) {
  const ms = Object.fromEntries(clients.map((c) => [c.name, 0]));
  const cpuUs = Object.fromEntries(clients.map((c) => [c.name, 0]));
  for (const c of clients) if (c.prepare) c.prepare(`${c.name}-${label}`, n);
  for (let start = 0, b = 0; start < n; start += C1_BLOCK, b++) {
    const end = Math.min(n, start + C1_BLOCK);
    for (let k = 0; k < clients.length; k++) {
      const c = clients[(k + r + b) % clients.length];
      const prefix = `${c.name}-${label}`;
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let i = start; i < end; i++) await c.pair(prefix, i);
      ms[c.name] += Number(process.hrtime.bigint() - t0) / 1e6;
      const used = process.cpuUsage(cpu0);
      cpuUs[c.name] += used.user + used.system;
    }
  }
  return { ms, cpuUs };
}

async function benchClients(opts) {
  const server = await spawnServer(["--bucket", BUCKET]);
  const out = {};
  try {
    for (const version of opts.versions) {
      const clients = [ourClient(server.endpoint, version), aliOssClient(server.endpoint, version), floorClient(server.endpoint, version)];
      out[version] = {};
      for (const [label, concurrency] of [["c1", 1], ["c64", 64]].filter(([l]) => (opts.levels ?? ["c1", "c64"]).includes(l))) {
        const n = opts.pairs[label];
        const samples = Object.fromEntries(clients.map((c) => [c.name, []]));
        // Client CPU per request: this process's CPU time over the round. The server has its own
        // process, so this is the client's cost alone, and it is far less sensitive to other load
        // on the machine than ops/s.
        const cpu = Object.fromEntries(clients.map((c) => [c.name, []]));
        // One untimed warm-up round each: connections, JIT, server-side keys.
        for (const c of clients) {
          if (c.prepare) c.prepare(`${c.name}-${label}`, n);
          await runConcurrent(n, concurrency, (i) => c.pair(`${c.name}-${label}`, i));
        }
        const rounds = typeof opts.rounds === "number" ? opts.rounds : opts.rounds[label];
        for (let r = 0; r < rounds && concurrency === 1; r++) {
          const { ms, cpuUs } = await interleavedRound(clients, n, label, r);
          for (const c of clients) {
            samples[c.name].push((2 * n) / (ms[c.name] / 1000));
            cpu[c.name].push(cpuUs[c.name] / (2 * n));
          }
        }
        for (let r = 0; r < rounds && concurrency !== 1; r++) {
          const order = clients.map((_, k) => clients[(k + r) % clients.length]);
          for (const c of order) {
            const prefix = `${c.name}-${label}`;
            if (c.prepare) c.prepare(prefix, n);
            const cpu0 = process.cpuUsage();
            const ms = await runConcurrent(n, concurrency, (i) => c.pair(prefix, i));
            const used = process.cpuUsage(cpu0);
            samples[c.name].push((2 * n) / (ms / 1000));
            cpu[c.name].push((used.user + used.system) / (2 * n));
          }
        }
        const ours = median(samples.ours);
        const aliOss = median(samples.aliOss);
        const floor = median(samples.floor);
        const cpuUsPerOp = Object.fromEntries(clients.map((c) => [c.name, median(cpu[c.name])]));
        // Per-round ratios (the clients of one round ran back to back): their median and spread.
        const ratios = {
          aliOss: summary(samples.ours.map((o, r) => o / samples.aliOss[r])),
          floor: summary(samples.ours.map((o, r) => o / samples.floor[r])),
        };
        out[version][label] = { ours, aliOss, floor, ratio: ratios.aliOss.median, floorRatio: ratios.floor.median, ratios, cpuUsPerOp, samples };
        opts.log(
          `client ${version} ${label}: ours ${ours.toFixed(0)} ops/s, ali-oss ${aliOss.toFixed(0)}, floor ${floor.toFixed(0)}` +
            ` (ours/ali-oss ${ratios.aliOss.median.toFixed(2)}, ours/floor ${ratios.floor.median.toFixed(2)} ±${(50 * ratios.floor.spread).toFixed(0)}%);` +
            ` client CPU µs/op ours ${cpuUsPerOp.ours.toFixed(0)}, ali-oss ${cpuUsPerOp.aliOss.toFixed(0)}, floor ${cpuUsPerOp.floor.toFixed(0)}`,
        );
      }
      await Promise.all(clients.map((c) => c.close()));
    }
  } finally {
    await server.stop();
  }
  return out;
}

module.exports = { benchClients, floorClient, keyOf, targetOf, BUCKET };

if (require.main === module) {
  const rounds = Number(process.env.ROUNDS ?? 5);
  const pairs = { c1: Number(process.env.C1 ?? 300), c64: Number(process.env.C64 ?? 2000) };
  benchClients({ rounds, pairs, levels: (process.env.LEVELS ?? "c1,c64").split(","), versions: (process.env.VERSIONS ?? "v4,v1").split(","), log: console.log })
    .then((r) => console.log(JSON.stringify(r, (k, v) => (k === "samples" ? undefined : v), 1)))
    .catch((e) => { console.error(e); process.exit(1); });
}
