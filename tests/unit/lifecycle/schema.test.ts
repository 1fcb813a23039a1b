/**
 * The schema feeds `check`, `diff` and the provider: each entry's default is what `check` fills
 * in and what `diff` compares an absent old value as, and its `onChange` is what `diff` and
 * `update` do when the value changes. One row per input, so a new entry without a row fails here.
 */
import { checkSymlink } from "../../../provider/lifecycle/check";
import { diffSymlink } from "../../../provider/lifecycle/diff";
import { INPUT_FIELDS, SYMLINK_SCHEMA, loneSurrogate } from "../../../provider/lifecycle/schema";

const base = { bucket: "my-bucket", key: "links/latest", target: "releases/v1.txt", ownerId: "0123456789abcdef", region: "cn-hangzhou" };
const ctx = { config: {}, env: {} };

/** A valid value different from `base`'s (or from the default) for every input. */
const OTHER: Record<string, unknown> = {
  ...{ bucket: "other-bucket", key: "links/other", target: "releases/v2.txt", acl: "private", storageClass: "IA" },
  ...{ metadata: { team: "web" }, forbidOverwrite: true, adopt: true, verifyTarget: true },
  ...{ cacheControl: "no-cache", contentDisposition: "inline", contentType: "text/plain" },
  ...{ region: "cn-shanghai", endpoint: "http://127.0.0.1:9000", ownerId: "fedcba9876543210" },
};

describe("the Symlink schema", () => {
  it("has a row here for every entry", () => {
    expect(Object.keys(OTHER).sort()).toEqual([...INPUT_FIELDS].sort());
  });

  it("check fills each default and returns the inputs in schema order", () => {
    const out = checkSymlink(base, ctx);
    expect(out.failures).toEqual([]);
    for (const f of INPUT_FIELDS) {
      const d = (SYMLINK_SCHEMA[f] as { default?: unknown }).default;
      if (d !== undefined) expect([f, out.inputs[f]]).toEqual([f, d]);
    }
    expect(Object.keys(out.inputs)).toEqual(INPUT_FIELDS.filter((f) => out.inputs[f] !== undefined));
  });

  it.each(INPUT_FIELDS.map((f) => [f, SYMLINK_SCHEMA[f].onChange] as const))("a change of %s is a %s", (field, effect) => {
    const olds = checkSymlink(base, ctx);
    const news = checkSymlink({ ...base, [field]: OTHER[field] }, ctx);
    expect(news.failures).toEqual([]);
    const d = diffSymlink(olds.inputs, news.inputs);
    expect(d.changes).toBe(true);
    expect(d.changed).toEqual([field]);
    expect(d.replaces).toEqual(effect === "replace" ? [field] : []);
  });

  it("an absent old value compares as the default (state written before a default existed)", () => {
    const checked = checkSymlink(base, ctx).inputs;
    const sparse = Object.fromEntries(Object.entries(checked).filter(([f]) => (SYMLINK_SCHEMA as Record<string, { default?: unknown }>)[f]?.default === undefined));
    expect(diffSymlink(sparse, checked).changes).toBe(false);
  });

  it("one lone-surrogate rule: a pair is one character, a lone half is found with its index", () => {
    expect(loneSurrogate("emoji/😀.txt")).toBeUndefined();
    expect(loneSurrogate("ab\uD800c")).toEqual({ index: 2, unit: "D800" });
    expect(loneSurrogate("\uDC00")).toEqual({ index: 0, unit: "DC00" });
  });
});
