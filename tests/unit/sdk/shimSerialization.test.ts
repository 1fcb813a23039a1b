/**
 * The shim is what Pulumi stores in every Symlink's state. Serialize it the way
 * `pulumi.dynamic.Resource` does, from the compiled dist/ in a plain node process (jest's
 * transformed sources would not show what users get), and check the text: small, no secrets,
 * no absolute paths, loads the implementation by package name. Then load the text the way the
 * provider host does and call through it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..", "..");
const shimJs = path.join(root, "dist", "provider", "index.js");
const sdkJs = path.join(root, "dist", "sdk", "index.js");

const childScript = `
const pulumi = require("@pulumi/pulumi");
const Module = require("node:module");
process.env.OSS_ACCESS_KEY_SECRET = "SHOULD-NOT-APPEAR-secret-value";
(async () => {
  const { symlinkProvider } = require(${JSON.stringify(shimJs)});
  // Configure with a secret first: nothing of it may end up in the serialized text.
  const impl = require("pulumi-oss-symlink/provider-impl");
  await impl.configure({ config: { get: (k) => ({ "alicloud:secretKey": "CONFIG-SECRET-xyz", "alicloud:accessKey": "AKID" })[k] } });
  const sf = await pulumi.runtime.serializeFunction(() => symlinkProvider, { allowSecrets: true });
  // What a real resource stores: register a Symlink against mocks and read its __provider input.
  let stored;
  pulumi.runtime.setMocks({
    newResource: (args) => { stored = args.inputs.__provider; return { id: "b-1/k", state: args.inputs }; },
    call: () => ({}),
  }, "proj", "dev");
  const { Symlink } = require(${JSON.stringify(sdkJs)});
  const link = new Symlink("x", { bucket: "b-1", key: "k", target: "t", region: "cn-hangzhou" });
  await new Promise((resolve) => link.id.apply(resolve));
  // Load it like the dynamic provider host (require-from-string) and call a method through it.
  const m = new Module("", null);
  m.paths = Module._nodeModulePaths(process.cwd());
  m._compile(sf.text, "");
  const provider = m.exports.handler();
  const d = await provider.diff("b/k", { bucket: "b-1", key: "k", target: "t1", region: "cn-hangzhou", ownerId: "x" },
    { bucket: "b-1", key: "k", target: "t2", region: "cn-hangzhou", ownerId: "x" });
  process.stdout.write(JSON.stringify({ text: sf.text, stored, containsSecrets: sf.containsSecrets, diff: d }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe("serialized shim", () => {
  let result: { text: string; stored: string; containsSecrets: boolean; diff: { changes: boolean; replaces: string[] } };

  beforeAll(() => {
    if (!fs.existsSync(shimJs) || !fs.existsSync(sdkJs)) {
      throw new Error(`${shimJs} is missing: run \`npm run build\` (npx tsc -p tsconfig.build.json) first`);
    }
    const out = execFileSync(process.execPath, ["-e", childScript], { cwd: root, encoding: "utf8", timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] });
    result = JSON.parse(out);
  });

  it("is at most 2 KB, both as serializeFunction(() => symlinkProvider) and as stored by a Symlink", () => {
    expect(result.text.length).toBeLessThanOrEqual(2048);
    expect(typeof result.stored).toBe("string");
    expect(result.stored.length).toBeLessThanOrEqual(2048);
    expect(result.stored).toContain('require("pulumi-oss-symlink/provider-impl")');
  });

  it("loads the implementation by package name inside the methods", () => {
    expect(result.text).toContain('require("pulumi-oss-symlink/provider-impl")');
    for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
      expect(result.text).toMatch(new RegExp(`${m}\\s*\\(`));
    }
  });

  it("captures no secrets, credentials or absolute paths", () => {
    expect(result.containsSecrets).toBe(false);
    for (const bad of ["SHOULD-NOT-APPEAR", "CONFIG-SECRET", "AKID", "accessKeySecret", "/root", root, "/work", "__awaiter"]) {
      expect(result.text).not.toContain(bad);
      expect(result.stored).not.toContain(bad);
    }
  });

  it("works when loaded the way the provider host loads it", () => {
    expect(result.diff).toEqual({ changes: true, replaces: ["target"] });
  });
});

/**
 * What an installed package stores. A program with its own package scope (like a user's project,
 * or tests/engine/programs/) loads `pulumi-oss-symlink` from node_modules, where `npm run build`
 * installs a copy (scripts/link-self.js). There the provider handed to Pulumi is the
 * implementation module itself, which the serializer stores as a single `require` line.
 */
describe("serialized provider of an installed package", () => {
  const programsDir = path.join(root, "tests", "engine", "programs");
  const installedScript = `
const pulumi = require("@pulumi/pulumi");
let stored;
pulumi.runtime.setMocks({
  newResource: (args) => { stored = args.inputs.__provider; return { id: "b-1/k", state: args.inputs }; },
  call: () => ({}),
}, "proj", "dev");
const { Symlink } = require("pulumi-oss-symlink");
const link = new Symlink("x", { bucket: "b-1", key: "k", target: "t", region: "cn-hangzhou" });
link.id.apply(() => process.stdout.write(JSON.stringify({ stored, from: require.resolve("pulumi-oss-symlink") })));
`;
  let installed: { stored: string; from: string };

  beforeAll(() => {
    const copy = path.join(root, "node_modules", "pulumi-oss-symlink", "dist", "provider", "impl.js");
    if (!fs.existsSync(copy)) throw new Error(`${copy} is missing: run \`npm run build\` (it installs the package into node_modules)`);
    // -e code runs with the cwd as its package scope: tests/engine/programs has its own package.json.
    const out = execFileSync(process.execPath, ["-e", installedScript], { cwd: programsDir, encoding: "utf8", timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] });
    installed = JSON.parse(out);
  });

  it("resolves the package from node_modules, not from this repository", () => {
    expect(installed.from.split(path.sep)).toContain("node_modules");
  });

  it("is one require of the implementation by package name, a few hundred bytes", () => {
    expect(installed.stored).toContain('require("pulumi-oss-symlink/provider-impl")');
    expect(installed.stored.length).toBeLessThanOrEqual(512);
    for (const bad of ["/root", root, "/work", "node_modules/", "configure: __f"]) expect(installed.stored).not.toContain(bad);
  });
});
