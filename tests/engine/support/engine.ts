// Jest-side helpers for engine tests: locate the Pulumi CLI and run one engine operation in a
// plain Node child process (tests/engine/support/driver.js). See docs/engine.md.
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { filesUnder } from "../../support/filesUnder";

/** The repository root: the driver runs here so the provider plugin resolves `@pulumi/pulumi`. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

const DRIVER = path.join(__dirname, "driver.js");
// The line that separates the driver's result from whatever the program printed.
const { RESULT_MARKER } = require(DRIVER) as { RESULT_MARKER: string };

/** A stack config value; `secret` values are encrypted in state with the stack's passphrase. */
export interface ConfigEntry {
  value: string;
  secret?: boolean;
}

export type EngineOp = "preview" | "up" | "refresh" | "destroy" | "export" | "outputs" | "cancel";

/** Options forwarded to the Automation API call (a subset of Up/Preview/Refresh/DestroyOptions). */
export interface EngineOptions {
  parallel?: number;
  message?: string;
  expectNoChanges?: boolean;
  refresh?: boolean;
  diff?: boolean;
  replace?: string[];
  target?: string[];
  targetDependents?: boolean;
  exclude?: string[];
  excludeDependents?: boolean;
  showSecrets?: boolean;
  continueOnError?: boolean;
  excludeProtected?: boolean;
  remove?: boolean;
  previewOnly?: boolean;
  clearPendingCreates?: boolean;
  runProgram?: boolean;
  logVerbosity?: number;
  logToStdErr?: boolean;
  debug?: boolean;
  color?: "always" | "never" | "raw" | "auto";
  suppressOutputs?: boolean;
  suppressProgress?: boolean;
}

/** One engine operation, serialized to the driver's stdin. */
export interface EngineJob {
  op: EngineOp;
  /** Absolute dir of the file backend (`PULUMI_BACKEND_URL=file://<stateDir>`); created if absent. */
  stateDir: string;
  projectName: string;
  stackName: string;
  /**
   * The inline program: a CommonJS module exporting `(args) => outputs` (as `module.exports`,
   * `program` or `default`). A path starting with `./`, `../` or `/` is relative to the repo root;
   * otherwise a package specifier (e.g. `pulumi-oss-symlink/...`). Omit for export/outputs/cancel.
   */
  program?: { module: string; args?: unknown };
  /** Stack config set before the operation; keys without `:` get the project name prefixed. */
  config?: Record<string, ConfigEntry>;
  /** Extra environment for the CLI and, through it, the provider plugin process. */
  env?: Record<string, string>;
  options?: EngineOptions;
  /**
   * Workspace dir (Pulumi.yaml, Pulumi.<stack>.yaml with the stack config); default
   * `<stateDir>/workspaces/<projectName>`, reused across jobs so config persists like in a project dir.
   */
  workDir?: string;
  /** PULUMI_HOME; default `<stateDir>/home`. */
  pulumiHome?: string;
  /** PULUMI_CONFIG_PASSPHRASE; default a fixed test passphrase. */
  passphrase?: string;
  /** CLI bin dir; default `requirePulumi()`. */
  pulumiDir?: string;
  /** Kill the driver (and the CLI under it) after this long; default 240 s. */
  timeoutMs?: number;
}

/** One step of the engine as seen in its event stream. */
export interface EngineStep {
  /** `pre` when the step starts, `done` when its outputs are recorded, `failed` on failure. */
  phase: "pre" | "done" | "failed";
  op: string;
  urn: string;
  type: string;
  /** Changed/replacing keys, when the provider reports them (the dynamic provider host does not). */
  diffs?: string[];
  keys?: string[];
  /** Set only when the provider reports them; Pulumi's dynamic provider host does not. */
  detailedDiff?: Record<string, { kind: string; inputDiff: boolean }>;
  /** State before/after the step, `__provider` removed; secrets appear as the engine renders them. */
  old?: StepState;
  new?: StepState;
}

