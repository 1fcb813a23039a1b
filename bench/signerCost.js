"use strict";
/**
 * CPU cost that does not depend on the network or on other load as much as ops/s does:
 * µs per `signV4` / `signV1` call, and µs per operation of the whole client pipeline
 * (build, sign, send, parse) over a dispatcher that answers at once with canned headers.
 */
const { createOssClient, signV1, signV4 } = require("pulumi-oss-symlink/oss");
const { median } = require("./lib/measure");

const CREDENTIALS = { accessKeyId: "bench-access-key-id", accessKeySecret: "bench-access-key-secret" };
const REQUEST = {
  method: "PUT",
  bucket: "bench",
  key: "links/item-00012",
  query: { symlink: null },
  headers: { "x-oss-symlink-target": "targets/item-00012.bin" },
  region: "cn-hangzhou",
};

function perCall(fn, n) {
  for (let i = 0; i < n / 10; i++) fn(i);
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Number(process.hrtime.bigint() - t) / 1e3 / n;
}

/** A stand-in for undici's Dispatcher: answers every request at once, like a fast OSS would. */
function instantDispatcher() {
  const common = { etag: '"0123456789ABCDEF0123456789ABCDEF"', "x-oss-request-id": "0123456789ABCDEF01234567", "content-length": "0" };
  const get = { ...common, "x-oss-symlink-target": "targets%2Fitem.bin", "last-modified": "Wed, 15 Jan 2025 08:30:00 GMT" };
  const body = { dump: async () => undefined, arrayBuffer: async () => new ArrayBuffer(0) };
  return {
    request: async (o) => ({ statusCode: 200, headers: o.method === "GET" ? get : common, body }),
    close: async () => undefined,
  };
}

async function pipelinePerOp(version, n) {
  const client = createOssClient({ region: "cn-hangzhou", endpoint: "http://127.0.0.1:9", credentials: CREDENTIALS, signatureVersion: version, dispatcher: instantDispatcher() });
  const pair = async (i) => {
    await client.putSymlink({ bucket: "bench", key: `links/item-${i}`, target: "targets/item.bin" });
    await client.getSymlink({ bucket: "bench", key: `links/item-${i}` });
  };
  for (let i = 0; i < n / 10; i++) await pair(i);
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await pair(i);
  return Number(process.hrtime.bigint() - t) / 1e3 / (2 * n);
}

async function benchSignerCost(opts) {
  const base = Date.UTC(2025, 0, 15, 8, 30, 0);
  const samples = { signV4: [], signV1: [], pipelineV4: [], pipelineV1: [] };
  for (let r = 0; r < opts.rounds; r++) {
    samples.signV4.push(perCall((i) => signV4(REQUEST, CREDENTIALS, new Date(base + i * 1000)), opts.calls));
    samples.signV1.push(perCall((i) => signV1(REQUEST, CREDENTIALS, new Date(base + i * 1000)), opts.calls));
    samples.pipelineV4.push(await pipelinePerOp("v4", opts.calls / 2));
    samples.pipelineV1.push(await pipelinePerOp("v1", opts.calls / 2));
  }
  const out = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  opts.log(
    `signer: signV4 ${out.signV4.toFixed(1)} µs, signV1 ${out.signV1.toFixed(1)} µs per call; ` +
      `client pipeline without I/O: V4 ${out.pipelineV4.toFixed(1)} µs, V1 ${out.pipelineV1.toFixed(1)} µs per op`,
  );
  return out;
}

module.exports = { benchSignerCost };

if (require.main === module) {
  benchSignerCost({ rounds: 5, calls: 20000, log: console.log }).catch((e) => { console.error(e); process.exit(1); });
}
