"use strict";
/**
 * Item 1, requests per lifecycle operation: calls the provider implementation directly (as the
 * dynamic-provider host would) against an in-process local server and counts what reached the
 * server in `stats().byOperation`. `read` is also run with 50 ms of injected latency, and the
 * server's peak in-flight count says whether its requests went out together (peak = their number).
 */
const { startLocalOss } = require("pulumi-oss-symlink/server");

const PROJECT = "bench";
const READ_LATENCY_MS = 50;

function configSource(values) {
  return {
    get: (key) => values[key] ?? values[`${PROJECT}:${key}`],
  };
}

async function counted(oss, fn) {
  oss.resetStats();
  const result = await fn();
  const { total, byOperation } = oss.stats();
  return { result, total, byOperation };
}

async function benchRequestsPerOp(opts) {
  const impl = require("pulumi-oss-symlink/provider-impl");
  const oss = await startLocalOss({ buckets: ["bench"] });
  try {
    await impl.configure({
      config: configSource({
        "alicloud:region": oss.region,
        "alicloud:accessKey": oss.accessKeyId,
        "alicloud:secretKey": oss.accessKeySecret,
        "pulumi-oss-symlink:endpoint": oss.endpoint,
      }),
    });
    const raw = { bucket: "bench", key: "links/latest", target: "releases/v1.bin", ownerId: "bench-owner-0001", metadata: { channel: "stable" } };
    const check = await counted(oss, () => impl.check({}, raw));
    if (check.result.failures && check.result.failures.length > 0) {
      throw new Error(`check failed: ${JSON.stringify(check.result.failures)}`);
    }
    const inputs = check.result.inputs;
    const create = await counted(oss, () => impl.create(inputs));
    const { id, outs } = create.result;
    const changed = { ...inputs, metadata: { channel: "beta" } };
    const diff = await counted(oss, () => impl.diff(id, outs, changed));
    const update = await counted(oss, () => impl.update(id, outs, changed));
    const after = update.result.outs;
    const read = await counted(oss, () => impl.read(id, after));
    if (read.result.id !== id) throw new Error(`read lost the link: ${JSON.stringify(read.result)}`);

    oss.faults.set({ latencyMs: READ_LATENCY_MS });
    oss.resetStats();
    const t0 = process.hrtime.bigint();
    await impl.read(id, after);
    const readWallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    // Measured, not inferred from the time: how many of read's requests the server held at once.
    const readPeakInFlight = oss.stats().inFlight.peak;
    oss.faults.clear();

    const del = await counted(oss, () => impl.delete(id, after));
    const gone = await counted(oss, () => impl.read(id, after));
    if (gone.result.id !== undefined) throw new Error("delete left the link in place");

    const ops = { check, diff, create, update, read, delete: del };
    const out = {};
    const detail = {};
    for (const [name, r] of Object.entries(ops)) {
      out[name] = r.total;
      detail[name] = r.byOperation;
    }
    opts.log(`requests per op: ${Object.entries(out).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    opts.log(`  read with ${READ_LATENCY_MS} ms latency took ${readWallMs.toFixed(0)} ms (${out.read} requests, ${readPeakInFlight} in flight at once at the server)`);
    return {
      counts: out,
      byOperation: detail,
      readWithLatency: { latencyMs: READ_LATENCY_MS, wallMs: readWallMs, peakInFlight: readPeakInFlight, concurrent: readPeakInFlight === out.read },
    };
  } finally {
    if (typeof impl.shutdown === "function") await impl.shutdown();
    await oss.close();
  }
}

module.exports = { benchRequestsPerOp };

if (require.main === module) {
  benchRequestsPerOp({ log: console.log })
    .then((r) => console.log(JSON.stringify(r, null, 1)))
    .catch((e) => { console.error(e); process.exit(1); });
}
