import { rejectLoneSurrogates } from "../../../sdk/rejectLoneSurrogates";

const base = { bucket: "b-1", key: "links/a", target: "targets/a" };

describe("rejectLoneSurrogates", () => {
  it("passes well-formed strings, surrogate pairs (emoji) and CJK unchanged", () => {
    const args = { ...base, key: "links/🚀/目录", metadata: { note: "ok 🚀" }, contentType: "text/plain" };
    expect(rejectLoneSurrogates("x", args)).toEqual(args);
  });

  it.each([
    ["key", { ...base, key: "links/\ud800x" }, "U+D800"],
    ["target", { ...base, target: "targets/\udc00" }, "U+DC00"],
    ["contentType", { ...base, contentType: "text/\ud83d" }, "U+D83D"],
  ])("refuses a lone surrogate in %s, naming the property and the fix", (property, args, unit) => {
    expect(() => rejectLoneSurrogates("x", args)).toThrow(
      new RegExp(`Symlink "x": property ${property} contains a lone UTF-16 surrogate \\(${unit.replace("+", "\\+")}\\).*remove it`),
    );
  });

  it("checks metadata names and values", () => {
    expect(() => rejectLoneSurrogates("x", { ...base, metadata: { note: "abc\ud83d" } })).toThrow(/metadata \(value of "note"\).*lone UTF-16 surrogate/);
    expect(() => rejectLoneSurrogates("x", { ...base, metadata: { ["n\udfff"]: "v" } })).toThrow(/metadata \(name ".*"\).*lone UTF-16 surrogate/);
  });
});
