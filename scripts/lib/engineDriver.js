// Runs one Pulumi engine operation through the Automation API and prints its result as JSON.
//
// Why a separate plain Node process: an inline program's dynamic providers are serialized by
// Pulumi's closure serializer, which walks live V8 scopes and `require.cache`; inside jest the
// module registry is jest's own and the code is ts-jest's transform output, so the serialized
// provider would not be what a user's program produces. Here the program runs exactly as it
// would in a user's `node` process.
//
// Part of the engine library (scripts/lib/engine.js starts it; scripts/lib/engine.d.ts lists every
// field of a job). Input: one JSON job on stdin.
// Output: zero or more lines printed by the program itself, then one line
// `RESULT_MARKER <json>` (the program shares this process's stdout, so the marker separates the
// result from anything the program logs). Exit code 0 when the job ran, whatever its outcome;
// non-zero only when the driver itself broke.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const RESULT_MARKER = "@@pulumi-engine-driver-result@@";

function readStdin() {
  return new Promise((resolve, reject) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => (text += chunk));
    process.stdin.on("end", () => resolve(text));
    process.stdin.on("error", reject);
  });
}

// A module named like a path is taken relative to the driver's cwd (the repository root);
// anything else is a package specifier resolved from there, as a user's program would.
function resolveProgramModule(spec) {
  if (path.isAbsolute(spec) || spec.startsWith("./") || spec.startsWith("../")) {
    return path.resolve(process.cwd(), spec);
  }
  return require.resolve(spec, { paths: [process.cwd()] });
}

// A program module exports `function (args) => outputs | Promise<outputs>`, as
// `module.exports`, `exports.program` or `exports.default`.
function loadProgram(programSpec) {
  if (!programSpec || !programSpec.module) return async () => ({});
  const mod = require(resolveProgramModule(programSpec.module));
  const fn = typeof mod === "function" ? mod : mod.program || mod.default;
  if (typeof fn !== "function") {
    throw new Error(`program module ${programSpec.module} exports no function (module.exports, program or default)`);
  }
  const args = programSpec.args || {};
  return async () => fn(args);
}

// PulumiCommand.get wants an install root with the binary at <root>/bin/pulumi. A CLI found on
// PATH may live in a dir not named `bin`; give it one through a symlink in a temp root.
// Temp dirs the driver made for itself, removed before it exits.
const tempDirs = [];

function pulumiRoot(pulumiDir) {
  if (path.basename(pulumiDir) === "bin") return path.dirname(pulumiDir);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-root-"));
  tempDirs.push(root);
  fs.mkdirSync(path.join(root, "bin"));
  for (const name of fs.readdirSync(pulumiDir)) {
    if (name === "pulumi" || name.startsWith("pulumi-")) {
      fs.symlinkSync(path.join(pulumiDir, name), path.join(root, "bin", name));
    }
  }
  return root;
}

// Engine events reduced to what tests assert on: one entry per step and per diagnostic.
// Old/new state of a step without the serialized provider text, which is large and rarely asserted on.
function stateSummary(state) {
  if (!state) return undefined;
  const strip = (props) => {
    if (!props) return props;
    const { __provider, ...rest } = props;
    return rest;
  };
  return { id: state.id, inputs: strip(state.inputs), outputs: strip(state.outputs) };
}

// Debug diagnostics (every RPC the program makes) are dropped: they are noise in test output.
function collectEvents(steps, diagnostics) {
  return (event) => {
    const pre = event.resourcePreEvent;
    if (pre && pre.metadata) {
      const m = pre.metadata;
      steps.push({
        phase: "pre", op: m.op, urn: m.urn, type: m.type, diffs: m.diffs, keys: m.keys,
        detailedDiff: m.detailedDiff || undefined, old: stateSummary(m.old), new: stateSummary(m.new),
      });
    }
    const out = event.resOutputsEvent;
    if (out && out.metadata) {
      const m = out.metadata;
      steps.push({
        phase: "done", op: m.op, urn: m.urn, type: m.type, diffs: m.diffs, keys: m.keys,
        old: stateSummary(m.old), new: stateSummary(m.new),
      });
    }
    const failed = event.resOpFailedEvent;
    if (failed && failed.metadata) {
      steps.push({ phase: "failed", op: failed.metadata.op, urn: failed.metadata.urn, type: failed.metadata.type });
    }
    const diag = event.diagnosticEvent;
    if (diag && diag.severity !== "debug") diagnostics.push({ severity: diag.severity, message: diag.message, urn: diag.urn });
  };
}

function errorInfo(err) {
  if (!(err instanceof Error)) return { name: "Error", message: String(err) };
  const info = { name: err.name, message: err.message };
  // CommandError (automation/errors) carries the CLI's result.
  if (err.commandResult) {
    info.exitCode = err.commandResult.code;
    info.stdout = err.commandResult.stdout;
    info.stderr = err.commandResult.stderr;
  }
  return info;
}

