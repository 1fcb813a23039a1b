"use strict";
/**
 * The Pulumi engine part of the bench (docs/performance.md, items 3–5):
 *  3. every lifecycle operation (`up`, `preview`, `refresh`, `destroy`) of N Symlinks against the
 *     same operation on N no-op dynamic resources, the two taking turns in one run;
 *     concurrency: requests in flight at the local server during `up` and `refresh` with 20 ms
 *     injected per request, next to a one-request-per-operation baseline provider;
 *  4. state size: bytes per Symlink in the exported deployment, split into what the engine and
 *     the provider host store and what this provider stores, next to a no-op resource;
 *  5. the provider process: start-up to first request, and peak RSS, next to the baselines.
 * Paths: the Automation API (scripts/lib/engine.js), and the CLI with the
 * `pulumi-language-nodejs` language host when it is installed beside the CLI (else "not
 * measured" with the reason). Every stack is fresh, in a fresh temp backend. The local servers
 * run in this process so their in-flight counters can be read; this process does nothing else
 * while the engine runs.
 */
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION, startLocalOss } = require("pulumi-oss-symlink/server");
const { expectOk, locatePulumi, runEngine, REPO_ROOT } = require("./lib/engine");
const { summary } = require("./lib/measure");

const PROJECT = "ossbench";
const LATENCY_MS = 20;
const OPS = ["up", "preview", "refresh", "destroy"];
const SYMLINK_TYPE = "pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink";
const NOOP_TYPE = "pulumi-nodejs:dynamic/bench:NoopLink";

function providerConfig(endpoint) {
  return {
    "alicloud:region": { value: DEFAULT_REGION },
    "alicloud:accessKey": { value: DEFAULT_ACCESS_KEY_ID },
    "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
    "pulumi-oss-symlink:endpoint": { value: endpoint },
  };
}

const KINDS = {
  ours: (server, n, prefix) => ({ program: "./bench/programs/symlinks.js", args: { n, bucket: "bench", prefix }, config: providerConfig(server.endpoint) }),
  noop: (_server, n, prefix) => ({ program: "./bench/programs/noop.js", args: { n, bucket: "bench", prefix }, config: {} }),
  oneRequest: (server, n, prefix) => ({ program: "./bench/programs/oneRequest.js", args: { n, bucket: "bench", prefix, endpoint: server.endpoint }, config: {} }),
};

let runCounter = 0;

/** Bytes of each resource of `type` as exported (JSON), split by who writes them. */
function stateSizes(deployment, type) {
  const resources = (deployment?.deployment?.resources ?? []).filter((r) => r.type === type);
  if (resources.length === 0) return undefined;
  const bytes = (v) => (v === undefined ? 0 : Buffer.byteLength(JSON.stringify(v)));
  const mean = (f) => resources.map(f).reduce((a, b) => a + b, 0) / resources.length;
  const providerText = resources[0].outputs?.__provider ?? resources[0].inputs?.__provider;
  const withoutProvider = (props) => {
    if (!props) return props;
    const { __provider, ...rest } = props;
    return rest;
  };
  const total = mean((r) => bytes(r));
  const own = mean((r) => bytes(withoutProvider(r.inputs)) + bytes(withoutProvider(r.outputs)));
  const providerBytes = typeof providerText === "string" ? Buffer.byteLength(JSON.stringify(providerText)) : 0;
  return {
    resources: resources.length,
    bytesPerResource: total,
    // inputs + outputs without the host's __provider: what the provider itself decides to store
    providerOwnedBytes: own,
    // __provider, stored by the dynamic-provider host in both inputs and outputs
    providerTextBytes: providerBytes,
    // urn, type, parent, provider reference, timestamps, source position and stack trace, property dependencies
    engineBytes: total - own - 2 * providerBytes,
    sample: resources[0],
  };
}

/**
 * One lifecycle through the Automation API on a fresh stack: `up`, `preview`, `refresh`, `destroy`
 * (or the subset in `ops`). Resolves with each op's time (the driver's `durationMs`), the
 * server's in-flight figures per op, the provider process's start and peak RSS during `up`.
 */
