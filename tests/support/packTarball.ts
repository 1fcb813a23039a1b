// Packs the repository as `npm publish` would (`npm pack --json`), for the tests that check what a
// user gets: the package contents (tests/unit/package.test.ts) and the CLI tests that install the
// tarball into fresh projects (tests/cli/). Needs `npm run build` first (`npm test` runs it).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root (where package.json lives). */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/** One entry of `npm pack --json`. */
export interface PackedPackage {
  /** Absolute path of the written .tgz. */
  tarball: string;
  /** Compressed size in bytes. */
  size: number;
  unpackedSize: number;
  entryCount: number;
  /** Paths inside the package (no `package/` prefix). */
  files: string[];
}

/** The `npm` beside the running `node` (Node >= 22 under scripts/with-node.sh), else the one on PATH. */
export function npmCommand(): string {
  const beside = path.join(path.dirname(process.execPath), "npm");
  return fs.existsSync(beside) ? beside : "npm";
}

/** Runs `npm pack --json` into `destDir` and returns what it wrote. */
export function packPackage(destDir: string): PackedPackage {
  if (!fs.existsSync(path.join(PACKAGE_ROOT, "dist", "sdk", "index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test runs it first), then re-run the tests.");
  }
  fs.mkdirSync(destDir, { recursive: true });
  const out = execFileSync(npmCommand(), ["pack", "--json", "--pack-destination", destDir], {
    cwd: PACKAGE_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter) },
  });
  const [entry] = JSON.parse(out) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
    files: Array<{ path: string }>;
  }>;
  if (!entry) throw new Error(`npm pack printed no package:\n${out}`);
  return {
    tarball: path.join(destDir, entry.filename),
    size: entry.size,
    unpackedSize: entry.unpackedSize,
    entryCount: entry.entryCount,
    files: entry.files.map((f) => f.path),
  };
}