export interface StepState {
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface EngineDiagnostic {
  severity: string;
  message: string;
  urn?: string;
}

export interface EngineResult {
  op: EngineOp | "setup";
  /** False when the operation (or the driver's setup) threw; see `error`. */
  ok: boolean;
  /** Engine console output (onOutput / onError of the Automation API). */
  stdout: string;
  stderr: string;
  steps: EngineStep[];
  diagnostics: EngineDiagnostic[];
  /** Counts per op (create, same, update, delete, replace, ...); absent for export/outputs/cancel. */
  resourceChanges?: Record<string, number>;
  changeSummary?: Record<string, number>;
  summary?: { result: string; kind: string; resourceChanges?: Record<string, number> } & Record<string, unknown>;
  outputs?: Record<string, { value: unknown; secret: boolean }>;
  /** `export` only: `{ version, deployment: { resources: [...] } }`. */
  deployment?: { version: number; deployment: { resources?: StateResource[] } & Record<string, unknown> };
  error?: { name: string; message: string; exitCode?: number; stdout?: string; stderr?: string };
  durationMs?: number;
  /** Whatever the program itself printed on the driver's stdout, and the driver's stderr. */
  programOutput: string;
  driverStderr: string;
  /** Wall time of the whole child process (Node start, CLI, plugin, program). */
  wallMs: number;
}

/** A resource as stored in an exported deployment. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

let located: string | undefined;

/**
 * The bin dir of the Pulumi CLI to use: `PULUMI_OSS_SYMLINK_PULUMI_DIR` (set by
 * tests/support/globalSetup.js) or `scripts/ensure-pulumi.sh --locate`. Throws with the command
 * to run when the CLI has not been provisioned, so engine tests fail rather than skip.
 */
export function requirePulumi(): string {
  if (located) return located;
  let dir = process.env.PULUMI_OSS_SYMLINK_PULUMI_DIR ?? "";
  if (!dir) {
    try {
      dir = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh"), "--locate"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }).trim();
    } catch {
      dir = "";
    }
  }
  if (!dir || !fs.existsSync(path.join(dir, "pulumi"))) {
    throw new Error(
      "The Pulumi CLI is not provisioned: run `bash scripts/ensure-pulumi.sh` (builds it from Go modules " +
        "into the per-machine cache, several minutes the first time), then re-run the tests.",
    );
  }
  located = dir;
  return dir;
}

/** A fresh temp dir for one test's backend state and files; remove it with `fs.rmSync`. */
export function makeTempDir(prefix = "engine-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-oss-symlink-${prefix}`));
}

/** Live processes whose session id is `sid` (from /proc; zombies excluded). */
export function sessionPids(sid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp session ...": comm may contain spaces, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[3]) === sid && fields[0] !== "Z") pids.push(Number(entry));
  }
  return pids;
}

/** SIGKILLs every process of session `sid` until none is left (a dying CLI may not spawn more). */
export async function killSession(sid: number): Promise<number> {
  let killed = 0;
  for (let round = 0; round < 50; round++) {
    const pids = sessionPids(sid);
    if (pids.length === 0) return killed;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
        killed++;
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`processes of session ${sid} survive SIGKILL: ${sessionPids(sid).join(", ")}`);
}

