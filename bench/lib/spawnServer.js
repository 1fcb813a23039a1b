"use strict";
/**
 * Starts the local OSS server in its own process (`node dist/server/cli.js`), so the client
 * being measured does not share an event loop with it, and waits for its one
 * `OSS listening at <endpoint>` line.
 */
const { spawn } = require("node:child_process");
const path = require("node:path");

// BENCH_SERVER_CLI lets a run compare another build of the server (e.g. a patched copy).
const CLI = process.env.BENCH_SERVER_CLI ?? path.join(__dirname, "..", "..", "dist", "server", "cli.js");

/**
 * @param {string[]} args extra CLI flags, e.g. ["--bucket", "bench", "--latency-ms", "20"]
 * @returns {Promise<{endpoint: string, pid: number, stop: () => Promise<void>}>}
 */
function spawnServer(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    // If this process dies first (error, Ctrl-C), do not leave the server behind.
    const reap = () => child.kill("SIGTERM");
    process.once("exit", reap);
    child.once("exit", () => process.removeListener("exit", reap));
    let out = "";
    let err = "";
    const fail = (why) => {
      child.kill("SIGTERM");
      reject(new Error(`local OSS server did not start: ${why}\n${err}`));
    };
    const timer = setTimeout(() => fail("no 'OSS listening at' line within 15 s"), 15_000);
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!out.includes("OSS listening at")) fail(`exited with code ${code}`);
    });
    child.stdout.on("data", (d) => {
      out += d;
      const m = /OSS listening at (\S+)/.exec(out);
      if (m === null) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      const stop = () =>
        new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once("exit", () => done());
          child.kill("SIGTERM");
        });
      resolve({ endpoint: m[1], pid: child.pid, stop });
    });
  });
}

module.exports = { spawnServer };
