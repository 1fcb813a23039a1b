import { formatV4Date } from "../../../provider/oss/signV4";
import { formatHttpDate } from "../../../provider/oss/signing/formatHttpDate";
import { percentEncode } from "../../../provider/oss/encoding";

// formatV4Date / formatHttpDate keep the last second's text (docs/performance.md); a hit must
// return exactly what formatting that date would, whatever order dates come in.
describe("date formatting with the one-second memo", () => {
  const reference = (d: Date) => d.toISOString().replace(/[-:]|\.\d{3}/g, "");
  it("matches a fresh format for dates in the same second, the next second, and back", () => {
    const base = Date.UTC(2026, 11, 1, 23, 59, 59, 0);
    const sequence = [0, 1, 999, 1000, 1001, 0, -1, 86_400_000, 0, 500, -86_400_000 * 365];
    for (const offset of sequence) {
      const d = new Date(base + offset);
      expect(formatV4Date(d)).toBe(reference(d));
      expect(formatHttpDate(d)).toBe(d.toUTCString());
    }
  });
  it("still refuses an invalid Date after a cached one", () => {
    formatV4Date(new Date(0));
    formatHttpDate(new Date(0));
    expect(() => formatV4Date(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatHttpDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("percentEncode fast path", () => {
  it("returns strings of unreserved characters unchanged and encodes everything else as before", () => {
    expect(percentEncode("links/item-00012_A.b~", true)).toBe("links/item-00012_A.b~");
    expect(percentEncode("links/item", false)).toBe("links%2Fitem");
    expect(percentEncode("a b+c*!'()", true)).toBe("a%20b%2Bc%2A%21%27%28%29");
    expect(percentEncode("中/文", true)).toBe("%E4%B8%AD/%E6%96%87");
    expect(() => percentEncode("bad\uD800", true)).toThrow(TypeError);
  });
});