async function lifecycle(pulumiDir, { kind, n, server, parallel, ops = OPS, exportState = false, log }) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "oss-bench-engine-"));
  const stackName = `b${++runCounter}`;
  const spec = KINDS[kind](server, n, `${kind}-${stackName}`);
  const base = { stateDir, projectName: PROJECT, stackName };
  const out = { kind, n, ms: {}, inFlight: {} };
  try {
    for (const op of ops) {
      server?.resetStats();
      const job = { ...base, op, config: spec.config, options: { parallel } };
      if (op !== "destroy") job.program = { module: spec.program, args: spec.args };
      const r = expectOk(await runEngine(job, pulumiDir));
      const stats = server?.stats();
      out.ms[op] = r.durationMs;
      if (stats !== undefined && stats.total > 0) {
        out.inFlight[op] = { mean: stats.inFlight.meanOverSpan, peak: stats.inFlight.peak, requests: stats.total, spanMs: (stats.inFlight.lastEndMs ?? 0) - (stats.inFlight.firstStartMs ?? 0) };
      }
      if (op === "up") {
        const created = r.resourceChanges?.create ?? 0;
        if (created !== n + 1) throw new Error(`${kind} n=${n}: expected ${n + 1} creates, engine reported ${created}`);
        out.rssKb = r.providerPeakRssKb;
        if (stats !== undefined && stats.inFlight.firstStartMs !== undefined && r.providerStartMs !== undefined) {
          out.startupMs = performance.timeOrigin + stats.inFlight.firstStartMs - r.providerStartMs;
        }
        if (exportState) out.state = expectOk(await runEngine({ ...base, op: "export" }, pulumiDir)).deployment;
      }
      if (op === "destroy" && (r.resourceChanges?.delete ?? 0) !== n + 1) {
        throw new Error(`${kind} n=${n}: expected ${n + 1} deletes, engine reported ${r.resourceChanges?.delete}`);
      }
    }
    log?.(`  ${kind} n=${n}: ${ops.map((op) => `${op} ${(out.ms[op] / 1000).toFixed(2)} s`).join(", ")}` +
      (out.rssKb ? `; provider peak RSS ${(out.rssKb / 1024).toFixed(0)} MB` : "") +
      Object.entries(out.inFlight).map(([op, f]) => `; ${op} in flight mean ${f.mean.toFixed(1)} peak ${f.peak}`).join(""));
    return out;
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

/** The language host the CLI path needs, or why it is missing. */
function languageHost(pulumiDir) {
  const host = path.join(pulumiDir, "pulumi-language-nodejs");
  if (fs.existsSync(host)) return { found: true, host };
  let why = "pulumi-language-nodejs is not installed beside the Pulumi CLI";
  try {
    const status = fs.readFileSync(path.join(pulumiDir, "language-host.status"), "utf8").split("\n").filter(Boolean);
    const last = status.find((l) => l.startsWith("last error:")) ?? status[0];
    if (last) why += ` (scripts/ensure-pulumi.sh: ${last.replace(/^last error:\s*/, "").slice(0, 160)})`;
  } catch {
    // no status file: the script never tried
  }
  return { found: false, why };
}

function runCli(pulumiDir, cwd, env, args) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(path.join(pulumiDir, "pulumi"), args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`pulumi ${args.join(" ")} exited with ${code}\n${output.slice(-3000)}`));
      else resolve(Date.now() - started);
    });
  });
}

/**
 * One lifecycle through the CLI (`pulumi up/preview/refresh/destroy` on a Pulumi.yaml project run
 * by the language host), timed by wall clock around each command.
 */
