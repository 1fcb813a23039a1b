// Turns an example's TypeScript entry point (examples/<name>/index.ts) into an Automation API
// inline program.
//
// Why transpile in memory rather than compile to a build dir: the example source stays the single
// truth (`import { Symlink } from "pulumi-oss-symlink"`, top-level code, `export const` outputs,
// as `pulumi up` runs it), and nothing is written into the repository. The module is compiled
// under its own file name, so `require` inside it resolves from the example's folder up to the
// repository's node_modules: the same @pulumi/pulumi instance as the Automation API here, and
// pulumi-oss-symlink through its self link. A fresh module per run means config changes between
// runs take effect (a cached module would keep its first run's resources).
// Type errors are caught by tests/unit/examples.test.ts (`tsc -p examples/tsconfig.json`).
"use strict";

const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const ts = require("typescript");

/** Compiler options from examples/tsconfig.json, switched to emit CommonJS. */
function compilerOptions(examplesDir) {
  const configPath = path.join(examplesDir, "tsconfig.json");
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(`cannot read ${configPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, examplesDir);
  return { ...parsed.options, noEmit: false, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: true };
}

/** Compiles and runs one TypeScript file as a fresh CommonJS module; resolves to its exports. */
function runTypeScriptModule(entry, options) {
  const source = fs.readFileSync(entry, "utf8");
  const out = ts.transpileModule(source, { compilerOptions: options, fileName: entry, reportDiagnostics: true });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new Error(`${entry}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
  }
  const mod = new Module(entry, module);
  mod.filename = entry;
  mod.paths = Module._nodeModulePaths(path.dirname(entry));
  mod._compile(out.outputText, entry);
  return mod.exports;
}

/**
 * An inline program running examples/<name>/index.ts. Its exports become the stack outputs
 * (enumerable ones only: TypeScript's `__esModule` marker is not).
 */
function exampleProgram(examplesDir, name) {
  const entry = path.join(examplesDir, name, "index.ts");
  if (!fs.existsSync(entry)) throw new Error(`no example at ${entry}`);
  const options = compilerOptions(examplesDir);
  return async () => ({ ...runTypeScriptModule(entry, options) });
}

/** The `name:` of an example's Pulumi.yaml: the project name its stack config keys use. */
function exampleProjectName(examplesDir, name) {
  const file = path.join(examplesDir, name, "Pulumi.yaml");
  const match = /^name:\s*["']?([A-Za-z0-9_.-]+)["']?\s*$/m.exec(fs.readFileSync(file, "utf8"));
  if (!match) throw new Error(`${file} has no top-level name:`);
  return match[1];
}

/**
 * The program module spec the engine library runs (scripts/lib/engine.d.ts EngineJob.program):
 * this file, whose `program` export runs examples/<name>/index.ts in the driver's process.
 */
function exampleProgramSpec(examplesDir, name) {
  return { module: __filename, args: { examplesDir, name } };
}

/** The entry point the engine driver calls with the spec's args. */
function program({ examplesDir, name }) {
  return exampleProgram(examplesDir, name)();
}

module.exports = { exampleProgram, exampleProgramSpec, exampleProjectName, program };
