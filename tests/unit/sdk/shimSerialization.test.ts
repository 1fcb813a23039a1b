/**
 * `__provider` is what the dynamic-provider host loads for every call and what every Symlink
 * stores twice (inputs and outputs). Register a Symlink against mocks from the compiled dist/ in
 * a plain node process (jest's transformed sources would not show what users get), both from
 * this repository and from the copy installed under node_modules, and check the stored text:
 * the one line of provider/index.ts, small, no secrets, no absolute paths, loading the
 * implementation by package name. Then load it the way the host does (require-from-string,
 * `handler()`) and call through it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..", "..");
const providerJs = path.join(root, "dist", "provider", "index.js");
const sdkJs = path.join(root, "dist", "sdk", "index.js");

/** Registers one Symlink with mocks, loads its stored __provider like the host, calls diff through it. */
const childScript = (sdk: string) => `
const pulumi = require("@pulumi/pulumi");
const Module = require("node:module");
process.env.OSS_ACCESS_KEY_SECRET = "SHOULD-NOT-APPEAR-secret-value";
(async () => {
  // Configure with a secret first: nothing of it may end up in the stored text.
  const impl = require("pulumi-oss-symlink/provider-impl");
  await impl.configure({ config: { get: (k) => ({ "alicloud:secretKey": "CONFIG-SECRET-xyz", "alicloud:accessKey": "AKID" })[k] } });
  let stored, type;
  pulumi.runtime.setMocks({
    newResource: (args) => { stored = args.inputs.__provider; type = args.type; return { id: "b-1/k", state: args.inputs }; },
    call: () => ({}),
  }, "proj", "dev");
  const { Symlink } = require(${JSON.stringify(sdk)});
  const link = new Symlink("x", { bucket: "b-1", key: "k", target: "t", region: "cn-hangzhou" });
  await new Promise((resolve) => link.id.apply(resolve));
  // Load it like the dynamic provider host (require-from-string, paths from the cwd).
  const m = new Module("", null);
  m.paths = Module._nodeModulePaths(process.cwd());
  m._compile(stored, "");
  const provider = m.exports.handler();
  const d = await provider.diff("b/k", { bucket: "b-1", key: "k", target: "t1", region: "cn-hangzhou", ownerId: "x" },
    { bucket: "b-1", key: "k", target: "t2", region: "cn-hangzhou", ownerId: "x" });
  process.stdout.write(JSON.stringify({ stored, type, diff: d, sameModule: provider === impl, from: require.resolve("pulumi-oss-symlink") }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

interface ChildResult {
  stored: string;
  type: string;
  diff: { changes: boolean; replaces: string[] };
  sameModule: boolean;
  from: string;
}

function run(sdk: string, cwd: string): ChildResult {
  return JSON.parse(execFileSync(process.execPath, ["-e", childScript(sdk)], { cwd, encoding: "utf8", timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] }));
}

describe("stored provider text", () => {
  let fromRepo: ChildResult;
  let installed: ChildResult;
  let expected: string;

  beforeAll(() => {
    if (!fs.existsSync(providerJs) || !fs.existsSync(sdkJs)) {
      throw new Error(`${providerJs} is missing: run \`npm run build\` (npx tsc -p tsconfig.build.json) first`);
    }
    const copy = path.join(root, "node_modules", "pulumi-oss-symlink", "dist", "provider", "impl.js");
    if (!fs.existsSync(copy)) throw new Error(`${copy} is missing: run \`npm run build\` (it installs the package into node_modules)`);
    expected = (require(providerJs) as { SERIALIZED_PROVIDER: string }).SERIALIZED_PROVIDER;
    fromRepo = run(sdkJs, root);
    // tests/engine/programs has its own package scope, like a user's project: the package comes from node_modules.
    installed = run("pulumi-oss-symlink", path.join(root, "tests", "engine", "programs"));
  });

  it("is the one line of provider/index.ts, from a checkout and from an installed package alike", () => {
    expect(installed.from.split(path.sep)).toContain("node_modules");
    expect(fromRepo.stored).toBe(expected);
    expect(installed.stored).toBe(expected);
    expect(expected).toContain('require("pulumi-oss-symlink/provider-impl")');
    // Pulumi's closure serializer stored 301 bytes for the same require (docs/performance.md).
    expect(Buffer.byteLength(expected)).toBeLessThanOrEqual(128);
  });

  it("registers under the dynamic provider's type token", () => {
    expect(fromRepo.type).toBe("pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink");
    expect(installed.type).toBe("pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink");
  });

  it("holds no secrets, credentials or absolute paths", () => {
    for (const bad of ["SHOULD-NOT-APPEAR", "CONFIG-SECRET", "AKID", "accessKeySecret", "/root", root, "/work", "node_modules/"]) {
      expect(fromRepo.stored).not.toContain(bad);
    }
  });

  it("works when loaded the way the provider host loads it: handler() is the implementation module", () => {
    for (const r of [fromRepo, installed]) {
      expect(r.sameModule).toBe(true);
      expect(r.diff).toEqual({ changes: true, replaces: ["target"] });
    }
  });
});
