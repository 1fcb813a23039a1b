// Lists the exported symbols of provider/, sdk/ and server/ that nothing in the repository imports.
//
// An export is used when some other file of the repository (library, tests, bench, scripts,
// examples; TypeScript or JavaScript) imports it by name, requires it, or reaches it through a
// re-export that is itself used; every export of a public entry point (package.json `exports`
// and `bin`, dist paths mapped back to their sources) is used by definition. An export used only
// inside its own file is reported too: it should not be exported. Files are only parsed, never
// type-checked, so the check takes about a second.
//
// Usage: node scripts/unused-exports.js [--json]   (exit code 1 when something is reported)
// tests/unit/unusedExports.test.ts runs it, so `npm test` fails when an unused export appears.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

/** The folders whose exports are checked. */
const CHECKED = ["provider", "sdk", "server"];
/** Folders never read. */
const SKIPPED = new Set(["node_modules", "dist", ".git", ".pulumi", "coverage"]);
const SOURCE_EXT = [".ts", ".tsx", ".js", ".cjs", ".mjs"];

/**
 * Deliberate public API reached other than through an entry point, as `file#name`. Each entry
 * says who uses it. Empty today: every public symbol is re-exported by an entry point.
 */
const ALLOWED = new Map([]);

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (SOURCE_EXT.some((e) => entry.name.endsWith(e)) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** A dist path (dist/x/y.js or .d.ts) → its source (x/y.ts). */
function sourceOfDist(root, file) {
  const rel = path.relative(path.join(root, "dist"), file);
  if (rel.startsWith("..")) return file;
  return path.join(root, rel.replace(/(\.d\.ts|\.js)$/, ".ts"));
}

function resolveFile(root, base) {
  const candidates = [base, ...SOURCE_EXT.map((e) => base + e), ...SOURCE_EXT.map((e) => path.join(base, "index" + e)), base.replace(/\.js$/, ".ts")];
  for (const c of candidates) {
    const s = sourceOfDist(root, c);
    if (fs.existsSync(s) && fs.statSync(s).isFile()) return s;
  }
  return undefined;
}

/** package.json `exports` subpath → source file; the package name is how the repo imports itself. */
function entryPoints(root) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const map = new Map();
  for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
    const file = typeof target === "string" ? target : target.default ?? target.require ?? target.import;
    if (typeof file !== "string" || !file.endsWith(".js")) continue;
    const src = resolveFile(root, path.join(root, file));
    if (src) map.set(sub === "." ? pkg.name : `${pkg.name}/${sub.slice(2)}`, src);
  }
  const entries = new Set(map.values());
  for (const bin of Object.values(typeof pkg.bin === "string" ? { main: pkg.bin } : pkg.bin ?? {})) {
    const src = resolveFile(root, path.join(root, bin));
    if (src) entries.add(src);
  }
  return { bySpecifier: map, entries };
}

function resolveSpecifier(root, from, spec, bySpecifier) {
  if (bySpecifier.has(spec)) return bySpecifier.get(spec);
  if (!spec.startsWith(".")) return undefined;
  return resolveFile(root, path.resolve(path.dirname(from), spec));
}

