/**
 * Keeps the architecture honest: lifecycle decisions import no HTTP stack, no client and no
 * Pulumi runtime; effects talk to OSS only through the `OssClientApi` type; nothing under
 * provider/ imports the SDK (data flows sdk → provider, never back).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const providerDir = path.resolve(__dirname, "..", "..", "..", "provider");

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from\s+|require\()\s*"([^"]+)"/g)].map((m) => m[1] ?? "");
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

describe("module boundaries", () => {
  const lifecycle = tsFiles(path.join(providerDir, "lifecycle"));

  it.each(lifecycle.map((f) => [path.relative(providerDir, f), f]))("%s imports no network code", (_rel, file) => {
    for (const spec of importsOf(file)) {
      expect(spec).not.toMatch(/undici|node:https?$|^https?$|oss\/client$|\/http\/|@pulumi\/pulumi|sdk\//);
    }
  });

  it("effects use the client only through its contract", () => {
    for (const file of tsFiles(path.join(providerDir, "lifecycle", "effects"))) {
      const text = fs.readFileSync(file, "utf8");
      expect(text).not.toMatch(/createOssClient|new OssClient/);
    }
  });

  it("nothing under provider/ imports sdk/", () => {
    for (const file of tsFiles(providerDir)) {
      for (const spec of importsOf(file)) expect(spec).not.toMatch(/(^|\/)sdk(\/|$)/);
    }
  });

  it("data flows one way below the lifecycle: oss/ never imports lifecycle/, impl or config; http/ never imports oss/", () => {
    for (const file of tsFiles(path.join(providerDir, "oss"))) {
      for (const spec of importsOf(file)) expect([file, spec]).not.toEqual([file, expect.stringMatching(/(^|\/)(lifecycle|impl|config|index)(\/|$)|^\.\.\/\.\.\//)]);
    }
    for (const file of tsFiles(path.join(providerDir, "http"))) {
      for (const spec of importsOf(file)) expect([file, spec]).not.toEqual([file, expect.stringMatching(/^\.\.\//)]);
    }
  });

  it("the local server shares no code with the client (its verifier must not be the client's signer)", () => {
    for (const file of tsFiles(path.resolve(providerDir, "..", "server"))) {
      for (const spec of importsOf(file)) expect([file, spec]).not.toEqual([file, expect.stringMatching(/provider\//)]);
    }
  });

  it("the shim has no runtime imports and only requires the impl by package name", () => {
    const text = fs.readFileSync(path.join(providerDir, "index.ts"), "utf8");
    expect(text).not.toMatch(/^import (?!type )/m);
    const requires = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(["pulumi-oss-symlink/provider-impl"]));
  });
});