async function run(job) {
  const automation = require(require.resolve("@pulumi/pulumi/automation", { paths: [process.cwd()] }));
  const { LocalWorkspace, PulumiCommand } = automation;

  const pulumiDir = job.pulumiDir || process.env.PULUMI_OSS_SYMLINK_PULUMI_DIR;
  if (!pulumiDir) throw new Error("no Pulumi CLI: set job.pulumiDir or PULUMI_OSS_SYMLINK_PULUMI_DIR (bash scripts/ensure-pulumi.sh)");
  if (!job.stateDir || !path.isAbsolute(job.stateDir)) throw new Error("job.stateDir must be an absolute path");
  fs.mkdirSync(job.stateDir, { recursive: true });
  const pulumiHome = job.pulumiHome || path.join(job.stateDir, "home");
  fs.mkdirSync(pulumiHome, { recursive: true });
  // One workspace dir per project beside the state, reused across operations like a user's
  // project dir: stack config (Pulumi.<stack>.yaml) persists between jobs, and no temp dir leaks.
  const workDir = job.workDir || path.join(job.stateDir, "workspaces", job.projectName);
  fs.mkdirSync(workDir, { recursive: true });

  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot(pulumiDir), skipVersionCheck: false });
  const envVars = {
    // The provider plugin (pulumi-resource-pulumi-nodejs) is found on PATH and needs `node`.
    PATH: [pulumiDir, path.dirname(process.execPath), process.env.PATH || ""].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${job.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: job.passphrase !== undefined ? job.passphrase : "pulumi-oss-symlink-tests",
    PULUMI_HOME: pulumiHome,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_DISABLE_CI_DETECTION: "true",
    PULUMI_DIY_BACKEND_DISABLE_CHECKPOINT_BACKUPS: "true",
    ...(job.env || {}),
  };
  const program = loadProgram(job.program);
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: job.projectName, stackName: job.stackName, program },
    { pulumiCommand, pulumiHome, envVars, workDir },
  );
  if (job.config && Object.keys(job.config).length > 0) {
    await stack.setAllConfig(job.config);
  }

  let stdout = "";
  let stderr = "";
  const steps = [];
  const diagnostics = [];
  // `job.options` is typed as EngineOptions (engine.d.ts): the Automation API options it may set.
  // With `job.echo` the engine's console output is also streamed on stderr, for a caller that
  // shows it live (the demo's --verbose).
  const echo = job.echo ? (s) => process.stderr.write(s) : () => {};
  const opts = {
    // Unset options are dropped: `{ showSecrets: undefined }` must not override the default below.
    ...Object.fromEntries(Object.entries(job.options || {}).filter(([, v]) => v !== undefined)),
    onOutput: (s) => ((stdout += s), echo(s)),
    onError: (s) => ((stderr += s), echo(s)),
    onEvent: collectEvents(steps, diagnostics),
  };

  // The Automation API returns the stack config decrypted in `summary.config` unless told not to;
  // results are printed and logged, so keep secrets masked unless a job asks otherwise.
  const quietSecrets = { showSecrets: false, ...opts };
  const cliVersion = pulumiCommand.version ? String(pulumiCommand.version) : undefined;
  const result = { op: job.op, ok: true, stdout: "", stderr: "", steps, diagnostics, cliVersion };
  const started = Date.now();
  try {
    switch (job.op) {
      case "preview": {
        const r = await stack.preview(opts);
        result.changeSummary = r.changeSummary;
        result.resourceChanges = r.changeSummary;
        break;
      }
      case "up":
      case "refresh":
      case "destroy": {
        const r = await stack[job.op](quietSecrets);
        result.summary = r.summary;
        result.resourceChanges = r.summary.resourceChanges;
        if (job.op === "up") result.outputs = r.outputs;
        break;
      }
      case "export":
        result.deployment = await stack.exportStack();
        break;
      case "outputs":
        result.outputs = await stack.outputs();
        break;
      case "cancel":
        await stack.cancel();
        break;
      case "remove":
        await stack.workspace.removeStack(stack.name);
        break;
      default:
        throw new Error(`unknown op ${JSON.stringify(job.op)}`);
    }
  } catch (err) {
    result.ok = false;
    result.error = errorInfo(err);
  }
  result.durationMs = Date.now() - started;
  result.stdout = stdout;
  result.stderr = stderr;
  return result;
}

async function main() {
  let result;
  try {
    result = await run(JSON.parse(await readStdin()));
  } catch (err) {
    // Setup failed before the operation (bad job, CLI missing, stack selection failed).
    result = { op: "setup", ok: false, stdout: "", stderr: "", steps: [], diagnostics: [], error: errorInfo(err) };
  }
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`\n${RESULT_MARKER} ${JSON.stringify(result)}\n`, () => process.exit(0));
}

module.exports = { RESULT_MARKER };
if (require.main === module) void main();
