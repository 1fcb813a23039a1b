// Runs once before the suite. Tools that are slow to provision (the Pulumi CLI build, the Python
// venv with the official OSS SDK) are provisioned by .ci/run beforehand; here we only locate them
// and pass their paths to the test workers through the environment. A test that needs a tool
// that is missing fails with a message naming the script that provides it.
"use strict";
const { execFileSync } = require("node:child_process");
const path = require("node:path");

function locate(script) {
  try {
    return execFileSync("bash", [path.join(__dirname, "..", "..", "scripts", script), "--locate"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch {
    return "";
  }
}

module.exports = async function globalSetup() {
  if (!process.env.PULUMI_OSS_SYMLINK_PULUMI_DIR) {
    const dir = locate("ensure-pulumi.sh");
    if (dir) process.env.PULUMI_OSS_SYMLINK_PULUMI_DIR = dir;
  }
  if (!process.env.PULUMI_OSS_SYMLINK_PYTHON) {
    const py = locate("ensure-python.sh");
    if (py) process.env.PULUMI_OSS_SYMLINK_PYTHON = py;
  }
};
