// What `npm publish` would ship: the tarball of `npm pack`. A user's `npm install` gets exactly
// these files and runs exactly these lifecycle scripts, so every entry point must be inside, no
// repository-only file may be, and no install script may need a file that is not shipped.
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { PACKAGE_ROOT, packPackage, type PackedPackage } from "../support/packTarball";

interface PackageJson {
  name: string;
  main?: string;
  types?: string;
  exports?: unknown;
  bin?: string | Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as PackageJson;
// npm runs these on the user's machine when the package is installed (from a registry or a tarball).
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall"] as const;

/** Every file path an `exports` map names (conditions and subpaths, recursively). */
function exportTargets(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (node === null || typeof node !== "object") return [];
  return Object.values(node as Record<string, unknown>).flatMap(exportTargets);
}

/** "./dist/x.js" and "dist/x.js" both name the package file "dist/x.js". */
function packagePath(p: string): string {
  return path.posix.normalize(p.replace(/^\.\//, ""));
}

let tmp: string;
let packed: PackedPackage;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-oss-symlink-pack-"));
  packed = packPackage(tmp);
  console.log(
    `npm pack: ${path.basename(packed.tarball)} ${packed.size} B compressed, ` +
      `${packed.unpackedSize} B unpacked, ${packed.entryCount} files`,
  );
}, 60_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("contains every file that main, types, exports and bin name", () => {
    const bins = typeof pkg.bin === "string" ? [pkg.bin] : Object.values(pkg.bin ?? {});
    const named = [pkg.main, pkg.types, ...exportTargets(pkg.exports), ...bins]
      .filter((p): p is string => typeof p === "string")
      .map(packagePath);
    expect(named.length).toBeGreaterThan(5);
    const files = new Set(packed.files);
    expect(named.filter((p) => !files.has(p))).toEqual([]);
  });

  it("ships no tests, fixtures, scripts, benchmarks or examples", () => {
    const repoOnly = packed.files.filter((f) =>
      /(^|\/)(tests?|fixtures?|__tests__|scripts|bench|examples)(\/|$)|\.test\.[cm]?[jt]s$/.test(f),
    );
    expect(repoOnly).toEqual([]);
  });

  it("has no install lifecycle script that needs a file it does not ship", () => {
    const files = new Set(packed.files);
    const missing: string[] = [];
    for (const name of INSTALL_SCRIPTS) {
      const script = pkg.scripts?.[name];
      if (script === undefined) continue;
      // Anything that looks like a relative file path in the command line.
      for (const token of script.match(/[\w@.-]*\/[\w@./-]+|[\w@-]+\.(?:c?js|mjs|sh|ts)\b/g) ?? []) {
        if (!files.has(packagePath(token))) missing.push(`${name}: ${token}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("requires at run time only Node built-ins, its own subpaths and its declared dependencies", () => {
    const allowed = new Set([...builtinModules, ...Object.keys(pkg.dependencies ?? {}), pkg.name]);
    const undeclared = new Set<string>();
    for (const file of packed.files.filter((f) => f.endsWith(".js"))) {
      const text = fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8");
      for (const [, spec] of text.matchAll(/require\("([^".][^"]*)"\)/g)) {
        const bare = spec!.replace(/^node:/, "");
        const name = bare.startsWith("@") ? bare.split("/").slice(0, 2).join("/") : bare.split("/")[0]!;
        if (!allowed.has(name)) undeclared.add(`${file}: ${spec}`);
      }
    }
    expect([...undeclared]).toEqual([]);
  });
});
