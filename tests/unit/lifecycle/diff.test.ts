import { diffSymlink } from "../../../provider/lifecycle/diff";
import { UNKNOWN_VALUE } from "../../../provider/lifecycle/unknown";

const inputs = {
  bucket: "b-1",
  key: "k",
  target: "t1",
  acl: "default",
  storageClass: "Standard",
  metadata: { a: "1" },
  forbidOverwrite: false,
  adopt: false,
  region: "cn-hangzhou",
  ownerId: "0123456789abcdef",
  __provider: "shim-v1",
};
const olds = { ...inputs, etag: "E", url: "http://x", ownerToken: "0123456789abcdef.aaaa", lastModified: "d" };

type Expect = "none" | "update" | "replace" | "provider-only";
const cases: [string, Record<string, unknown>, Expect, string[]?][] = [
  ["identical", {}, "none"],
  ["bucket changed", { bucket: "b-2" }, "replace", ["bucket"]],
  ["key changed", { key: "k2" }, "replace", ["key"]],
  ["region changed", { region: "cn-shanghai" }, "replace", ["region"]],
  ["endpoint added", { endpoint: "http://127.0.0.1:1" }, "update"],
  ["endpoint and target changed: only target replaces", { endpoint: "http://127.0.0.1:1", target: "t2" }, "replace", ["target"]],
  ["endpoint and region changed: only region replaces", { endpoint: "oss-cn-shanghai.aliyuncs.com", region: "cn-shanghai" }, "replace", ["region"]],
  ["target changed", { target: "t2" }, "replace", ["target"]],
  ["acl changed", { acl: "private" }, "replace", ["acl"]],
  ["storageClass changed", { storageClass: "IA" }, "replace", ["storageClass"]],
  ["target and acl changed", { target: "t2", acl: "private" }, "replace", ["target", "acl"]],
  ["metadata value changed", { metadata: { a: "2" } }, "update"],
  ["metadata entry added", { metadata: { a: "1", b: "2" } }, "update"],
  ["metadata removed entirely", { metadata: {} }, "update"],
  ["metadata key order irrelevant", { metadata: { a: "1" } }, "none"],
  ["cacheControl added", { cacheControl: "no-cache" }, "update"],
  ["contentType added", { contentType: "text/plain" }, "update"],
  ["contentDisposition added", { contentDisposition: "inline" }, "update"],
  ["forbidOverwrite toggled", { forbidOverwrite: true }, "update"],
  ["adopt toggled", { adopt: true }, "update"],
  ["ownerId changed (rename with alias)", { ownerId: "fedcba9876543210" }, "update"],
  ["metadata change plus target change replaces", { metadata: {}, target: "t3" }, "replace", ["target"]],
  ["only __provider changed", { __provider: "shim-v2" }, "provider-only"],
  ["__provider unknown during preview", { __provider: UNKNOWN_VALUE }, "none"],
  ["unknown target → replace", { target: UNKNOWN_VALUE }, "replace", ["target"]],
  ["unknown metadata value → update", { metadata: { a: UNKNOWN_VALUE } }, "update"],
];

describe("a provider text this package stored, after an upgrade", () => {
  // The text main 4a37e61 stored (tests/fixtures/endpointUpgrade/stack-export.json) and today's one-liner.
  const serialized = "exports.handler = __f0;\nconst provider = require(\"pulumi-oss-symlink/provider-impl\");\n\nfunction __f0() {\n  return (function() {\n    with({ this: undefined, arguments: undefined }) {\n\nreturn () => provider;\n\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n";
  const today = 'exports.handler = () => require("pulumi-oss-symlink/provider-impl");\n';

  it("is no change: both load the installed implementation by package name", () => {
    expect(diffSymlink({ ...olds, __provider: serialized }, { ...inputs, __provider: today })).toEqual({ changes: false, replaces: [], changed: [] });
  });

  it("a real change still plans what it plans", () => {
    expect(diffSymlink({ ...olds, __provider: serialized }, { ...inputs, __provider: today, target: "t2" })).toMatchObject({ changes: true, replaces: ["target"] });
  });
});

