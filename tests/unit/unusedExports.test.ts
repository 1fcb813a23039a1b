/**
 * Dead code cannot come back: no export of the library folders goes unused
 * (scripts/unused-exports.js). The fixture repository shows what the checker counts as a use.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface Finding { file: string; line: number; name: string; usedInFile: boolean }
const { findUnusedExports } = require("../../scripts/unused-exports.js") as {
  findUnusedExports: (options?: { root?: string; checked?: string[]; allowed?: Map<string, string> }) => Finding[];
};

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

describe("scripts/unused-exports.js", () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "unused-exports-"));
    writeTree(root, {
      "package.json": JSON.stringify({
        name: "fx",
        exports: { ".": { types: "./dist/lib/index.d.ts", default: "./dist/lib/index.js" }, "./extra": "./dist/lib/extra.js" },
        bin: { fx: "dist/lib/cli.js" },
      }),
      "lib/index.ts": 'export { viaEntry } from "./a";\nexport * from "./star";\nexport const entryOwn = 1;\n',
      "lib/extra.ts": "export function extraPublic(): number { return 1; }\n",
      "lib/cli.ts": "export const cliOwn = 1;\n",
      "lib/a.ts": [
        "export const viaEntry = 1;",
        "export const unusedOne = 2;",
        "export const importedByTest = 3;",
        "export const onlyHere = 4;",
        "export const destructured = 5;",
        "export const accessed = 6;",
        "export interface TypeOnly { x: number }",
        "export type ViaImportType = string;",
        "const y = onlyHere + 1;",
        "void y;",
      ].join("\n"),
      "lib/star.ts": "export const starred = 1;\n",
      "lib/ns.ts": "export const nsOne = 1;\nexport const nsTwo = 2;\n",
      "lib/built.ts": "export const fromDist = 1;\nexport const notFromDist = 2;\n",
      "lib/mid.ts": 'export { deep } from "./deep";\nexport { deepUnused } from "./deep";\n',
      "lib/deep.ts": "export const deep = 1;\nexport const deepUnused = 2;\n",
      "tests/a.test.ts": [
        'import { importedByTest, type TypeOnly } from "../lib/a";',
        'import * as ns from "../lib/ns";',
        'import { deep } from "../lib/mid";',
        'type T = typeof import("../lib/a").ViaImportType;',
        "void [importedByTest, ns, deep];",
        "let t: TypeOnly | T | undefined;",
        "void t;",
      ].join("\n"),
      "scripts/s.js": 'const { destructured } = require("../lib/a");\nconst v = require("../lib/a.ts").accessed;\nconst { fromDist } = require("../dist/lib/built.js");\nvoid [destructured, v, fromDist];\n',
      "node_modules/dep/index.js": 'require("../../lib/a").unusedOne;\n',
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("reports exactly the exports nothing outside their file uses", () => {
    const found = findUnusedExports({ root, checked: ["lib"] }).map((f) => `${f.file}#${f.name}${f.usedInFile ? " (own file)" : ""}`);
    expect(found).toEqual([
      "lib/a.ts#unusedOne",
      "lib/a.ts#onlyHere (own file)",
      "lib/built.ts#notFromDist",
      "lib/deep.ts#deepUnused",
      "lib/mid.ts#deepUnused",
    ]);
  });

  it("skips the allow-listed entries", () => {
    const allowed = new Map([["lib/a.ts#unusedOne", "fixture"]]);
    expect(findUnusedExports({ root, checked: ["lib"], allowed }).map((f) => f.name)).not.toContain("unusedOne");
  });
});

describe("this repository", () => {
  it("has no unused export in provider/, sdk/ or server/", () => {
    expect(findUnusedExports()).toEqual([]);
  });
});
