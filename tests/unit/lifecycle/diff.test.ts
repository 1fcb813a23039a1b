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
  ["endpoint added", { endpoint: "http://127.0.0.1:1" }, "replace", ["endpoint"]],
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
