// Jest-side face of the engine library (scripts/lib/engine.js, shared with the bench and the
// demo): the same functions and types, plus what only tests need. See docs/engine.md.
import * as fs from "node:fs";
import * as path from "node:path";
import { killLiveSessions } from "../../../scripts/lib/engine";
import { filesUnder } from "../../support/filesUnder";

export {
  REPO_ROOT,
  requirePulumi,
  makeTempDir,
  killSession,
  startDriver,
  runEngine,
  engineText,
  expectOk,
  stateResources,
} from "../../../scripts/lib/engine";
export type {
  ConfigEntry,
  EngineOp,
  EngineJob,
  EngineStep,
  EngineResult,
} from "../../../scripts/lib/engine";

// A run that a test abandoned (jest timed the test out first) would outlive the test file and the
// jest worker with its CLI and provider plugin: every test file that imports this module kills
// the sessions of its drivers still running at its end.
afterAll(killLiveSessions);

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
