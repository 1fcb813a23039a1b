// Makes `require("pulumi-oss-symlink/...")` resolve inside this repository, exactly as it
// does for users who install the package: the serialized provider shim and the examples
// load the library by package name. Runs as `postinstall`; a no-op when installed as a dependency.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const nodeModules = path.join(root, "node_modules");
if (path.basename(path.dirname(root)) === "node_modules" || !fs.existsSync(nodeModules)) process.exit(0);
const link = path.join(nodeModules, "pulumi-oss-symlink");
try {
  if (fs.realpathSync(link) === fs.realpathSync(root)) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // absent: create it below
}
fs.symlinkSync("..", link, "dir");
