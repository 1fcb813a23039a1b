// Installs this repository into its own node_modules, as npm installs it for users: a real
// directory node_modules/pulumi-oss-symlink holding package.json and a copy of dist/.
//
// Why a copy and not a symlink: Node resolves a symlink to its real path, and a module whose real
// path is outside node_modules is "local code" to Pulumi's closure serializer, which then stores
// the whole provider implementation by value. Installed for real, the implementation module is
// stored as one `require("pulumi-oss-symlink/provider-impl")` line (provider/index.ts). The demo,
// the examples, the engine tests and the benchmarks load the library by package name, so they
// exercise exactly what users get.
//
// Runs after every `npm run build` (which `npm test`, `npm run demo` and `npm run bench` run first),
// never as an install lifecycle script: `scripts/` is not in the published package, so a
// `postinstall` naming this file would break every user's `npm install` (tests/unit/package.test.ts).
// A no-op when the package itself sits in a node_modules.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const nodeModules = path.join(root, "node_modules");
if (path.basename(path.dirname(root)) === "node_modules" || !fs.existsSync(nodeModules)) process.exit(0);

const target = path.join(nodeModules, "pulumi-oss-symlink");
const staging = path.join(nodeModules, `.pulumi-oss-symlink-${process.pid}`);
fs.rmSync(staging, { recursive: true, force: true });
fs.mkdirSync(staging);
fs.copyFileSync(path.join(root, "package.json"), path.join(staging, "package.json"));
const dist = path.join(root, "dist");
if (fs.existsSync(dist)) fs.cpSync(dist, path.join(staging, "dist"), { recursive: true });
// Swap in the new copy; the window without a copy is one rm and one rename.
fs.rmSync(target, { recursive: true, force: true });
fs.renameSync(staging, target);
