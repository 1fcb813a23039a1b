"use strict";
/**
 * Runs one Pulumi engine operation through the project's engine library (scripts/lib/engine.js:
 * Automation API in a plain Node child process, file backend, offline env) and, while it runs,
 * samples the peak RSS (VmHWM) of the dynamic-provider process that belongs to this run.
 */
const fs = require("node:fs");
const path = require("node:path");
const engine = require("../../scripts/lib/engine");

const DYNAMIC_PROVIDER_SCRIPT = path.join("cmd", "dynamic-provider", "index.js");

/** The Pulumi CLI bin dir, built from Go modules the first time; undefined when that failed (it said why on stderr). */
function locatePulumi() {
  try {
    return engine.requirePulumi({ build: true });
  } catch {
    return undefined;
  }
}

function parentOf(pid) {
  const fields = engine.procStatFields(pid);
  return fields === undefined ? undefined : Number(fields[1]);
}

function descendsFrom(pid, ancestor) {
  for (let p = pid, hops = 0; p !== undefined && p > 1 && hops < 32; p = parentOf(p), hops++) {
    if (p === ancestor) return true;
  }
  return false;
}

/** Dynamic-provider node processes under `rootPid` (other people's engine runs are ignored). */
function providerPids(rootPid) {
  return engine.procPids().filter((pid) => {
    let cmd;
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      return false; // exited meanwhile
    }
    return cmd.includes(DYNAMIC_PROVIDER_SCRIPT) && descendsFrom(pid, rootPid);
  });
}

// Boot time (s since the epoch) and clock ticks per second, for process start times.
let bootSeconds;
const CLOCK_TICKS = 100; // USER_HZ; `getconf CLK_TCK` is 100 on Linux x86-64 and arm64

/** When process `pid` started, in epoch ms (10 ms resolution), from field 22 of /proc/<pid>/stat. */
function startEpochMs(pid) {
  try {
    bootSeconds ??= Number(/^btime (\d+)$/m.exec(fs.readFileSync("/proc/stat", "utf8"))[1]);
    const ticks = Number(engine.procStatFields(pid)[19]);
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
 * @param {import("../../scripts/lib/engine").EngineJob} job
 * @param {string} pulumiDir the CLI bin dir
 * @param {number} [timeoutMs] kill the run's whole session after this long
 * @returns the engine result plus `providerPeakRssKb` (max VmHWM seen, or undefined),
 *   `providerPids` and `providerStartMs` (epoch ms the provider process started, 10 ms
 *   resolution, or undefined)
 */
async function runEngine(job, pulumiDir, timeoutMs = 600_000) {
  let rootPid;
  let peakKb;
  let providerStartMs;
  const seen = new Map();
  const sample = () => {
    if (rootPid === undefined) return;
    for (const pid of seen.size === 0 ? providerPids(rootPid) : [...seen.keys()]) {
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
  let result;
  try {
    result = await engine.runEngine({ ...job, pulumiDir, timeoutMs }, { onStart: (pid) => (rootPid = pid) });
  } finally {
    clearInterval(sampler);
  }
  return {
    ...result,
    providerPeakRssKb: peakKb,
    providerPids: [...seen.keys()],
    providerStartMs: Number.isFinite(providerStartMs) ? providerStartMs : undefined,
  };
}

module.exports = { runEngine, expectOk: engine.expectOk, locatePulumi, REPO_ROOT: engine.REPO_ROOT };
