"use strict";
/**
 * `npm run bench`: builds, then measures (docs/performance.md explains each figure):
 *   1. requests per lifecycle operation        (provider implementation, in-process server)
 *   2. client throughput vs ali-oss and a floor (server in its own process)
 *   3. engine overhead and effective concurrency (real `pulumi up`)
 *   4. state size                                (exported deployment)
 *   5. peak RSS of the dynamic-provider process  (N = 400)
 *   6. local server PutSymlink throughput
 * Prints a table and writes bench/results.json.
 *
 * Flags: --only=ops,client,server,engine (comma list)  --quick (fewer rounds and smaller N, for trying it out)
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { benchRequestsPerOp } = require("./requestsPerOp");
const { benchClients } = require("./clientThroughput");
const { benchServer } = require("./serverThroughput");
const { benchEngine } = require("./engineBench");
const { benchSignerCost } = require("./signerCost");

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice("--only=".length).split(",")) : undefined;
const wants = (name) => only === undefined || only.has(name);

const RESULTS = path.join(__dirname, "results.json");
const started = Date.now();
const log = (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

// Ctrl-C: exit normally so the spawned servers are reaped by their exit hooks.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

const PARALLEL = 16;

const fmt = (v, digits = 0) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : String(v ?? "n/a"));
const mark = (ok) => (ok === undefined ? "" : ok ? "ok" : "MISSED");

function table(r) {
  const rows = [];
  const add = (item, metric, value, goal, ok) => rows.push([item, metric, value, goal, mark(ok)]);
  if (r.requestsPerOp) {
    const c = r.requestsPerOp;
    const goals = { check: 0, diff: 0, create: 1, update: 1, read: 3, delete: 2 };
    for (const [op, goal] of Object.entries(goals)) {
      const limit = op === "read" || op === "delete" ? `<= ${goal}` : `${goal}`;
      add("1 requests/op", op, fmt(c[op]), limit + (op === "read" ? " concurrent" : ""),
        op === "read" ? c[op] <= goal && r.details.requestsPerOp.readWithLatency.concurrent : op === "delete" ? c[op] <= goal : c[op] === goal);
    }
  }
  if (r.client) {
    const v = r.client.signatureVersion.toUpperCase();
    for (const [label, goal] of [["c1", 1.2], ["c64", 2.0]]) {
      const c = r.client[label];
      add("2 client", `${label} ${v} ours / ali-oss ops/s`, `${fmt(c.ours)} / ${fmt(c.aliOss)} = ${fmt(c.ratio, 2)}x`, `>= ${goal}x`, c.ratio >= goal);
    }
    add("2 client", `c64 ${v} ours / floor`, `${fmt(r.client.c64.ours)} / ${fmt(r.client.c64.floor)} = ${fmt(r.client.floorRatio, 2)}`, ">= 0.85", r.client.floorRatio >= 0.85);
    for (const [ver, res] of Object.entries(r.details.clientByVersion ?? {})) {
      if (ver === r.client.signatureVersion) continue;
      for (const label of ["c1", "c64"]) {
        const c = res[label];
        add("2 client", `${label} ${ver.toUpperCase()} ours / ali-oss (ours/floor)`, `${fmt(c.ours)} / ${fmt(c.aliOss)} = ${fmt(c.ratio, 2)}x (${fmt(c.floorRatio, 2)})`, "info");
      }
    }
    for (const [ver, res] of Object.entries(r.details.clientByVersion ?? {})) {
      const cpu = res.c64.cpuUsPerOp;
      add("2 client", `c64 ${ver.toUpperCase()} client CPU µs/op ours / ali-oss / floor`, `${fmt(cpu.ours)} / ${fmt(cpu.aliOss)} / ${fmt(cpu.floor)}`, "info");
    }
  }
  if (r.signing) {
    const s = r.signing;
    add("2 client", "µs per signV4 / signV1 call", `${fmt(s.signV4, 1)} / ${fmt(s.signV1, 1)}`, "info");
    add("2 client", "client pipeline µs/op without I/O (V4 / V1)", `${fmt(s.pipelineV4, 1)} / ${fmt(s.pipelineV1, 1)}`, "info");
  }
  if (r.engine) {
    const e = r.engine;
    for (const n of ["n100", "n400"]) {
      if (!e[n]) continue;
      add("3 engine", `up ${n.slice(1)} ours / no-op (s)`, `${fmt(e[n].ours / 1000, 1)} / ${fmt(e[n].noop / 1000, 1)} = ${fmt(e[n].ratio, 2)}`, "<= 1.2", e[n].ratio <= 1.2);
    }
    for (const [n, l] of Object.entries(e.latency ?? {})) {
      add("3 engine", `+${e.latencyMs} ms: added time ${n.slice(1)} (s)`, `${fmt(l.addedMs / 1000, 2)} (parallel ideal ${fmt(l.idealAddedMs / 1000, 2)})`, "info");
    }
    add("3 engine", `effective concurrency (--parallel ${e.parallel})`, e.effectiveConcurrency === null ? "latency hidden (added time <= 0)" : fmt(e.effectiveConcurrency, 1),
      `>= ${fmt(0.8 * e.parallel, 1)}`, e.effectiveConcurrency === null || e.effectiveConcurrency >= 0.8 * e.parallel);
  }
  if (r.state) {
    add("4 state", "bytes per Symlink", fmt(r.state.bytesPerResource), "info");
    add("4 state", "__provider bytes (naive)", `${fmt(r.state.providerBytes)} (${r.state.naiveProviderBytes ?? r.details.naiveError ?? "n/a"})`, "<= 2048", r.state.providerBytes <= 2048);
  }
  if (r.rssMB !== undefined) add("5 memory", `provider peak RSS at N=${r.details.rssN} MB (no-op)`, `${fmt(r.rssMB)} (${fmt(r.details.noopRssMB)})`, "info");
  if (r.server) add("6 server", "PutSymlink ops/s at c64", fmt(r.server.putSymlinkOpsPerSec), "info");
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((row) => String(row[i]).length), 4));
  const line = (row) => row.map((c, i) => String(c).padEnd(widths[i])).join(" | ");
  return [line(["item", "metric", "value", "goal", ""]), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

async function main() {
  const results = {
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}`, loadavgAtStart: os.loadavg() },
    startedAt: new Date().toISOString(),
    quick,
    details: {},
  };
  if (wants("ops")) {
    log("1. requests per lifecycle operation");
    const r = await benchRequestsPerOp({ log });
    results.requestsPerOp = r.counts;
    results.details.requestsPerOp = r;
  }
  if (wants("client")) {
    log("2. client throughput (server in its own process)");
    const r = await benchClients({
      rounds: quick ? 3 : 5,
      pairs: quick ? { c1: 150, c64: 1000 } : { c1: 300, c64: 2000 },
      versions: ["v4", "v1"],
      log,
    });
    const v4 = r.v4;
    results.client = {
      signatureVersion: "v4",
      c1: { ours: v4.c1.ours, aliOss: v4.c1.aliOss, floor: v4.c1.floor, ratio: v4.c1.ratio },
      c64: { ours: v4.c64.ours, aliOss: v4.c64.aliOss, floor: v4.c64.floor, ratio: v4.c64.ratio },
      floorRatio: v4.c64.floorRatio,
      floorRatioC1: v4.c1.floorRatio,
    };
    results.details.clientByVersion = r;
  }
  if (wants("client")) {
    log("2b. signer and client pipeline CPU cost (no I/O)");
    results.signing = await benchSignerCost({ rounds: quick ? 3 : 5, calls: 20000, log });
  }
  if (wants("server")) {
    log("6. local server throughput");
    results.server = await benchServer({ rounds: quick ? 3 : 5, requests: quick ? 2000 : 4000, log });
  }
  if (wants("engine")) {
    log("3–5. engine: pulumi up (this is the long part)");
    const sizes = quick ? [{ n: 20, repeats: 1 }, { n: 100, repeats: 1 }] : [{ n: 100, repeats: 3 }, { n: 400, repeats: 1 }];
    const e = await benchEngine({ sizes, parallel: PARALLEL, log });
    const big = `n${Math.max(...sizes.map((s) => s.n))}`;
    const main = e.latency[big] ?? {};
    results.engine = {
      n100: e.n100,
      n400: e.n400,
      parallel: e.parallel,
      latencyMs: e.latencyMs,
      // From the largest N (the biggest signal); null when the latency was fully hidden.
      effectiveConcurrency: main.effectiveConcurrency,
      effectiveConcurrencyN: Number(big.slice(1)),
      latency: e.latency,
    };
    if (quick) Object.assign(results.engine, { n20: e.n20 });
    results.state = {
      bytesPerResource: e.state.ours.bytesPerResource,
      providerBytes: e.state.ours.providerBytes,
      naiveProviderBytes: e.state.naive.providerBytes ?? null,
      naiveBytesPerResource: e.state.naive.bytesPerResource ?? null,
    };
    if (e.state.naive.error) results.details.naiveError = e.state.naive.error;
    results.rssMB = e.rssKb ? e.rssKb / 1024 : null;
    results.details.rssN = Number(big.slice(1));
    results.details.noopRssMB = e.noopRssKb ? e.noopRssKb / 1024 : null;
    results.details.engineRuns = e.runs;
  }
  results.machine.loadavgAtEnd = os.loadavg();
  results.durationSeconds = (Date.now() - started) / 1000;
  fs.writeFileSync(RESULTS, JSON.stringify(results, (k, v) => (k === "samples" ? undefined : v), 2) + "\n");
  process.stdout.write(`\npulumi-oss-symlink bench — ${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${results.machine.node}` +
    `, load average ${results.machine.loadavgAtStart.map((x) => x.toFixed(1)).join(" ")} at start\n\n${table(results)}\n\n` +
    `wrote ${path.relative(process.cwd(), RESULTS)} in ${results.durationSeconds.toFixed(0)} s\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
