"use strict";
/**
 * Items 3–5 through the real Pulumi engine (Automation API, file backend, offline):
 *  3. `pulumi up` of N Symlinks vs N no-op dynamic resources, and the effective concurrency of
 *     the Symlink provider with 20 ms injected at the server;
 *  4. state size: bytes per Symlink and of its `__provider`, next to a naive provider;
 *  5. peak RSS of the dynamic-provider process during the N = 400 `up`.
 * Every `up` runs on a fresh stack in a fresh temp backend; servers run in their own processes.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION } = require("pulumi-oss-symlink/server");
const { expectOk, locatePulumi, runEngine } = require("./lib/engine");
const { median } = require("./lib/measure");
const { spawnServer } = require("./lib/spawnServer");

const PROJECT = "ossbench";
const LATENCY_MS = 20;

function providerConfig(endpoint) {
  return {
    "alicloud:region": { value: DEFAULT_REGION },
    "alicloud:accessKey": { value: DEFAULT_ACCESS_KEY_ID },
    "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
    [`${PROJECT}:endpoint`]: { value: endpoint },
  };
}

let runCounter = 0;

/** One `up` of `program` on a fresh stack; resolves with timing, RSS and (optionally) the export. */
async function up(pulumiDir, { program, args, config, parallel, exportState }) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "oss-bench-engine-"));
  const stackName = `b${++runCounter}`;
  try {
    const base = { stateDir, projectName: PROJECT, stackName };
    const result = expectOk(
      await runEngine({ ...base, op: "up", program: { module: program, args }, config, options: { parallel } }, pulumiDir),
    );
    let deployment;
    if (exportState) deployment = expectOk(await runEngine({ ...base, op: "export" }, pulumiDir)).deployment;
    const created = result.resourceChanges?.create ?? 0;
    return { upMs: result.durationMs, wallMs: result.wallMs, rssKb: result.providerPeakRssKb, created, deployment };
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Bytes of each resource of `type` as stored (JSON), and of its `__provider` string. */
function stateSizes(deployment, type) {
  const resources = (deployment?.deployment?.resources ?? []).filter((r) => r.type === type);
  if (resources.length === 0) return undefined;
  const bytes = resources.map((r) => Buffer.byteLength(JSON.stringify(r)));
  const provider = resources[0].outputs?.__provider ?? resources[0].inputs?.__provider;
  return {
    resources: resources.length,
    bytesPerResource: bytes.reduce((a, b) => a + b, 0) / bytes.length,
    providerBytes: typeof provider === "string" ? Buffer.byteLength(provider) : undefined,
  };
}

async function benchEngine(opts) {
  const pulumiDir = locatePulumi();
  if (pulumiDir === undefined) throw new Error("no Pulumi CLI: run `bash scripts/ensure-pulumi.sh`");
  opts.log(`engine: pulumi CLI in ${pulumiDir}, --parallel ${opts.parallel}`);
  const fast = await spawnServer(["--bucket", "bench"]);
  const slow = await spawnServer(["--bucket", "bench", "--latency-ms", String(LATENCY_MS)]);
  const out = { parallel: opts.parallel, latencyMs: LATENCY_MS, latency: {}, runs: [] };
  try {
    const run = async (label, spec) => {
      const r = await up(pulumiDir, { parallel: opts.parallel, ...spec });
      const expected = spec.args.n + 1; // the stack resource is a create too
      if (r.created !== expected) throw new Error(`${label}: expected ${expected} creates, engine reported ${r.created}`);
      out.runs.push({ label, upMs: r.upMs, wallMs: r.wallMs, rssKb: r.rssKb });
      opts.log(`  ${label}: up ${(r.upMs / 1000).toFixed(2)} s${r.rssKb ? `, provider peak RSS ${(r.rssKb / 1024).toFixed(0)} MB` : ""}`);
      return r;
    };
    const ours = (n, server, prefix, extra = {}) =>
      run(`symlinks n=${n}${server === slow ? ` +${LATENCY_MS}ms` : ""}`, {
        program: "./bench/programs/symlinks.js",
        args: { n, bucket: "bench", prefix },
        config: providerConfig(server.endpoint),
        ...extra,
      });
    const noop = (n, prefix) =>
      run(`no-op n=${n}`, { program: "./bench/programs/noop.js", args: { n, bucket: "bench", prefix }, config: {} });

    // State size first (small N is enough): ours and the naive provider.
    const small = await ours(10, fast, "state", { exportState: true });
    const oursState = stateSizes(small.deployment, "pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink");
    let naive;
    try {
      const r = await run("naive n=10", {
        program: "./bench/programs/naive.js",
        args: { n: 10, bucket: "bench", prefix: "naive", endpoint: fast.endpoint, accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
        config: {},
        exportState: true,
      });
      naive = stateSizes(r.deployment, "pulumi-nodejs:dynamic/bench:NaiveLink");
    } catch (err) {
      naive = { error: String(err.message ?? err).split("\n")[0] };
    }
    out.state = { ours: oursState, naive };
    opts.log(
      `  state: ${oursState.bytesPerResource.toFixed(0)} B per Symlink, __provider ${oursState.providerBytes} B; ` +
        (naive.error ? `naive provider failed: ${naive.error}` : `naive __provider ${naive.providerBytes} B`),
    );

    // Overhead vs no-op, and the same program with 20 ms per request at the server. The three
    // kinds take turns so that load from elsewhere on the machine hits them alike.
    for (const { n, repeats } of opts.sizes) {
      const o = [];
      const z = [];
      const s = [];
      for (let k = 0; k < repeats; k++) {
        const order = [
          async () => o.push(await ours(n, fast, `o${n}-${k}`)),
          async () => z.push(await noop(n, `z${n}-${k}`)),
          async () => s.push(await ours(n, slow, `s${n}-${k}`)),
        ];
        for (let j = 0; j < order.length; j++) await order[(j + k) % order.length]();
      }
      const oursMs = median(o.map((r) => r.upMs));
      const noopMs = median(z.map((r) => r.upMs));
      const slowMs = median(s.map((r) => r.upMs));
      const addedMs = slowMs - oursMs;
      // Run-to-run spread of the same job: Δ smaller than this is noise, not a measurement.
      const spreadMs = repeats > 1 ? Math.max(...o.map((r) => r.upMs)) - Math.min(...o.map((r) => r.upMs)) : undefined;
      const ideal = (n * LATENCY_MS) / opts.parallel;
      out[`n${n}`] = { ours: oursMs, noop: noopMs, ratio: oursMs / noopMs, repeats };
      out.latency[`n${n}`] = {
        withLatencyMs: slowMs,
        withoutMs: oursMs,
        addedMs,
        spreadMs,
        idealAddedMs: ideal,
        effectiveConcurrency: addedMs > 0 ? (n * LATENCY_MS) / addedMs : null,
        effectiveConcurrencyLowerBound: (n * LATENCY_MS) / Math.max(addedMs, spreadMs ?? 0, 1),
      };
      opts.log(
        `  n=${n}: ours ${(oursMs / 1000).toFixed(1)} s, no-op ${(noopMs / 1000).toFixed(1)} s, ratio ${(oursMs / noopMs).toFixed(2)}; ` +
          `+${LATENCY_MS} ms latency adds ${(addedMs / 1000).toFixed(2)} s (fully parallel would add ${(ideal / 1000).toFixed(2)} s)`,
      );
      if (n === Math.max(...opts.sizes.map((x) => x.n))) {
        out.rssKb = Math.max(...[...o, ...s].map((r) => r.rssKb ?? 0));
        out.noopRssKb = Math.max(...z.map((r) => r.rssKb ?? 0));
      }
    }
  } finally {
    await Promise.all([fast.stop(), slow.stop()]);
  }
  return out;
}

module.exports = { benchEngine };

if (require.main === module) {
  const sizes = (process.env.SIZES ?? "100:3,400:1").split(",").map((x) => {
    const [n, repeats] = x.split(":").map(Number);
    return { n, repeats: repeats || 1 };
  });
  benchEngine({ sizes, parallel: Number(process.env.PARALLEL ?? 16), log: console.log })
    .then((r) => console.log(JSON.stringify(r, null, 1)))
    .catch((e) => { console.error(e); process.exit(1); });
}
