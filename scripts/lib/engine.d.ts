// Types of scripts/lib/engine.js, the library that drives the Pulumi engine offline for the
// engine tests, the bench and the demo: every option of a job is listed here, once.

/** A stack config value; `secret` values are encrypted in state with the stack's passphrase. */
export interface ConfigEntry {
  value: string;
  secret?: boolean;
}

/** `remove` deletes the stack from the backend (`pulumi stack rm`); the others are the Automation API calls of the same name. */
export type EngineOp = "preview" | "up" | "refresh" | "destroy" | "export" | "outputs" | "cancel" | "remove";

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
  /** Also write the engine's console output to the driver's stderr as it arrives (see {@link EngineWatch.onStderr}). */
  echo?: boolean;
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
  /** Version of the Pulumi CLI that ran the operation (absent when setup failed first). */
  cliVersion?: string;
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

/** The repository root: the driver runs here so the provider plugin resolves `@pulumi/pulumi`. */
export const REPO_ROOT: string;

/** The line that separates the driver's result from whatever the program printed on its stdout. */
export const RESULT_MARKER: string;

/**
 * The bin dir of the Pulumi CLI to use: `PULUMI_OSS_SYMLINK_PULUMI_DIR` (set by
 * tests/support/globalSetup.js and scripts/demo.sh) or `scripts/ensure-pulumi.sh --locate`
 * (with `build: true`, `scripts/ensure-pulumi.sh`, which builds it the first time). Throws with
 * the command to run when the CLI has not been provisioned, so engine tests fail rather than skip.
 */
export function requirePulumi(options?: { build?: boolean }): string;

/** A fresh temp dir for one run's backend state and files; remove it with `fs.rmSync`. */
export function makeTempDir(prefix?: string): string;

/** The pids listed in /proc now. */
export function procPids(): number[];

/**
 * The fields of `/proc/<pid>/stat` after `pid (comm)`: `[0]` is the state, `[1]` the parent pid,
 * `[3]` the session id, `[19]` the start time in clock ticks; undefined when the process is gone.
 */
export function procStatFields(pid: number): string[] | undefined;

/** Live processes whose session id is `sid` (from /proc; zombies excluded). */
export function sessionPids(sid: number): number[];

/** SIGKILLs every process of session `sid` until none is left (a dying CLI may not spawn more); resolves with the number of kills. */
export function killSession(sid: number): Promise<number>;

/** Kills the sessions of every driver started by this process that is still running. */
export function killLiveSessions(): Promise<void>;

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

/** Callbacks on a running driver (not part of the job: they do not cross into the child). */
export interface EngineWatch {
  /** The driver's pid (= its session id) right after it started. */
  onStart?: (pid: number) => void;
  /** Each chunk the driver writes on stderr (with `job.echo`, the engine's console output). */
  onStderr?: (chunk: string) => void;
}

/**
 * Starts the driver for `job` in a child Node process, in a session of its own (setsid), so that
 * {@link killSession} can stop it with the CLI and the provider plugin it starts.
 */
export function startDriver(job: EngineJob, watch?: EngineWatch): DriverRun;

/**
 * Runs one engine operation in a child Node process and resolves with its result (never rejects
 * on engine errors; rejects when the driver broke or ran past `job.timeoutMs`, whose whole
 * session is then killed).
 */
export function runEngine(job: EngineJob, watch?: EngineWatch): Promise<EngineResult>;

/** Everything an engine run showed the user: console output, diagnostics, error, driver output. */
export function engineText(r: EngineResult): string;

/** Throws with the engine's own output when an operation did not succeed. */
export function expectOk(result: EngineResult): EngineResult;

/** The resources of an `export` result, optionally only those of one type. */
export function stateResources(result: EngineResult, type?: string): StateResource[];