/** How a driver process ended: its parsed result, or none when it was killed or broke. */
export interface DriverExit {
  result: EngineResult | undefined;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running driver: its process (the leader of a session of its own) and how it ended. */
export interface DriverRun {
  pid: number | undefined;
  exited: Promise<DriverExit>;
}

/**
 * Sessions of drivers still running. The driver is detached (a session of its own), so a run that
 * a test abandoned (jest timed the test out first) would outlive the test file and the jest worker
 * with its CLI and provider plugin. Every test file that imports this module kills them at its end.
 */
const liveSessions = new Set<number>();
afterAll(async () => {
  await Promise.all([...liveSessions].map((sid) => killSession(sid).catch(() => 0)));
});

/**
 * Starts the driver for `job` in a child Node process, in a session of its own (setsid), so that
 * {@link killSession} can stop it with the CLI and the provider plugin it starts.
 */
export function startDriver(job: EngineJob): DriverRun {
  const pulumiDir = job.pulumiDir ?? requirePulumi();
  const started = Date.now();
  const child = spawn(process.execPath, [DRIVER], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PATH: [pulumiDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
      PULUMI_OSS_SYMLINK_PULUMI_DIR: pulumiDir,
    },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  const sid = child.pid;
  if (sid !== undefined) liveSessions.add(sid);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const exited = new Promise<DriverExit>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (sid !== undefined) liveSessions.delete(sid);
      const at = stdout.lastIndexOf(RESULT_MARKER);
      let result: EngineResult | undefined;
      if (at >= 0) {
        const parsed = JSON.parse(stdout.slice(at + RESULT_MARKER.length).trim()) as Omit<
          EngineResult,
          "programOutput" | "driverStderr" | "wallMs"
        >;
        result = { ...parsed, programOutput: stdout.slice(0, at).trim(), driverStderr: stderr, wallMs: Date.now() - started };
      }
      resolve({ result, code, stdout, stderr });
    });
  });
  child.stdin.end(JSON.stringify({ ...job, pulumiDir }));
  return { pid: child.pid, exited };
}

/** Runs one engine operation in a child Node process and resolves with its result (never rejects on engine errors). */
export async function runEngine(job: EngineJob): Promise<EngineResult> {
  const timeoutMs = job.timeoutMs ?? 240_000;
  const run = startDriver(job);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // The whole session, not only the driver's process group: the CLI starts the provider
    // plugin in a process group of its own, which a group kill would leave behind.
    if (run.pid !== undefined) void killSession(run.pid).catch(() => 0);
  }, timeoutMs);
  const exit = await run.exited.finally(() => clearTimeout(timer));
  if (timedOut) throw new Error(`engine ${job.op} timed out after ${timeoutMs} ms\nstdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`);
  if (exit.result === undefined) {
    throw new Error(`engine driver exited with ${exit.code} and printed no result\nstdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`);
  }
  return exit.result;
}

/** Everything an engine run showed the user: console output, diagnostics, error, driver output. */
export function engineText(r: EngineResult): string {
  return [
    r.stdout,
    r.stderr,
    r.error?.message ?? "",
    r.error?.stdout ?? "",
    r.error?.stderr ?? "",
    ...r.diagnostics.map((d) => d.message),
    r.programOutput,
    r.driverStderr,
  ].join("\n");
}

/** Throws with the engine's own output when an operation did not succeed. */
export function expectOk(result: EngineResult): EngineResult {
  if (!result.ok) {
    const e = result.error;
    throw new Error(
      `engine ${result.op} failed: ${e?.message ?? "unknown error"}\n--- engine stdout ---\n${result.stdout}` +
        `\n--- engine stderr ---\n${result.stderr}\n--- program/driver output ---\n${result.programOutput}\n${result.driverStderr}`,
    );
  }
  return result;
}

/**
 * The raw text of every file the file backend wrote under `<stateDir>/.pulumi` (current stack
 * files, backups and history), for asserting that a secret never appears in cleartext. Use this,
 * not `export`: the Automation API's `exportStack` runs `pulumi stack export --show-secrets`,
 * so its deployment carries secrets decrypted (`{ "4dabf18193072939515e22adb298388d": ..., plaintext }`).
 */
export function readStateFiles(stateDir: string): string {
  return filesUnder(path.join(stateDir, ".pulumi"))
    .map((file) => fs.readFileSync(file, "utf8"))
    .join("\n");
}

/** The resources of an `export` result, optionally only those of one type. */
export function stateResources(result: EngineResult, type?: string): StateResource[] {
  const all = result.deployment?.deployment.resources ?? [];
  return type === undefined ? all : all.filter((r) => r.type === type);
}