/** What one file exports and what it takes from others. */
function scan(root, file, bySpecifier) {
  const text = fs.readFileSync(file, "utf8");
  const kind = file.endsWith(".ts") || file.endsWith(".tsx") ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const exports = new Map(); // name → line
  const uses = []; // { file, name } | { file, all: true }
  const reexports = []; // { name, file, from } : `export { from as name } from "file"`; name "*" for export *
  const resolve = (spec) => resolveSpecifier(root, file, spec, bySpecifier);
  const line = (node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const hasExport = (node) => (ts.getModifiers?.(node) ?? node.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (node) => (ts.getModifiers?.(node) ?? node.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const target = resolve(st.moduleSpecifier.text);
      const clause = st.importClause;
      if (!target || !clause) continue;
      if (clause.name) uses.push({ file: target, name: "default" });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) uses.push({ file: target, all: true });
      else if (nb) for (const el of nb.elements) uses.push({ file: target, name: (el.propertyName ?? el.name).text });
    } else if (ts.isExportDeclaration(st)) {
      const target = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? resolve(st.moduleSpecifier.text) : undefined;
      if (!st.exportClause) {
        if (target) reexports.push({ name: "*", file: target, from: "*" });
      } else if (ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) {
          exports.set(el.name.text, line(el));
          if (target) reexports.push({ name: el.name.text, file: target, from: (el.propertyName ?? el.name).text });
        }
      } else if (target) {
        exports.set(st.exportClause.name.text, line(st));
        reexports.push({ name: st.exportClause.name.text, file: target, from: "*" });
      }
    } else if (ts.isExportAssignment(st)) {
      exports.set("default", line(st));
    } else if (hasExport(st)) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) exports.set(d.name.text, line(d));
        }
      } else if (isDefault(st)) exports.set("default", line(st));
      else if (st.name && ts.isIdentifier(st.name)) exports.set(st.name.text, line(st));
    }
  }

  // require("x"), require("x").name, const { a, b } = require("x"), import("x"), typeof import("x").T
  const visit = (node) => {
    if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0])
      && ((ts.isIdentifier(node.expression) && node.expression.text === "require") || node.expression.kind === ts.SyntaxKind.ImportKeyword)) {
      const target = resolve(node.arguments[0].text);
      if (target) {
        const parent = node.parent;
        if (ts.isPropertyAccessExpression(parent) && parent.expression === node) uses.push({ file: target, name: parent.name.text });
        else if (ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)) {
          for (const el of parent.name.elements) {
            const key = el.propertyName ?? el.name;
            if (ts.isIdentifier(key)) uses.push({ file: target, name: key.text });
            else uses.push({ file: target, all: true });
          }
        } else uses.push({ file: target, all: true });
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const target = resolve(node.argument.literal.text);
      if (target) {
        const q = node.qualifier;
        if (q) uses.push({ file: target, name: ts.isIdentifier(q) ? q.text : q.left.getText(sf).split(".")[0] });
        else uses.push({ file: target, all: true });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);

  // Names used inside the file itself (to tell "unused" from "used only here").
  const localIdentifiers = new Set();
  const collect = (node) => {
    if (ts.isIdentifier(node)) {
      const p = node.parent;
      const isDeclName = p && p.name === node && (ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isVariableDeclaration(p)
        || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isEnumDeclaration(p));
      if (!isDeclName && !(p && ts.isExportSpecifier(p))) localIdentifiers.add(node.text);
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);
  return { exports, uses, reexports, localIdentifiers };
}

/**
 * The unused exports of a repository, sorted by file and line.
 * @param {{ root?: string, checked?: string[], allowed?: Map<string, string> }} [options]
 *   root: the repository (default: this one); checked: top-level folders whose exports are
 *   checked; allowed: `file#name` entries never reported.
 */
function findUnusedExports(options = {}) {
  const root = options.root ?? path.resolve(__dirname, "..");
  const checked = options.checked ?? CHECKED;
  const allowed = options.allowed ?? ALLOWED;
  const { bySpecifier, entries } = entryPoints(root);
  const files = walk(root, []);
  const scans = new Map(files.map((f) => [f, scan(root, f, bySpecifier)]));
  const used = new Map(); // file → Set(name) ; "*" = all
  const mark = (file, name) => {
    if (!used.has(file)) used.set(file, new Set());
    const set = used.get(file);
    if (set.has(name) || set.has("*")) return false;
    set.add(name);
    return true;
  };
  const isUsed = (file, name) => used.get(file)?.has("*") || used.get(file)?.has(name) || false;
  for (const e of entries) mark(e, "*");
  for (const [file, s] of scans) {
    for (const u of s.uses) if (u.file !== file) mark(u.file, u.all ? "*" : u.name);
  }
  // Re-exports pass use on to what they re-export, until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const [file, s] of scans) {
      for (const r of s.reexports) {
        if (r.name === "*") {
          if (used.has(file)) for (const n of used.get(file)) changed = mark(r.file, n) || changed;
        } else if (isUsed(file, r.name)) changed = mark(r.file, r.from) || changed;
      }
    }
  }
  const report = [];
  for (const [file, s] of scans) {
    const rel = path.relative(root, file).split(path.sep).join("/");
    if (!checked.includes(rel.split("/")[0])) continue;
    for (const [name, line] of s.exports) {
      if (isUsed(file, name) || allowed.has(`${rel}#${name}`)) continue;
      report.push({ file: rel, line, name, usedInFile: s.localIdentifiers.has(name) });
    }
  }
  report.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return report;
}

module.exports = { findUnusedExports, CHECKED, ALLOWED };

if (require.main === module) {
  const report = findUnusedExports();
  if (process.argv.includes("--json")) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else {
    for (const r of report) {
      process.stdout.write(`${r.file}:${r.line} ${r.name} — ${r.usedInFile ? "used only in its own file: drop `export`" : "unused: delete it"}\n`);
    }
    process.stdout.write(`${report.length} unused export(s)\n`);
  }
  process.exitCode = report.length > 0 ? 1 : 0;
}