describe("diffSymlink", () => {
  // One object per row: a callback with more parameters than a row has cells counts as `done`.
  it.each(cases.map((c) => [c[0], c] as const))("%s", (_name, [, change, expected, replaces]) => {
    const d = diffSymlink(olds, { ...inputs, ...change });
    expect(typeof d.changes).toBe("boolean");
    switch (expected) {
      case "none":
        expect(d).toMatchObject({ changes: false, replaces: [], changed: [] });
        break;
      case "update":
        expect(d.changes).toBe(true);
        expect(d.replaces).toEqual([]);
        expect(d.changed.length).toBeGreaterThan(0);
        break;
      case "replace":
        expect(d.changes).toBe(true);
        expect([...d.replaces].sort()).toEqual([...(replaces ?? [])].sort());
        break;
      case "provider-only":
        // Only the serialized provider changed: a change with no changed field (update keeps the outputs).
        expect(d).toMatchObject({ changes: true, replaces: [], changed: [] });
        break;
    }
  });

  // The endpoint says where requests go, not which link this is (docs/resource.md, "Replace vs
  // update"): every move between these spellings is an update of `endpoint` alone.
  describe("endpoint moves are updates, never replaces", () => {
    const ENDPOINTS: [string, string | undefined][] = [
      ["public (no custom endpoint)", undefined],
      ["public, spelled out", "oss-cn-hangzhou.aliyuncs.com"],
      ["public, as an https URL", "https://oss-cn-hangzhou.aliyuncs.com"],
      ["-internal", "oss-cn-hangzhou-internal.aliyuncs.com"],
      ["-internal, as an http URL", "http://oss-cn-hangzhou-internal.aliyuncs.com"],
      ["accelerate", "oss-accelerate.aliyuncs.com"],
      ["accelerate overseas", "https://oss-accelerate-overseas.aliyuncs.com"],
      ["a CNAME", "static.example.com"],
      ["a CNAME with a port", "https://cdn.example.com:8443"],
      ["another OSS_ENDPOINT (a local server)", "http://127.0.0.1:9000"],
    ];
    const moves = ENDPOINTS.flatMap(([fromName, from]) =>
      ENDPOINTS.filter(([, to]) => to !== from).map(([toName, to]) => [`${fromName} → ${toName}`, from, to] as const),
    );

    it.each(moves)("%s", (_name, from, to) => {
      const stored = from === undefined ? olds : { ...olds, endpoint: from };
      const next = to === undefined ? inputs : { ...inputs, endpoint: to };
      expect(diffSymlink(stored, next)).toEqual({ changes: true, replaces: [], changed: ["endpoint"] });
    });

    it("an endpoint stored as null (explicit no-value) equals no custom endpoint", () => {
      expect(diffSymlink({ ...olds, endpoint: null }, inputs)).toMatchObject({ changes: false, changed: [] });
    });

    it("an endpoint still unknown at preview is an update, not a replace", () => {
      expect(diffSymlink(olds, { ...inputs, endpoint: UNKNOWN_VALUE })).toEqual({ changes: true, replaces: [], changed: ["endpoint"] });
    });
  });

  it("older state without defaulted fields compares equal to defaults", () => {
    const sparse = { bucket: "b-1", key: "k", target: "t1", region: "cn-hangzhou", ownerId: "0123456789abcdef", __provider: "shim-v1" };
    expect(diffSymlink(sparse, { ...inputs, metadata: {} }).changes).toBe(false);
  });

  it("never asks for delete-before-replace", () => {
    const d = diffSymlink(olds, { ...inputs, target: "t9" });
    expect(d).not.toHaveProperty("deleteBeforeReplace");
  });
});

describe("a target problem found by refresh (verifyTarget)", () => {
  const withProblem = { ...olds, verifyTarget: true, targetProblem: "target 't1' does not exist" };

  it("plans an in-place update while verifyTarget is on, so the next up checks the target again", () => {
    expect(diffSymlink(withProblem, { ...inputs, verifyTarget: true })).toEqual({ changes: true, replaces: [], changed: ["targetProblem"] });
  });

  it("is no change once verifyTarget is off (turning it off is only recorded)", () => {
    expect(diffSymlink(withProblem, { ...inputs, verifyTarget: false })).toEqual({ changes: true, replaces: [], changed: ["verifyTarget"] });
    expect(diffSymlink({ ...withProblem, verifyTarget: false }, { ...inputs, verifyTarget: false })).toMatchObject({ changes: false });
  });

  it("a replacement still replaces, for the field that changed", () => {
    expect(diffSymlink(withProblem, { ...inputs, verifyTarget: true, target: "t2" })).toMatchObject({ replaces: ["target"] });
  });
});
