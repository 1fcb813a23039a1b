"use strict";
/**
 * Item 6, local server: PutSymlink requests per second at concurrency 64. The server runs in
 * its own process; the load comes from raw undici with V4 signatures computed before each timed
 * round, so as little client work as possible competes with the server for the two cores.
 */
const { Agent } = require("undici");
const { signV4, encodeKeyPath, encodeSymlinkTarget } = require("pulumi-oss-symlink/oss");
const { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION } = require("pulumi-oss-symlink/server");
const { median, runConcurrent } = require("./lib/measure");
const { spawnServer } = require("./lib/spawnServer");

const CREDENTIALS = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };

function prepare(n, round) {
  const date = new Date();
  return Array.from({ length: n }, (_, i) => {
    const key = `server-bench/link-${i}`;
    const target = `targets/${round}/object-${i}`;
    const headers = { "x-oss-symlink-target": encodeSymlinkTarget(target) };
    const signed = signV4(
      { method: "PUT", bucket: "bench", key, query: { symlink: null }, headers, region: DEFAULT_REGION },
      CREDENTIALS,
      date,
    );
    return { path: `/bench/${encodeKeyPath(key)}?symlink`, headers: { ...headers, ...signed } };
  });
}

async function benchServer(opts) {
  const server = await spawnServer(["--bucket", "bench"]);
  const agent = new Agent({ keepAliveTimeout: 4_000 });
  const samples = [];
  try {
    const put = async (p) => {
      const res = await agent.request({ origin: server.endpoint, path: p.path, method: "PUT", headers: p.headers });
      await res.body.dump();
      if (res.statusCode !== 200) throw new Error(`PutSymlink ${res.statusCode}`);
    };
    for (let r = -1; r < opts.rounds; r++) {
      const batch = prepare(opts.requests, r);
      const ms = await runConcurrent(batch.length, 64, (i) => put(batch[i]));
      if (r >= 0) samples.push(batch.length / (ms / 1000)); // round -1 warms up
    }
  } finally {
    await agent.close();
    await server.stop();
  }
  const putSymlinkOpsPerSec = median(samples);
  opts.log(`server: PutSymlink ${putSymlinkOpsPerSec.toFixed(0)} ops/s at concurrency 64 (V4, median of ${samples.length})`);
  return { putSymlinkOpsPerSec, concurrency: 64, signatureVersion: "v4", samples };
}

module.exports = { benchServer };

if (require.main === module) {
  benchServer({ rounds: 5, requests: 4000, log: console.log }).catch((e) => { console.error(e); process.exit(1); });
}
