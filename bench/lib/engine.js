"use strict";
/**
 * Runs one Pulumi engine operation through the project's engine driver
 * (tests/engine/support/driver.js: Automation API in a plain Node child process, file backend,
 * offline env) and, while it runs, samples the peak RSS (VmHWM) of the dynamic-provider process
 * that belongs to this run.
 */
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const DRIVER = path.join(REPO_ROOT, "tests", "engine", "support", "driver.js");
const RESULT_MARKER = "@@pulumi-engine-driver-result@@";
const DYNAMIC_PROVIDER_SCRIPT = path.join("cmd", "dynamic-provider", "index.js");

/**
 * The Pulumi CLI bin dir: $PULUMI_OSS_SYMLINK_PULUMI_DIR, else scripts/ensure-pulumi.sh (a `pulumi`
 * on PATH, the per-machine cache, or a build from Go modules the first time).
 */
function locatePulumi() {
  const fromEnv = process.env.PULUMI_OSS_SYMLINK_PULUMI_DIR;
  if (fromEnv && fs.existsSync(path.join(fromEnv, "pulumi"))) return fromEnv;
  try {
    const dir = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
    if (dir && fs.existsSync(path.join(dir, "pulumi"))) return dir;
  } catch {
    // the script printed why on stderr
  }
  return undefined;
}

function parentOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 4 after the parenthesised command name (which may hold spaces).
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function descendsFrom(pid, ancestor) {
  for (let p = pid, hops = 0; p !== undefined && p > 1 && hops < 32; p = parentOf(p), hops++) {
    if (p === ancestor) return true;
  }
  return false;
}

/** Dynamic-provider node processes under `rootPid` (other people's engine runs are ignored). */
function providerPids(rootPid) {
  const out = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let cmd;
    try {
      cmd = fs.readFileSync(`/proc/${name}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (cmd.includes(DYNAMIC_PROVIDER_SCRIPT) && descendsFrom(Number(name), rootPid)) out.push(Number(name));
  }
  return out;
}

/**
 * SIGKILLs every process of session `sid`: the driver, the CLI and the provider plugin, which the
 * CLI starts in a process group of its own (a group kill would leave it running). Same scan as
 * sessionPids in tests/engine/support/engine.ts.
 */
function killSession(sid) {
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[3]) === sid) process.kill(Number(name), "SIGKILL");
    } catch {
      // exited meanwhile
    }
  }
}

// Boot time (s since the epoch) and clock ticks per second, for process start times.
let bootSeconds;
const CLOCK_TICKS = 100; // USER_HZ; `getconf CLK_TCK` is 100 on Linux x86-64 and arm64

/** When process `pid` started, in epoch ms (10 ms resolution), from field 22 of /proc/<pid>/stat. */
function startEpochMs(pid) {
  try {
    bootSeconds ??= Number(/^btime (\d+)$/m.exec(fs.readFileSync("/proc/stat", "utf8"))[1]);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    return (bootSeconds + ticks / CLOCK_TICKS) * 1000;
  } catch {
    return undefined;
  }
}

function vmHwmKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param job the driver's job (see tests/engine/support/engine.ts EngineJob)
 * @returns the driver's result plus `wallMs`, `providerPeakRssKb` (max VmHWM seen, or undefined) and
 *   `providerStartMs` (epoch ms the provider process started, 10 ms resolution, or undefined)
 */
function runEngine(job, pulumiDir, timeoutMs = 600_000) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIVER], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PATH: [pulumiDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
        PULUMI_OSS_SYMLINK_PULUMI_DIR: pulumiDir,
      },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true, // a session of its own: a timeout stops the CLI and the plugin too (killSession)
    });
    let stdout = "";
    let stderr = "";
    let peakKb;
    let providerStartMs;
    const seen = new Map();
    const sample = () => {
      for (const pid of seen.size === 0 ? providerPids(child.pid) : [...seen.keys()]) {
        const kb = vmHwmKb(pid);
        if (kb !== undefined) {
          if (!seen.has(pid)) providerStartMs = Math.min(providerStartMs ?? Infinity, startEpochMs(pid) ?? Infinity);
          seen.set(pid, kb);
        }
      }
      if (seen.size > 0) peakKb = Math.max(...seen.values());
    };
    // The provider process starts a few seconds into the run; look for it until found, then
    // keep reading its high-water mark (the last read before it exits is the peak).
    const sampler = setInterval(sample, 100);
    const timer = setTimeout(() => killSession(child.pid), timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      const at = stdout.lastIndexOf(RESULT_MARKER);
      if (at < 0) {
        reject(new Error(`engine driver exited with ${code} and printed no result\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
        return;
      }
      const result = JSON.parse(stdout.slice(at + RESULT_MARKER.length).trim());
      resolve({
        ...result,
        wallMs: Date.now() - started,
        providerPeakRssKb: peakKb,
        providerPids: [...seen.keys()],
        providerStartMs: Number.isFinite(providerStartMs) ? providerStartMs : undefined,
      });
    });
    child.stdin.end(JSON.stringify({ ...job, pulumiDir }));
  });
}

function expectOk(result) {
  if (!result.ok) {
    const e = result.error ?? {};
    throw new Error(`engine ${result.op} failed: ${e.message}\n${(result.stdout ?? "").slice(-3000)}\n${(result.stderr ?? "").slice(-3000)}`);
  }
  return result;
}

module.exports = { runEngine, expectOk, locatePulumi, REPO_ROOT };
