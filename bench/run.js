"use strict";
/**
 * `npm run bench`: builds, then measures (docs/performance.md explains each figure):
 *   1. requests per lifecycle operation          (provider implementation, in-process server)
 *   2. client throughput vs ali-oss and a floor  (server in its own process)
 *   3. every engine op (up, preview, refresh, destroy) of N Symlinks vs N no-op resources,
 *      through the Automation API and the CLI; requests in flight with 20 ms per request
 *   4. state size                                  (exported deployment)
 *   5. the provider process: peak RSS at N = 1,000, start-up to first request
 *   6. local server PutSymlink throughput; hostile request bodies next to a plain request
 * Every figure is a ratio of runs taken side by side in this run: the median and the spread
 * (± half the range, as % of the median) are printed with its goal and verdict, and written to
 * bench/results.json with the values behind them.
 *
 * Flags: --only=ops,client,server,engine (comma list)
 *        --quick  small N and few rounds: checks that the bench works in a few minutes; its
 *                 figures carry no verdict where the goal is stated at N = 1,000
 * Env:   BENCH_ENGINE_SIZES=100:3,1000:3,2000:1  BENCH_CONCURRENCY=400:1  BENCH_CLI_SIZES=100:1,1000:1 (N:repeats;
 *        empty: none). With --only=engine, sizes not measured keep the figures of the run that did.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { benchRequestsPerOp } = require("./requestsPerOp");
const { benchClients } = require("./clientThroughput");
const { benchServer } = require("./serverThroughput");
const { benchHostileBodies } = require("./hostileBodies");
const { benchEngine, OPS } = require("./engineBench");
const { benchSignerCost } = require("./signerCost");

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice("--only=".length).split(",")) : undefined;
const wants = (name) => only === undefined || only.has(name);

const RESULTS = path.join(__dirname, "results.json");
/** The keys of results.json each section writes. */
const SECTION_KEYS = { ops: ["requestsPerOp"], client: ["client", "signing"], server: ["server", "hostileBodies"], engine: ["engine", "state", "provider"] };
const started = Date.now();
const log = (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

// Ctrl-C: exit normally so the spawned servers are reaped by their exit hooks.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

const PARALLEL = 16;
// N = 100 and 1,000 three times each (ours and no-op taking turns), N = 2,000 once: the curve.
const parseSizes = (text) => text.split(",").filter(Boolean).map((x) => {
  const [n, repeats] = x.split(":").map(Number);
  return { n, repeats: repeats || 1 };
});
const ENGINE_SIZES = parseSizes(process.env.BENCH_ENGINE_SIZES ?? "100:3,1000:3,2000:1");

const fmt = (v, digits = 0) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : String(v ?? "n/a"));
const mark = (ok) => (ok === undefined ? "info" : ok === null ? "not measured" : ok ? "ok" : "MISSED");
/** `median (±half the range as % of the median, k runs)` */
const spread = (s, digits = 2) =>
  s === undefined || !Number.isFinite(s.median) ? "n/a" : `${fmt(s.median, digits)} (±${fmt(50 * s.spread, 0)} %, ${s.n} run${s.n === 1 ? "" : "s"})`;
const GOAL_N = 1000;

