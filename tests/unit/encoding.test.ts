import * as fc from "fast-check";
import {
  decodeSymlinkTarget,
  encodeKeyPath,
  encodeSymlinkTarget,
  percentEncode,
} from "../../provider/oss/encoding";

const NUM_RUNS = 300;

describe("encodeKeyPath: docs/oss.md §2.2 table", () => {
  it.each([
    ["links/latest.txt", "links/latest.txt"],
    ["docs/a b+c.txt", "docs/a%20b%2Bc.txt"],
    ["目录/链接 1.txt", "%E7%9B%AE%E5%BD%95/%E9%93%BE%E6%8E%A5%201.txt"],
    ["a~b*c(1)!.txt", "a~b%2Ac%281%29%21.txt"],
    ["x/y?z#w%.txt", "x/y%3Fz%23w%25.txt"],
  ])("%j -> %j", (key, path) => {
    expect(encodeKeyPath(key)).toBe(path);
  });
});

describe("encodeSymlinkTarget: docs/oss.md §2.3", () => {
  it("encodes like the path, `/` kept (the recommended form, same as ali-oss for this name)", () => {
    expect(encodeSymlinkTarget("releases/v1.2.3/report 2024+final.txt")).toBe("releases/v1.2.3/report%202024%2Bfinal.txt");
  });
  it("encodes the Java and oss2 real-service targets so that they round-trip", () => {
    const java = "oss/+< >[]/世界/中国.txt";
    const oss2 = "中文!@#$%^&*()-=文件\x0C-1.txt";
    expect(encodeSymlinkTarget(java)).toBe("oss/%2B%3C%20%3E%5B%5D/%E4%B8%96%E7%95%8C/%E4%B8%AD%E5%9B%BD.txt");
    expect(encodeSymlinkTarget(oss2)).toBe(
      "%E4%B8%AD%E6%96%87%21%40%23%24%25%5E%26%2A%28%29-%3D%E6%96%87%E4%BB%B6%0C-1.txt",
    );
    expect(decodeSymlinkTarget(encodeSymlinkTarget(java))).toBe(java);
    expect(decodeSymlinkTarget(encodeSymlinkTarget(oss2))).toBe(oss2);
  });
});

describe("percentEncode", () => {
  it.each([
    [" ", "%20"],
    ["+", "%2B"],
    ["%", "%25"],
    ["?", "%3F"],
    ["#", "%23"],
    ["~", "~"],
    ["*", "%2A"],
    ["-_.", "-_."],
    ["AZaz09", "AZaz09"],
    ["!'()", "%21%27%28%29"],
    ["é", "%C3%A9"],
    ["中", "%E4%B8%AD"],
    ["😀", "%F0%9F%98%80"],
    ["\u0000\u0001\t\n\r\u007F", "%00%01%09%0A%0D%7F"],
    ["\u0085\u00A0", "%C2%85%C2%A0"],
  ])("%j -> %j", (input, output) => {
    expect(percentEncode(input, false)).toBe(output);
    expect(percentEncode(input, true)).toBe(output);
  });

  it("keeps `/` only when asked", () => {
    expect(percentEncode("a/b", true)).toBe("a/b");
    expect(percentEncode("a/b", false)).toBe("a%2Fb");
  });

  it("writes upper-case hex", () => {
    expect(percentEncode("\u00FF:", false)).toBe("%C3%BF%3A");
  });

  it.each([["\uD800"], ["a\uDC00b"], ["\uDE00\uD83D"]])("throws a TypeError on the lone surrogate in %j", (s) => {
    expect(() => percentEncode(s, true)).toThrow(TypeError);
    expect(() => percentEncode(s, true)).toThrow(/lone surrogate U\+D[89A-F][0-9A-F]{2} at index \d/);
  });

  it("encodes a surrogate pair as one 4-byte UTF-8 sequence", () => {
    expect(percentEncode("\uD83D\uDE00", false)).toBe("%F0%9F%98%80");
  });
});

describe("decodeSymlinkTarget: docs/oss.md §2.4", () => {
  it.each([
    ["a%2Bb", "a+b"],
    ["a%20b", "a b"],
    ["a+b", "a+b"],
    ["100%25", "100%"],
    ["dir%2Ffile", "dir/file"],
    ["dir/file", "dir/file"],
    ["%E7%9B%AE%E5%BD%95", "目录"],
    ["%e7%9b%ae", "目"],
  ])("%j -> %j", (value, target) => {
    expect(decodeSymlinkTarget(value)).toBe(target);
  });

  it.each([["50%"], ["%zz"], ["%E7%9B"], ["%FF"], ["%ED%A0%80"]])("throws a TypeError naming the malformed %j", (value) => {
    expect(() => decodeSymlinkTarget(value)).toThrow(TypeError);
    expect(() => decodeSymlinkTarget(value)).toThrow(JSON.stringify(value));
  });
});

describe("round trips (property-based)", () => {
  const strings = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(..." +%?#~*/!'()&=\u0000\u007F中😀é"), maxLength: 20 }),
  );

  it(`decodeSymlinkTarget(encodeSymlinkTarget(s)) === s (${NUM_RUNS} runs)`, () => {
    let runs = 0;
    fc.assert(
      fc.property(strings, (s) => {
        runs++;
        const encoded = encodeSymlinkTarget(s);
        expect(encoded).toMatch(/^(?:[A-Za-z0-9\-_.~/]|%[0-9A-F]{2})*$/);
        expect(decodeSymlinkTarget(encoded)).toBe(s);
      }),
      { numRuns: NUM_RUNS },
    );
    expect(runs).toBe(NUM_RUNS);
  });

  it(`the path decodes back to the key, segment by segment (${NUM_RUNS} runs)`, () => {
    let runs = 0;
    fc.assert(
      fc.property(strings, (key) => {
        runs++;
        const path = encodeKeyPath(key);
        expect(path.split("/").map(decodeURIComponent).join("/")).toBe(key);
        // With `/` encoded too, the whole string decodes in one go.
        expect(decodeURIComponent(percentEncode(key, false))).toBe(key);
        expect(percentEncode(key, false)).not.toContain("/");
      }),
      { numRuns: NUM_RUNS },
    );
    expect(runs).toBe(NUM_RUNS);
  });
});