async function cliLifecycle(pulumiDir, { kind, n, server, parallel, log }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oss-bench-cli-"));
  const spec = KINDS[kind](server, n, `cli-${kind}-${++runCounter}`);
  try {
    const projectDir = path.join(dir, "project");
    fs.mkdirSync(projectDir);
    fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\nmain: index.js\n`);
    // The program runs from the repository's bench/programs scope, as in the Automation API path.
    const programPath = path.join(REPO_ROOT, spec.program);
    fs.writeFileSync(path.join(projectDir, "index.js"), `module.exports = require(${JSON.stringify(programPath)})(${JSON.stringify(spec.args)});\n`);
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(projectDir, "node_modules"));
    const env = {
      ...process.env,
      PATH: [pulumiDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
      PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_CONFIG_PASSPHRASE: "bench",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DIY_BACKEND_DISABLE_CHECKPOINT_BACKUPS: "true",
    };
    fs.mkdirSync(path.join(dir, "state"));
    await runCli(pulumiDir, projectDir, env, ["stack", "init", "bench", "--non-interactive"]);
    for (const [key, { value, secret }] of Object.entries(spec.config)) {
      await runCli(pulumiDir, projectDir, env, ["config", "set", key, value, ...(secret ? ["--secret"] : ["--plaintext"]), "--non-interactive"]);
    }
    const flags = ["--non-interactive", "--parallel", String(parallel)];
    const ms = {
      up: await runCli(pulumiDir, projectDir, env, ["up", "--yes", "--skip-preview", ...flags]),
      preview: await runCli(pulumiDir, projectDir, env, ["preview", ...flags]),
      refresh: await runCli(pulumiDir, projectDir, env, ["refresh", "--yes", "--skip-preview", ...flags]),
      destroy: await runCli(pulumiDir, projectDir, env, ["destroy", "--yes", "--skip-preview", ...flags]),
    };
    log?.(`  cli ${kind} n=${n}: ${OPS.map((op) => `${op} ${(ms[op] / 1000).toFixed(2)} s`).join(", ")}`);
    return { kind, n, ms };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** ours / no-op per op from paired lifecycles: median and spread of the per-pair ratios. */
function opRatios(pairs) {
  const out = {};
  for (const op of OPS) {
    out[op] = {
      ours: summary(pairs.map((p) => p.ours.ms[op])),
      noop: summary(pairs.map((p) => p.noop.ms[op])),
      ratio: summary(pairs.map((p) => p.ours.ms[op] / p.noop.ms[op])),
    };
  }
  return out;
}

/**
 * @param opts.sizes [{ n, repeats }] for the ours-vs-no-op lifecycles
 * @param opts.concurrency { n, repeats } for the in-flight measurement with injected latency
 * @param opts.cliSizes sizes for the CLI path (when the language host exists)
 */
async function benchEngine(opts) {
  const pulumiDir = locatePulumi();
  if (pulumiDir === undefined) throw new Error("no Pulumi CLI: run `bash scripts/ensure-pulumi.sh`");
  const log = opts.log;
  log(`engine: pulumi CLI in ${pulumiDir}, --parallel ${opts.parallel}`);
  const fast = await startLocalOss({ buckets: ["bench"] });
  const slow = await startLocalOss({ buckets: ["bench"], faults: { latencyMs: LATENCY_MS } });
  const out = { parallel: opts.parallel, latencyMs: LATENCY_MS, sizes: {}, runs: [] };
  const record = (r) => {
    out.runs.push({ kind: r.kind, n: r.n, ms: r.ms, inFlight: r.inFlight, rssKb: r.rssKb, startupMs: r.startupMs });
    return r;
  };
  try {
    // State: one small up of each, exported.
    const small = record(await lifecycle(pulumiDir, { kind: "ours", n: 10, server: fast, parallel: opts.parallel, ops: ["up"], exportState: true, log }));
    const smallNoop = record(await lifecycle(pulumiDir, { kind: "noop", n: 10, server: undefined, parallel: opts.parallel, ops: ["up"], exportState: true, log }));
    const ours = stateSizes(small.state, SYMLINK_TYPE);
    const noop = stateSizes(smallNoop.state, NOOP_TYPE);
    out.state = { ours: { ...ours, sample: undefined }, noop: { ...noop, sample: undefined }, sample: ours.sample };
    log(`  state: ${ours.bytesPerResource.toFixed(0)} B per Symlink (engine ${ours.engineBytes.toFixed(0)}, __provider 2 x ${ours.providerTextBytes}, ` +
      `provider-owned ${ours.providerOwnedBytes.toFixed(0)}); no-op resource ${noop.bytesPerResource.toFixed(0)} B`);

    // Every op, ours and no-op taking turns (the order flips each repeat).
    for (const { n, repeats } of opts.sizes) {
      const pairs = [];
      for (let k = 0; k < repeats; k++) {
        const pair = {};
        for (const kind of k % 2 === 0 ? ["ours", "noop"] : ["noop", "ours"]) {
          pair[kind] = record(await lifecycle(pulumiDir, { kind, n, server: kind === "ours" ? fast : undefined, parallel: opts.parallel, log }));
        }
        pairs.push(pair);
      }
      out.sizes[n] = {
        repeats,
        measuredAt: new Date().toISOString(),
        ops: opRatios(pairs),
        rssKb: { ours: summary(pairs.map((p) => p.ours.rssKb ?? NaN)), noop: summary(pairs.map((p) => p.noop.rssKb ?? NaN)) },
        rssDeltaMB: summary(pairs.map((p) => ((p.ours.rssKb ?? NaN) - (p.noop.rssKb ?? NaN)) / 1024)),
      };
    }

    // Concurrency and start-up: ours and the one-request baseline, 20 ms per request, taking turns.
    if (opts.concurrency) {
      const { n, repeats } = opts.concurrency;
      const runs = { ours: [], oneRequest: [] };
      for (let k = 0; k < repeats; k++) {
        for (const kind of k % 2 === 0 ? ["ours", "oneRequest"] : ["oneRequest", "ours"]) {
          runs[kind].push(record(await lifecycle(pulumiDir, { kind, n, server: slow, parallel: opts.parallel, ops: ["up", "refresh"], log })));
        }
      }
      // Requests per resource and op: ours sends 1 for create, 3 (concurrently) for read.
      const perResource = { up: 1, refresh: 3 };
      const c = { n, repeats, latencyMs: LATENCY_MS };
      for (const op of ["up", "refresh"]) {
        const oursMean = runs.ours.map((r) => r.inFlight[op]?.mean ?? NaN);
        const baseMean = runs.oneRequest.map((r) => r.inFlight[op]?.mean ?? NaN);
        c[op] = {
          requestsPerResource: perResource[op],
          ours: { mean: summary(oursMean), peak: summary(runs.ours.map((r) => r.inFlight[op]?.peak ?? NaN)) },
          oneRequest: { mean: summary(baseMean), peak: summary(runs.oneRequest.map((r) => r.inFlight[op]?.peak ?? NaN)) },
          // resources in flight (ours' requests / requests per resource) over the baseline's
          ratio: summary(oursMean.map((m, i) => m / perResource[op] / baseMean[i])),
        };
      }
      c.startupMs = { ours: summary(runs.ours.map((r) => r.startupMs ?? NaN)), oneRequest: summary(runs.oneRequest.map((r) => r.startupMs ?? NaN)) };
      out.concurrency = c;
    }

    // The CLI path.
    const lh = languageHost(pulumiDir);
    out.cli = { found: lh.found };
    if (!lh.found) {
      out.cli.notMeasured = lh.why;
      log(`  cli path: not measured: ${lh.why}`);
    } else {
      out.cli.sizes = {};
      for (const { n, repeats } of opts.cliSizes ?? []) {
        const pairs = [];
        for (let k = 0; k < repeats; k++) {
          const pair = {};
          for (const kind of k % 2 === 0 ? ["ours", "noop"] : ["noop", "ours"]) {
            pair[kind] = await cliLifecycle(pulumiDir, { kind, n, server: fast, parallel: opts.parallel, log });
          }
          pairs.push(pair);
        }
        out.cli.sizes[n] = { repeats, measuredAt: new Date().toISOString(), ops: opRatios(pairs) };
      }
    }
  } finally {
    await Promise.all([fast.close(), slow.close()]);
  }
  return out;
}

module.exports = { benchEngine, OPS };

if (require.main === module) {
  const parse = (s) => s.split(",").filter(Boolean).map((x) => {
    const [n, repeats] = x.split(":").map(Number);
    return { n, repeats: repeats || 1 };
  });
  const sizes = parse(process.env.SIZES ?? "100:3");
  const concurrency = process.env.CONCURRENCY ? parse(process.env.CONCURRENCY)[0] : undefined;
  benchEngine({ sizes, concurrency, cliSizes: parse(process.env.CLI_SIZES ?? ""), parallel: Number(process.env.PARALLEL ?? 16), log: console.log })
    .then((r) => console.log(JSON.stringify({ ...r, runs: undefined, state: { ...r.state, sample: undefined } }, null, 1)))
    .catch((e) => { console.error(e); process.exit(1); });
}
