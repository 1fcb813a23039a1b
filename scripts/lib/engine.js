// The one way this repository drives the Pulumi engine offline, shared by the engine tests
// (tests/engine/support/engine.ts), the bench (bench/lib/engine.js) and the demo
// (scripts/demo/stack.js). Each operation runs in a plain Node child process
// (scripts/lib/engineDriver.js: Automation API, inline program, file backend, passphrase, no
// network), in a session of its own so a timeout can kill the CLI and the provider plugin with
// it. Plain CommonJS so bench/ and scripts/ can require it without a TypeScript step; the types
// and every option, with their documentation, are in engine.d.ts beside this file. Not shipped:
// package.json publishes dist/ only. See docs/engine.md.
"use strict";

const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { RESULT_MARKER } = require("./engineDriver");

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const DRIVER = path.join(__dirname, "engineDriver.js");
const DEFAULT_TIMEOUT_MS = 240_000;

let located;

/** @type {import("./engine").requirePulumi} */
function requirePulumi({ build = false } = {}) {
  if (located) return located;
  let dir = process.env.PULUMI_OSS_SYMLINK_PULUMI_DIR ?? "";
  if (!dir || !fs.existsSync(path.join(dir, "pulumi"))) {
    try {
      dir = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh"), ...(build ? [] : ["--locate"])], {
        encoding: "utf8",
        // A build reports progress on stderr: let the user see it.
        stdio: ["ignore", "pipe", build ? "inherit" : "pipe"],
      }).trim();
    } catch {
      dir = "";
    }
  }
  if (!dir || !fs.existsSync(path.join(dir, "pulumi"))) {
    throw new Error(
      "The Pulumi CLI is not provisioned: run `bash scripts/ensure-pulumi.sh` (builds it from Go modules " +
        "into the per-machine cache, several minutes the first time), then try again.",
    );
  }
  located = dir;
  return dir;
}

/** @type {import("./engine").makeTempDir} */
function makeTempDir(prefix = "engine-") {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-oss-symlink-${prefix}`));
}

/** @type {import("./engine").procPids} */
function procPids() {
  return fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).map(Number);
}

/** @type {import("./engine").procStatFields} */
function procStatFields(pid) {
  let stat;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // exited meanwhile
  }
  // "pid (comm) state ppid pgrp session ...": comm may contain spaces, so split after the last ')'.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** @type {import("./engine").sessionPids} */
function sessionPids(sid) {
  return procPids().filter((pid) => {
    const fields = procStatFields(pid);
    return fields !== undefined && Number(fields[3]) === sid && fields[0] !== "Z";
  });
}

/** @type {import("./engine").killSession} */
async function killSession(sid) {
  let killed = 0;
  for (let round = 0; round < 50; round++) {
    const pids = sessionPids(sid);
    if (pids.length === 0) return killed;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
        killed++;
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`processes of session ${sid} survive SIGKILL: ${sessionPids(sid).join(", ")}`);
}

// Sessions of drivers still running. A driver is detached (a session of its own), so a run its
// caller abandoned (jest timed the test out first) would outlive the caller with its CLI and
// provider plugin; killLiveSessions stops them.
const liveSessions = new Set();

/** @type {import("./engine").killLiveSessions} */
async function killLiveSessions() {
  await Promise.all([...liveSessions].map((sid) => killSession(sid).catch(() => 0)));
}

/** @type {import("./engine").startDriver} */
function startDriver(job, watch = {}) {
  const pulumiDir = job.pulumiDir ?? requirePulumi();
  const started = Date.now();
  const child = spawn(process.execPath, [DRIVER], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PATH: [pulumiDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
      PULUMI_OSS_SYMLINK_PULUMI_DIR: pulumiDir,
    },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  const sid = child.pid;
  if (sid !== undefined) liveSessions.add(sid);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s) => {
    stderr += s;
    watch.onStderr?.(s);
  });
  const exited = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (sid !== undefined) liveSessions.delete(sid);
      const at = stdout.lastIndexOf(RESULT_MARKER);
      let result;
      if (at >= 0) {
        const parsed = JSON.parse(stdout.slice(at + RESULT_MARKER.length).trim());
        result = { ...parsed, programOutput: stdout.slice(0, at).trim(), driverStderr: stderr, wallMs: Date.now() - started };
      }
      resolve({ result, code, stdout, stderr });
    });
  });
  child.stdin.end(JSON.stringify({ ...job, pulumiDir }));
  return { pid: child.pid, exited };
}

/** @type {import("./engine").runEngine} */
async function runEngine(job, watch = {}) {
  const timeoutMs = job.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const run = startDriver(job, watch);
  if (run.pid !== undefined) watch.onStart?.(run.pid);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // The whole session, not only the driver's process group: the CLI starts the provider
    // plugin in a process group of its own, which a group kill would leave behind.
    if (run.pid !== undefined) void killSession(run.pid).catch(() => 0);
  }, timeoutMs);
  const exit = await run.exited.finally(() => clearTimeout(timer));
  if (timedOut) throw new Error(`engine ${job.op} timed out after ${timeoutMs} ms\nstdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`);
  if (exit.result === undefined) {
    throw new Error(`engine driver exited with ${exit.code} and printed no result\nstdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`);
  }
  return exit.result;
}

/** @type {import("./engine").engineText} */
function engineText(r) {
  return [
    r.stdout,
    r.stderr,
    r.error?.message ?? "",
    r.error?.stdout ?? "",
    r.error?.stderr ?? "",
    ...r.diagnostics.map((d) => d.message),
    r.programOutput,
    r.driverStderr,
  ].join("\n");
}

/** @type {import("./engine").expectOk} */
function expectOk(result) {
  if (!result.ok) {
    const e = result.error;
    throw new Error(
      `engine ${result.op} failed: ${e?.message ?? "unknown error"}\n--- engine stdout ---\n${result.stdout}` +
        `\n--- engine stderr ---\n${result.stderr}\n--- program/driver output ---\n${result.programOutput}\n${result.driverStderr}`,
    );
  }
  return result;
}

/** @type {import("./engine").stateResources} */
function stateResources(result, type) {
  const all = result.deployment?.deployment.resources ?? [];
  return type === undefined ? all : all.filter((r) => r.type === type);
}

module.exports = {
  REPO_ROOT,
  RESULT_MARKER,
  requirePulumi,
  makeTempDir,
  procPids,
  procStatFields,
  sessionPids,
  killSession,
  killLiveSessions,
  startDriver,
  runEngine,
  engineText,
  expectOk,
  stateResources,
};
