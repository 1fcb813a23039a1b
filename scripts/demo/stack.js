// The demo's Pulumi stack, driven by the repository's engine library (scripts/lib/engine.js):
// each operation runs the Automation API with an inline program in a child Node process, fully
// offline (a file backend, a passphrase secrets provider and a private PULUMI_HOME under the
// state dir). No language host is needed, only the CLI and the bundled
// `pulumi-resource-pulumi-nodejs` plugin script beside it.
"use strict";

const path = require("node:path");
const { runEngine } = require("../lib/engine");

/** Ops of a step that mean "this resource is replaced". */
const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced"]);

/** Last lines of a text, for error messages. */
function tail(text, lines = 25) {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** The resource name at the end of a URN (`urn:pulumi:stack::project::type::name`). */
function urnName(urn) {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * The engine's per-step events of one operation, one entry per resource (the stack and providers
 * left out): its ops, what changed, and its state before and after.
 */
function resourceSteps(engineSteps) {
  const steps = new Map();
  for (const m of engineSteps) {
    if (m.phase !== "pre" || m.type === "pulumi:pulumi:Stack" || m.type.startsWith("pulumi:providers:")) continue;
    const step = steps.get(m.urn) ?? { name: urnName(m.urn), type: m.type, ops: [], diffs: [], old: undefined, new: undefined };
    step.ops.push(m.op);
    // `keys` names what forces a replacement, `diffs` what changed; the engine fills either.
    for (const d of [...(m.diffs ?? []), ...(m.keys ?? [])]) if (!step.diffs.includes(d)) step.diffs.push(d);
    step.old = step.old ?? m.old;
    step.new = m.new ?? step.new;
    steps.set(m.urn, step);
  }
  return [...steps.values()];
}

/** Echoes text that arrives in chunks splitting lines as whole lines only. */
function lineEcho(log) {
  let pending = "";
  return {
    write(chunk) {
      pending += chunk;
      const end = pending.lastIndexOf("\n");
      if (end < 0) return;
      log(pending.slice(0, end));
      pending = pending.slice(end + 1);
    },
    flush() {
      if (pending) log(pending);
      pending = "";
    },
  };
}

/**
 * A stack of `projectName` running `program` (a program module spec, see EngineJob.program in
 * scripts/lib/engine.d.ts). Each operation returns what the demo prints: per-resource steps (from
 * the engine's event stream), change counts and, for `up`, outputs. Engine output goes to `log`
 * only when `verbose`; on failure its tail is in the thrown error.
 */
class DemoStack {
  /** Creates (or selects) the stack, and learns the CLI's version on the way. */
  static async open({ projectName, stackName, program, pulumiDir, stateDir, passphrase, verbose, log }) {
    const stack = new DemoStack({
      projectName,
      stackName,
      program,
      pulumiDir,
      passphrase,
      // The layout earlier demo runs left in a --state-dir: backend/, home/, workspace/. The
      // workspace holds the stack settings; with no Pulumi.yaml there, the SDK's default project
      // applies, whose `main` is the driver's cwd (the repository root): where the plugin must start.
      stateDir: path.join(stateDir, "backend"),
      pulumiHome: path.join(stateDir, "home"),
      workDir: path.join(stateDir, "workspace"),
    }, verbose, log);
    stack.cliVersion = (await stack.run("outputs", (r) => ({ outputs: r.outputs }))).cliVersion ?? "unknown";
    return stack;
  }

  constructor(base, verbose, log) {
    this.base = base;
    this.verbose = verbose;
    this.log = log;
    this.config = {};
    this.cliVersion = "unknown";
  }

  /** Stack config for the next operation: `{ key: { value, secret? } }`, keys without `:` get the project prefix. */
  setConfig(config) {
    Object.assign(this.config, config);
  }

  async preview() {
    return this.run("preview", (r) => ({ changes: r.changeSummary }));
  }

  async up() {
    return this.run("up", (r) => ({ changes: r.resourceChanges ?? {}, outputs: r.outputs }));
  }

  async destroy() {
    return this.run("destroy", (r) => ({ changes: r.resourceChanges ?? {} }));
  }

  /** Removes the (empty) stack from the backend. */
  async remove() {
    await this.run("remove", () => ({}));
  }

  async run(op, shape) {
    const echo = lineEcho(this.log);
    const config = this.config;
    this.config = {};
    const result = await runEngine(
      { ...this.base, op, config, options: { color: "never" }, echo: this.verbose },
      { onStderr: this.verbose ? (chunk) => echo.write(chunk) : undefined },
    );
    echo.flush();
    if (!result.ok) {
      const err = result.error ?? { message: "unknown error" };
      const detail = err.stdout !== undefined ? `${err.stdout}\n${err.stderr}` : `${result.stdout}${result.stderr}`;
      throw new Error(`pulumi ${op} failed: ${err.message.split("\n")[0]}\n${tail(detail)}`);
    }
    return { op, ms: result.durationMs, cliVersion: result.cliVersion, steps: resourceSteps(result.steps), ...shape(result) };
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
