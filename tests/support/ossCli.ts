/**
 * The `oss-local` bin in a child process, for tests whose server must not share the test's event
 * loop (a server stuck in a loop would otherwise stop the test's own timers too).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline";

const CLI = path.join(__dirname, "..", "..", "dist", "server", "cli.js");

/** A running bin: its process, endpoint and port. */
export interface CliServer {
  child: ChildProcess;
  endpoint: string;
  port: number;
  /** SIGKILLs the process and waits for it to exit. */
  kill(): Promise<void>;
}

/** Starts `node dist/server/cli.js ARGS` and resolves once it prints its listening line. */
export function startCli(args: string[]): Promise<CliServer> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it in pretest).`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    rl.on("line", (line) => {
      const m = /^OSS listening at (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      if (m) {
        resolve({
          child, endpoint: m[1]!, port: Number(m[2]),
          async kill() {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
            await exited;
          },
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`oss-local exited with ${code}: ${stderr}`)));
  });
}
