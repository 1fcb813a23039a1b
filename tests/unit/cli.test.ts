// The Pulumi CLI that engine tests use is provisioned by scripts/ensure-pulumi.sh (built from Go
// modules). This test fails, rather than skips, when it is missing, naming the command to run.
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

function pulumiDir(): string {
  const fromEnv = process.env.PULUMI_OSS_SYMLINK_PULUMI_DIR;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh"), "--locate"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch {
    return "";
  }
}

test("the provisioned Pulumi CLI runs and is at least v3.181", () => {
  const dir = pulumiDir();
  if (!dir) {
    throw new Error("No Pulumi CLI found: run `bash scripts/ensure-pulumi.sh` to build it from Go modules, then re-run.");
  }
  const out = execFileSync(path.join(dir, "pulumi"), ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  }).trim();
  const m = /^v(\d+)\.(\d+)\.(\d+)/.exec(out);
  expect(m).not.toBeNull();
  const [major, minor] = [Number(m?.[1]), Number(m?.[2])];
  // 3.181 is the first CLI that serves inline refresh/destroy for the Automation API.
  expect(major > 3 || (major === 3 && minor >= 181)).toBe(true);
});
