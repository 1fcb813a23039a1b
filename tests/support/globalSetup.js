// Runs once before the suite and provisions what the tests need beyond `npm install`, so that
// `npm install && npm test` is the whole set-up on a brand-new machine (README):
//   - the Pulumi CLI and its Node language host (scripts/ensure-pulumi.sh: found on PATH, or built
//     from Go modules into the per-machine cache, several minutes the first time);
//   - the Python venv with the official OSS SDK (scripts/ensure-python.sh).
// Both scripts return at once when their cache is ready. Their paths reach the test workers
// through the environment. When one cannot be provisioned, its reason is printed here and the
// tests that need it fail with a message naming the script; the other tests still run.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const SCRIPTS = path.join(__dirname, "..", "..", "scripts");

/** Runs a provisioning script (progress on the terminal) and returns what it printed, or "". */
function provision(script, what) {
  const started = Date.now();
  const run = spawnSync("bash", [path.join(SCRIPTS, script)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status === 0 && run.stdout.trim() !== "") {
    if (Date.now() - started > 5000) console.log(`\nglobalSetup: ${what} provisioned in ${seconds} s`);
    return run.stdout.trim();
  }
  console.error(
    `\nglobalSetup: ${what} could not be provisioned by scripts/${script} (exit ${run.status ?? run.signal}, ${seconds} s); ` +
      "the tests that need it will fail and say so.",
  );
  return "";
}

module.exports = async function globalSetup() {
  if (!process.env.PULUMI_OSS_SYMLINK_PULUMI_DIR) {
    const dir = provision("ensure-pulumi.sh", "the Pulumi CLI and language host");
    if (dir) process.env.PULUMI_OSS_SYMLINK_PULUMI_DIR = dir;
  }
  if (!process.env.PULUMI_OSS_SYMLINK_PYTHON) {
    const py = provision("ensure-python.sh", "the Python OSS SDK venv");
    if (py) process.env.PULUMI_OSS_SYMLINK_PYTHON = py;
  }
};
