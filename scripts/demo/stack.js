// The demo's Pulumi stack, driven through the Automation API with an inline program: no
// language host is needed (the SDK serves the program in this process), only the CLI and the
// bundled `pulumi-resource-pulumi-nodejs` plugin script beside it. Everything is offline: a
// file backend, a passphrase secrets provider and a private PULUMI_HOME under the state dir.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");

/** Ops of a step that mean "this resource is replaced". */
const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced"]);

// PulumiCommand.get wants an install root holding bin/pulumi.
function pulumiRoot(pulumiDir, stateDir) {
  if (path.basename(pulumiDir) === "bin") return path.dirname(pulumiDir);
  const root = path.join(stateDir, "pulumi-root");
  fs.mkdirSync(path.join(root, "bin"), { recursive: true });
  for (const name of fs.readdirSync(pulumiDir)) {
    const link = path.join(root, "bin", name);
    if ((name === "pulumi" || name.startsWith("pulumi-")) && !fs.existsSync(link)) {
      fs.symlinkSync(path.join(pulumiDir, name), link);
    }
  }
  return root;
}

/** The environment the CLI (and through it the provider plugin) runs with. */
function offlineEnv({ pulumiDir, stateDir, passphrase }) {
  return {
    // The engine finds pulumi-resource-pulumi-nodejs on PATH; that script runs `node`.
    PATH: [pulumiDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(stateDir, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_HOME: path.join(stateDir, "home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_DISABLE_CI_DETECTION: "true",
  };
}

/** Last lines of a text, for error messages. */
function tail(text, lines = 25) {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** The resource name at the end of a URN (`urn:pulumi:stack::project::type::name`). */
function urnName(urn) {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * A stack of `projectName` running `program`. Each operation returns what the demo prints:
 * per-resource steps (from the engine's event stream), change counts and, for `up`, outputs.
 * Engine output goes to `log` only when `verbose`; on failure its tail is in the thrown error.
 */
class DemoStack {
  static async open({ projectName, stackName, program, pulumiDir, stateDir, passphrase, verbose, log }) {
    const env = offlineEnv({ pulumiDir, stateDir, passphrase });
    fs.mkdirSync(env.PULUMI_HOME, { recursive: true });
    fs.mkdirSync(path.join(stateDir, "backend"), { recursive: true });
    const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot(pulumiDir, stateDir) });
    // The workspace (project and stack settings) lives in the state dir too, rather than in a
    // fresh os.tmpdir()/automation-* dir per run that nothing removes. With no Pulumi.yaml there,
    // the SDK's default project applies, whose `main` is our cwd: where the plugin must start.
    const workDir = path.join(stateDir, "workspace");
    fs.mkdirSync(workDir, { recursive: true });
    const stack = await LocalWorkspace.createOrSelectStack(
      { projectName, stackName, program },
      { pulumiCommand, pulumiHome: env.PULUMI_HOME, envVars: env, workDir },
    );
    return new DemoStack(stack, env, pulumiCommand.version, verbose, log);
  }

  constructor(stack, env, cliVersion, verbose, log) {
    this.stack = stack;
    this.env = env;
    this.cliVersion = cliVersion ? String(cliVersion) : "unknown";
    this.verbose = verbose;
    this.log = log;
  }

  /** Sets stack config: `{ key: { value, secret? } }`, keys without `:` get the project prefix. */
  async setConfig(config) {
    await this.stack.setAllConfig(config);
  }

  async preview() {
    return this.run("preview", (opts) => this.stack.preview(opts), (r) => ({ changes: r.changeSummary }));
  }

  async up() {
    return this.run("up", (opts) => this.stack.up(opts), (r) => ({ changes: r.summary.resourceChanges ?? {}, outputs: r.outputs }));
  }

  async destroy() {
    return this.run("destroy", (opts) => this.stack.destroy(opts), (r) => ({ changes: r.summary.resourceChanges ?? {} }));
  }

  async outputs() {
    return this.stack.outputs();
  }

  /** Removes the (empty) stack from the backend. */
  async remove() {
    await this.stack.workspace.removeStack(this.stack.name);
  }

  async run(op, call, shape) {
    let output = "";
    // Engine output arrives in chunks that split lines; --verbose echoes whole lines only.
    let pending = "";
    const echo = (chunk) => {
      output += chunk;
      if (!this.verbose) return;
      pending += chunk;
      const end = pending.lastIndexOf("\n");
      if (end < 0) return;
      this.log(pending.slice(0, end));
      pending = pending.slice(end + 1);
    };
    const steps = new Map();
    const opts = {
      color: "never",
      onOutput: echo,
      onError: echo,
      onEvent: (event) => {
        const m = event.resourcePreEvent?.metadata;
        if (!m || m.type === "pulumi:pulumi:Stack" || m.type.startsWith("pulumi:providers:")) return;
        const step = steps.get(m.urn) ?? { name: urnName(m.urn), type: m.type, ops: [], diffs: [], old: undefined, new: undefined };
        step.ops.push(m.op);
        // `keys` names what forces a replacement, `diffs` what changed; the engine fills either.
        for (const d of [...(m.diffs ?? []), ...(m.keys ?? [])]) if (!step.diffs.includes(d)) step.diffs.push(d);
        step.old = step.old ?? m.old;
        step.new = m.new ?? step.new;
        steps.set(m.urn, step);
      },
    };
    const started = Date.now();
    let result;
    try {
      result = await call(opts);
    } catch (err) {
      if (pending) this.log(pending);
      const detail = err && err.commandResult ? `${err.commandResult.stdout}\n${err.commandResult.stderr}` : output;
      throw new Error(`pulumi ${op} failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n${tail(detail)}`);
    }
    if (pending) this.log(pending);
    return { op, ms: Date.now() - started, steps: [...steps.values()], ...shape(result) };
  }
}

/** Whether a step (from `preview`/`up`) replaces its resource. */
function isReplace(step) {
  return step.ops.some((op) => REPLACE_OPS.has(op));
}

// Key order is the order summaries list outcomes in.
const PAST = { create: "created", replace: "replaced", update: "updated", delete: "deleted", same: "unchanged" };
const PLANNED = { create: "to create", replace: "to replace", update: "to update", delete: "to delete", same: "unchanged" };

/** What happened (or, for a preview, will happen) to a resource: its most telling op. */
function outcome(step, words = PAST) {
  if (isReplace(step)) return words.replace;
  for (const op of ["create", "update", "delete", "same"]) {
    if (step.ops.includes(op)) return words[op];
  }
  return step.ops.join("+");
}

/** `1 replaced, 3 unchanged` (or `1 to replace, ...` when `planned`) over the steps of one operation. */
function describeSteps(steps, planned = false) {
  const words = planned ? PLANNED : PAST;
  const counts = new Map(Object.values(words).map((word) => [word, 0]));
  for (const step of steps) {
    const word = outcome(step, words);
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()].filter(([, n]) => n > 0).map(([word, n]) => `${n} ${word}`).join(", ") || "no changes";
}

module.exports = { DemoStack, isReplace, outcome, describeSteps, urnName };