function table(r) {
  const rows = [];
  const add = (item, metric, value, goal, ok) => rows.push([item, metric, value, goal ?? "–", mark(ok)]);
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
    for (const [ver, res] of Object.entries(r.client)) {
      const V = ver.toUpperCase();
      for (const label of ["c1", "c64"]) {
        const c = res[label];
        if (!c) continue;
        const floorGoal = label === "c1" ? 0.9 : 0.95;
        add("2 client", `${label} ${V} ours / raw-undici floor`, `${fmt(c.ours)} / ${fmt(c.floor)} ops/s: ${spread(c.ratios.floor)}`, `>= ${floorGoal}`, c.ratios.floor.median >= floorGoal);
        const aliGoal = label === "c64" ? 2.5 : undefined;
        add("2 client", `${label} ${V} ours / ali-oss`, `${fmt(c.ours)} / ${fmt(c.aliOss)} ops/s: ${spread(c.ratios.aliOss)}x`,
          aliGoal ? `>= ${aliGoal}x` : undefined, aliGoal ? c.ratios.aliOss.median >= aliGoal : undefined);
      }
      const cpu = res.c1?.cpuUsPerOp;
      if (cpu) add("2 client", `c1 ${V} client CPU µs/op ours / ali-oss / floor`, `${fmt(cpu.ours)} / ${fmt(cpu.aliOss)} / ${fmt(cpu.floor)}`);
    }
  }
  if (r.signing) {
    const s = r.signing;
    add("2 client", "µs per signV4 / signV1 call", `${fmt(s.signV4, 1)} / ${fmt(s.signV1, 1)}`);
    add("2 client", "client pipeline µs/op without I/O (V4 / V1)", `${fmt(s.pipelineV4, 1)} / ${fmt(s.pipelineV1, 1)}`);
  }
  if (r.engine) {
    const e = r.engine;
    for (const [path, sizes] of [["API", e.sizes], ["CLI", e.cli?.sizes]]) {
      if (path === "CLI" && !e.cli?.found) {
        add("3 engine (CLI)", "every op, ours / no-op", `not measured: ${e.cli?.notMeasured ?? "no result"}`, `<= 1.10 at N=${GOAL_N}`, null);
        continue;
      }
      for (const [n, res] of Object.entries(sizes ?? {})) {
        for (const op of OPS) {
          const o = res.ops[op];
          const goal = Number(n) === GOAL_N ? "<= 1.10" : undefined;
          add(`3 engine (${path})`, `${op} N=${n}: ours / no-op`, `${fmt(o.ours.median / 1000, 1)} / ${fmt(o.noop.median / 1000, 1)} s: ${spread(o.ratio)}`,
            goal, goal ? o.ratio.median <= 1.1 : undefined);
        }
      }
    }
    const c = e.concurrency;
    if (c) {
      for (const op of ["up", "refresh"]) {
        const x = c[op];
        add("3 concurrency", `${op} N=${c.n} +${c.latencyMs} ms, --parallel ${e.parallel}: requests in flight, mean / peak`,
          `ours ${fmt(x.ours.mean.median, 1)} / ${fmt(x.ours.peak.median)}; one-request baseline ${fmt(x.oneRequest.mean.median, 1)} / ${fmt(x.oneRequest.peak.median)}`);
        add("3 concurrency", `${op}: ours' links in flight (requests / ${x.requestsPerResource}) / what the engine offers (baseline)`,
          spread(x.ratio), ">= 0.8", x.ratio.median >= 0.8);
      }
    }
  }
  if (r.state) {
    const s = r.state;
    add("4 state", "bytes per Symlink (exported)", `${fmt(s.ours.bytesPerResource)} = engine ${fmt(s.ours.engineBytes)} + __provider 2 x ${fmt(s.ours.providerTextBytes)} + provider-owned ${fmt(s.ours.providerOwnedBytes)}`,
      "<= 1500", s.ours.bytesPerResource <= 1500);
    add("4 state", "bytes per no-op dynamic resource (same run)", `${fmt(s.noop.bytesPerResource)} = engine ${fmt(s.noop.engineBytes)} + __provider 2 x ${fmt(s.noop.providerTextBytes)} + own ${fmt(s.noop.providerOwnedBytes)}`);
    add("4 state", "__provider bytes", fmt(s.ours.providerTextBytes), "<= 2048", s.ours.providerTextBytes <= 2048);
  }
  if (r.provider) {
    const p = r.provider;
    if (p.rss) {
      add("5 provider", `peak RSS at N=${p.rssN}, ours / no-op (MB)`, `${fmt(p.rss.ours.median / 1024)} / ${fmt(p.rss.noop.median / 1024)}: +${spread(p.rss.deltaMB, 0)} MB`,
        "<= no-op + 15 MB", p.rss.deltaMB.median <= 15);
    }
    if (p.startupMs) {
      add("5 provider", `start-up to first request, ours / one-request baseline (ms, N=${p.startupN})`, `${spread(p.startupMs.ours, 0)} / ${spread(p.startupMs.oneRequest, 0)}`);
    }
  }
  if (r.server) add("6 server", "PutSymlink ops/s at c64", fmt(r.server.putSymlinkOpsPerSec));
  if (r.hostileBodies) {
    const h = r.hostileBodies;
    add("6 server", `slowest of ${h.bodies} hostile XML bodies / a plain request`, `${spread(h.slowest, 1)}x ("${h.slowest.name}")`, "<= 50x", h.slowest.median <= 50);
  }
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((row) => String(row[i]).length), 4));
  const line = (row) => row.map((c, i) => String(c).padEnd(widths[i])).join(" | ");
  return [line(["item", "metric", "value: median (± half range %, runs)", "goal", "verdict"]), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
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
    // Short c1 rounds, many of them: the three clients take turns every few hundred ms.
    const r = await benchClients({
      rounds: quick ? { c1: 5, c64: 3 } : { c1: 21, c64: 5 },
      pairs: quick ? { c1: 100, c64: 1000 } : { c1: 150, c64: 2000 },
      versions: ["v4", "v1"],
      log,
    });
    results.client = {};
    for (const [ver, res] of Object.entries(r)) {
      results.client[ver] = {};
      for (const [label, c] of Object.entries(res)) {
        const { samples, ...kept } = c;
        results.client[ver][label] = kept;
      }
    }
  }
  if (wants("client")) {
    log("2b. signer and client pipeline CPU cost (no I/O)");
    results.signing = await benchSignerCost({ rounds: quick ? 3 : 5, calls: 20000, log });
  }
  if (wants("server")) {
    log("6. local server throughput");
    results.server = await benchServer({ rounds: quick ? 3 : 5, requests: quick ? 2000 : 4000, log });
    results.hostileBodies = await benchHostileBodies({ rounds: quick ? 3 : 7, log });
  }
  if (wants("engine")) {
    log("3–5. engine: every lifecycle op, concurrency, state, provider process (the long part)");
    const e = await benchEngine({
      sizes: quick ? [{ n: 20, repeats: 1 }, { n: 100, repeats: 1 }] : ENGINE_SIZES,
      concurrency: quick ? { n: 100, repeats: 1 } : parseSizes(process.env.BENCH_CONCURRENCY ?? "400:1")[0],
      cliSizes: quick ? [{ n: 20, repeats: 1 }] : parseSizes(process.env.BENCH_CLI_SIZES ?? `100:1,${GOAL_N}:1`),
      parallel: PARALLEL,
      log,
    });
    results.engine = { parallel: e.parallel, latencyMs: e.latencyMs, sizes: e.sizes, concurrency: e.concurrency, cli: e.cli };
    results.state = e.state;
    const measured = Object.keys(e.sizes).map(Number);
    const rssN = e.sizes[GOAL_N] ? GOAL_N : measured.length > 0 ? Math.max(...measured) : undefined;
    const big = rssN === undefined ? undefined : e.sizes[rssN];
    results.provider = {
      rssN,
      rss: big ? { ours: big.rssKb.ours, noop: big.rssKb.noop, deltaMB: big.rssDeltaMB } : undefined,
      startupN: e.concurrency?.n,
      startupMs: e.concurrency?.startupMs,
    };
    results.details.engineRuns = e.runs;
  }
  results.machine.loadavgAtEnd = os.loadavg();
  results.durationSeconds = (Date.now() - started) / 1000;
  // With --only, the sections not measured now keep the figures of the run that measured them
  // (each section says when: `sections`); the table prints them all.
  let merged = results;
  if (only !== undefined && fs.existsSync(RESULTS)) {
    const previous = JSON.parse(fs.readFileSync(RESULTS, "utf8"));
    const fresh = Object.fromEntries(Object.entries(SECTION_KEYS).filter(([name]) => wants(name)).flatMap(([, keys]) => keys).map((k) => [k, true]));
    merged = { ...previous, sections: { ...(previous.sections ?? {}) } };
    for (const [k, v] of Object.entries(results)) if (fresh[k] || !(k in previous) || k === "details") merged[k] = v;
    merged.details = { ...(previous.details ?? {}), ...results.details };
    // An engine run may measure only some sizes (BENCH_ENGINE_SIZES= BENCH_CLI_SIZES=2000:1 adds
    // the CLI pair at 2,000): the sizes it did not measure keep theirs, each with its `measuredAt`.
    if (wants("engine") && previous.engine !== undefined) {
      const prevAt = previous.sections?.engine?.startedAt;
      const keep = (sizes) => Object.fromEntries(Object.entries(sizes ?? {}).map(([n, v]) => [n, { measuredAt: prevAt, ...v }]));
      merged.engine = {
        ...results.engine,
        sizes: { ...keep(previous.engine.sizes), ...results.engine.sizes },
        concurrency: results.engine.concurrency ?? previous.engine.concurrency,
        cli: { ...results.engine.cli, sizes: { ...keep(previous.engine.cli?.sizes), ...(results.engine.cli?.sizes ?? {}) } },
      };
      merged.provider = {
        ...results.provider,
        // The RSS figure is the one at N = 1,000 when any run measured it there.
        ...(results.provider.rssN !== GOAL_N && (results.provider.rss === undefined || previous.provider?.rssN === GOAL_N)
          ? { rssN: previous.provider?.rssN, rss: previous.provider?.rss }
          : {}),
        ...(results.provider.startupMs === undefined ? { startupN: previous.provider?.startupN, startupMs: previous.provider?.startupMs } : {}),
      };
    }
  }
  merged.sections ??= {};
  for (const name of Object.keys(SECTION_KEYS)) if (wants(name)) merged.sections[name] = { startedAt: results.startedAt, quick, loadavgAtStart: results.machine.loadavgAtStart, durationSeconds: results.durationSeconds };
  // Medians, spreads and the per-run values behind them; not the exported sample resource.
  fs.writeFileSync(RESULTS, JSON.stringify(merged, (k, v) => (k === "samples" || k === "sample" ? undefined : v), 2) + "\n");
  process.stdout.write(`\npulumi-oss-symlink bench — ${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${results.machine.node}` +
    `, load average ${results.machine.loadavgAtStart.map((x) => x.toFixed(1)).join(" ")} at start\n\n${table(merged)}\n\n` +
    `wrote ${path.relative(process.cwd(), RESULTS)} in ${results.durationSeconds.toFixed(0)} s\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
