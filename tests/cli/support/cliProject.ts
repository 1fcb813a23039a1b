// The user's path, for the CLI tests: a project folder outside this repository with the packed
// tarball installed (`npm install <tgz>`), driven only by `pulumi` commands with a file backend
// (`pulumi login file://...`) and a passphrase, against the embedded OSS server. The server, its
// fake credentials and the stack config keys are the engine tests' (tests/engine/support/
// symlinkStack.ts), so both layers point the provider at the server the same way.
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigEntry } from "../../engine/support/engine";
import { killSession, makeTempDir, REPO_ROOT, requirePulumi } from "../../engine/support/engine";
import { npmCommand, packPackage, type PackedPackage } from "../../support/packTarball";

/** What one `pulumi` (or other) command did. */
export interface CommandResult {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The passphrase of every CLI test stack (the passphrase secrets provider). */
export const CLI_PASSPHRASE = "cli-test-passphrase-7d1f";

/**
 * The Pulumi CLI's bin dir, with the Node language host beside it (or on PATH). Throws, naming the
 * command that provides it, when the host is missing: without it no `pulumi preview` can run.
 */
export function requireLanguageHost(): string {
  const dir = requirePulumi();
  const beside = path.join(dir, "pulumi-language-nodejs");
  if (fs.existsSync(beside)) return dir;
  try {
    execFileSync("sh", ["-c", "command -v pulumi-language-nodejs"], { stdio: "ignore" });
    return dir;
  } catch {
    throw new Error(
      `pulumi-language-nodejs is missing (not in ${dir}, not on PATH): \`pulumi preview\` in a project folder ` +
        "cannot run. Run `bash scripts/ensure-pulumi.sh` (it builds the language host from Go modules beside the CLI), " +
        "then re-run the tests.",
    );
  }
}

/** The environment of a user's shell: no inherited Pulumi or cloud settings, the CLI and node on PATH. */
function userEnv(home: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(PULUMI_|OSS_|ALIBABA_CLOUD_|ALICLOUD_|ALIBABACLOUD_)/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    PATH: [requireLanguageHost(), path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: CLI_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // Only the bundled pulumi-nodejs plugin is used; a missing plugin must fail, not download.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // Keep the exit code and output of the terminal a user sees, not a CI-specific variant.
    PULUMI_DISABLE_CI_DETECTION: "true",
    // Ambient Alibaba Cloud credentials must not be found on this machine (config gives them).
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
    ...extra,
  };
}

/** Runs a command in a session of its own; after `timeoutMs` the whole session is killed. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; input?: string },
): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? 240_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) void killSession(child.pid).catch(() => 0);
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${command} ${args.join(" ")} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
      else resolve({ args, code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Throws with the command's output unless it exited 0. */
export function expectSuccess(r: CommandResult): CommandResult {
  if (r.code !== 0) {
    throw new Error(`\`${r.args.join(" ")}\` exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  }
  return r;
}

/** One step of `pulumi preview --json`. */
export interface PreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
}

/** The parts of `pulumi preview --json` the tests read. */
export interface PreviewJson {
  steps: PreviewStep[];
  changeSummary: Record<string, number>;
  diagnostics?: Array<{ message: string; severity: string }>;
}

/** The resource name at the end of a URN. */
export function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** A project folder with the package installed from its tarball, and a logged-in file backend. */
export interface CliProject {
  /** The project folder (a copy of the example). */
  dir: string;
  /** The test's temp dir: backend state, PULUMI_HOME, the tarball. */
  tmp: string;
  env: NodeJS.ProcessEnv;
  /** `pulumi <args>` in the project folder. */
  pulumi(args: string[], extraEnv?: Record<string, string>): Promise<CommandResult>;
  /** `pulumi preview --json [extra]`, parsed; the exit code is kept. */
  previewJson(extra?: string[]): Promise<{ result: CommandResult; plan: PreviewJson }>;
  /** `pulumi config set [--secret] <key> <value>` for each entry. */
  setConfig(config: Record<string, ConfigEntry>): Promise<void>;
  /** Removes the temp dir, unless `REL_ENGINE_KEEP=1` keeps it for inspection after a failure. */
  remove(): void;
}

let packed: { dir: string; pkg: PackedPackage } | undefined;

/** Packs the repository once per test file (into its own temp dir, removed at exit). */
export function packedTarball(): PackedPackage {
  if (!packed) {
    const dir = makeTempDir("cli-pack-");
    packed = { dir, pkg: packPackage(dir) };
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return packed.pkg;
}

/**
 * Copies `source` (an example folder, or a folder the test wrote) to a temp dir, runs
 * `npm install <tarball> [...alsoInstall]` there as its README says (so no registry copy of
 * pulumi-oss-symlink is needed), and logs the CLI in to a file backend in the same temp dir.
 */
export async function installProject(source: string, name = path.basename(source), alsoInstall: string[] = []): Promise<CliProject> {
  const tmp = makeTempDir(`cli-${name}-`);
  const dir = path.join(tmp, name);
  fs.cpSync(source, dir, { recursive: true, filter: (f) => !/(^|\/)(node_modules|\.pulumi-state)$/.test(f) });
  const tarball = path.join(tmp, path.basename(packedTarball().tarball));
  fs.copyFileSync(packedTarball().tarball, tarball);
  const env = userEnv(path.join(tmp, "home"), {});
  expectSuccess(
    await run(npmCommand(), ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, ...alsoInstall], {
      cwd: dir,
      env,
      timeoutMs: 300_000,
    }),
  );
  const state = path.join(tmp, "state");
  fs.mkdirSync(state);
  const pulumi = (args: string[], extraEnv: Record<string, string> = {}) =>
    run("pulumi", args, { cwd: dir, env: { ...env, ...extraEnv } });
  expectSuccess(await pulumi(["login", `file://${state}`]));
  return {
    dir,
    tmp,
    env,
    pulumi,
    async previewJson(extra: string[] = []) {
      const result = await pulumi(["preview", "--json", ...extra]);
      let plan: PreviewJson;
      try {
        plan = JSON.parse(result.stdout) as PreviewJson;
      } catch {
        throw new Error(`pulumi preview --json printed no JSON (exit ${result.code})\n${result.stdout}\n${result.stderr}`);
      }
      return { result, plan };
    },
    async setConfig(config: Record<string, ConfigEntry>) {
      for (const [key, entry] of Object.entries(config)) {
        expectSuccess(await pulumi(["config", "set", ...(entry.secret ? ["--secret"] : []), key, entry.value]));
      }
    },
    remove() {
      if (process.env.REL_ENGINE_KEEP !== "1") fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** An example folder of this repository. */
export function exampleDir(name: string): string {
  return path.join(REPO_ROOT, "examples", name);
}
