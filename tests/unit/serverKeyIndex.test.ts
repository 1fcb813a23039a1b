import { utf8Compare } from "../../server/encoding";
import { KeyIndex } from "../../server/store/keyIndex";

// Keys chosen to make UTF-16 and UTF-8 order differ: U+FF5E sorts after U+1F600 in UTF-8 (its
// 3-byte form starts with 0xEF, the emoji's 4-byte form with 0xF0) but before it in UTF-16
// code units (0xFF5E > 0xD83D), plus prefixes of one another and an empty key.
const KEYS = ["", "a", "a/", "a/b", "a/b/c", "a0", "ab", "b", "\uFF5E", "\u{1F600}", "\u{1F600}x", "é", "z/ zz", "a/ b"];

function shuffled<T>(values: readonly T[], seed: number): T[] {
  const out = [...values];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("KeyIndex (the server's listing order)", () => {
  it("lists the keys under each prefix in UTF-8 byte order, whatever the insertion order", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const index = new KeyIndex();
      for (const key of shuffled(KEYS, seed)) index.add(key);
      for (const prefix of ["", "a", "a/", "a/b", "b", "\u{1F600}", "\uFF5E", "x", "a/ "]) {
        const expected = KEYS.filter((k) => k.startsWith(prefix)).sort(utf8Compare);
        expect(index.withPrefix(prefix)).toEqual(expected);
      }
    }
  });

  it("matches Buffer byte order, the order OSS lists in", () => {
    const index = new KeyIndex();
    for (const key of shuffled(KEYS, 9)) index.add(key);
    const bytes = [...KEYS].sort((x, y) => Buffer.compare(Buffer.from(x, "utf8"), Buffer.from(y, "utf8")));
    expect(index.withPrefix("")).toEqual(bytes);
  });

  it("adds a key once and removes only what is there", () => {
    const index = new KeyIndex();
    index.add("k");
    index.add("k");
    index.add("k2");
    expect(index.withPrefix("k")).toEqual(["k", "k2"]);
    index.remove("missing");
    index.remove("k");
    expect(index.withPrefix("")).toEqual(["k2"]);
    index.remove("k2");
    expect(index.withPrefix("")).toEqual([]);
  });
});
