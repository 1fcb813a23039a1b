// The example programs: each folder is complete, imports the library by package name, and
// type-checks against the built SDK (dist/, made by `npm run build`, which `npm test` runs first).
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLES_DIR = path.join(ROOT, "examples");
const EXAMPLES = ["basic", "versioned-latest", "with-alicloud", "pipeline", "lookups"] as const;
// The policy pack (examples/policy) is no Pulumi program (PulumiPolicy.yaml, no Pulumi.yaml), but it type-checks too.
const TYPE_CHECKED = [...EXAMPLES, "policy"] as const;
const TSCONFIG = path.join(EXAMPLES_DIR, "tsconfig.json");

interface ExamplePackageJson {
  name?: string;
  dependencies?: Record<string, string>;
}

function read(example: string, file: string): string {
  return fs.readFileSync(path.join(EXAMPLES_DIR, example, file), "utf8");
}

function parsedConfig(): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(TSCONFIG, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error(`cannot parse ${TSCONFIG}`);
  return parsed;
}

function format(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  });
}

/** Type-checks the examples project, optionally with one file's text replaced. */
function typeCheck(override?: { file: string; text: string }): readonly ts.Diagnostic[] {
  const config = parsedConfig();
  const host = ts.createCompilerHost(config.options);
  if (override) {
    const original = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
      path.resolve(fileName) === override.file
        ? ts.createSourceFile(fileName, override.text, languageVersion, true)
        : original(fileName, languageVersion, onError, shouldCreate);
  }
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
  return ts.getPreEmitDiagnostics(program);
}

describe("example folders", () => {
  it.each(EXAMPLES)("%s has README.md, Pulumi.yaml, index.ts and package.json", (example) => {
    const missing = ["README.md", "Pulumi.yaml", "index.ts", "package.json"].filter(
      (file) => !fs.existsSync(path.join(EXAMPLES_DIR, example, file)),
    );
    expect(missing).toEqual([]);
  });

  it.each(EXAMPLES)("%s imports the library by package name, never by a repository path", (example) => {
    const source = read(example, "index.ts");
    expect(source).toMatch(/^import \{[^}]*\bSymlink\b[^}]*\} from "pulumi-oss-symlink";$/m);
    const specifiers = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(specifiers.filter((s) => s !== undefined && (s.startsWith(".") || s.startsWith("/")))).toEqual([]);
  });

  it.each(EXAMPLES)("%s/package.json names pulumi-oss-symlink and @pulumi/pulumi as dependencies", (example) => {
    const pkg = JSON.parse(read(example, "package.json")) as ExamplePackageJson;
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(expect.arrayContaining(["pulumi-oss-symlink", "@pulumi/pulumi"]));
  });

  it.each(EXAMPLES)("%s/Pulumi.yaml is a Node.js project named after its folder", (example) => {
    const yaml = read(example, "Pulumi.yaml");
    expect(yaml).toMatch(new RegExp(`^name: oss-symlink-${example}$`, "m"));
    expect(yaml).toMatch(/^runtime:\n {2}name: nodejs$/m);
  });

  it("with-alicloud builds its bucket with @pulumi/alicloud", () => {
    expect(read("with-alicloud", "index.ts")).toMatch(/new alicloud\.oss\.Bucket\(/);
    const pkg = JSON.parse(read("with-alicloud", "package.json")) as ExamplePackageJson;
    expect(Object.keys(pkg.dependencies ?? {})).toContain("@pulumi/alicloud");
  });
});

describe("examples type-check (tsc -p examples/tsconfig.json)", () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, "dist", "sdk", "index.d.ts"))) {
      throw new Error("dist/sdk/index.d.ts is missing: run `npm run build` first (npm test does it in pretest)");
    }
  });

  it("covers exactly the five examples and the policy pack", () => {
    const files = parsedConfig().fileNames.map((f) => path.relative(EXAMPLES_DIR, f)).sort();
    expect(files).toEqual(TYPE_CHECKED.map((e) => path.join(e, "index.ts")).sort());
  });

  it("finds no errors", () => {
    const diagnostics = typeCheck();
    expect(format(diagnostics)).toBe("");
  });

  it("resolves pulumi-oss-symlink to the real SDK types (a wrong argument is an error)", () => {
    const file = path.join(EXAMPLES_DIR, "basic", "index.ts");
    const broken = fs.readFileSync(file, "utf8").replace('key: "app/stable.js",', "key: 42,");
    expect(broken).toContain("key: 42,");
    const messages = format(typeCheck({ file, text: broken }));
    expect(messages).toContain("basic/index.ts");
    expect(messages).toMatch(/Type 'number' is not assignable to type 'Input<string>'/);
  });
});

describe("the demo's in-memory compile of examples/basic", () => {
  // scripts/demo/exampleProgram.js is plain CommonJS (the demo runs without a build step of its own).
  const demo = require(path.join(ROOT, "scripts", "demo", "exampleProgram.js")) as {
    exampleProjectName(examplesDir: string, name: string): string;
  };

  it.each(EXAMPLES)("reads the project name of %s from its Pulumi.yaml", (example) => {
    expect(demo.exampleProjectName(EXAMPLES_DIR, example)).toBe(`oss-symlink-${example}`);
  });
});
