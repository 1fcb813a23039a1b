import { checkSymlink } from "../../../provider/lifecycle/check";
import { diffSymlink } from "../../../provider/lifecycle/diff";
import { outputsAfterWrite } from "../../../provider/lifecycle/outputs";
import { compactStored, expandStored } from "../../../provider/lifecycle/storedForm";
import { UNKNOWN_VALUE } from "../../../provider/lifecycle/unknown";
import type { SymlinkInputs } from "../../../provider/lifecycle/types";

const OWNER = "00ead59847df0196";
const TOKEN = `${OWNER}.f99c918bdfb438be`;

// The link of the bench's state measurement (bench/engineBench.js): defaults everywhere.
function checked(extra: Record<string, unknown> = {}): SymlinkInputs {
  const outcome = checkSymlink(
    { bucket: "bench", key: "st/link-0000", target: "st/target-0000.bin", ownerId: OWNER, region: "cn-hangzhou", endpoint: "http://127.0.0.1:43987", ...extra },
    { config: {}, env: {} },
  );
  expect(outcome.failures).toEqual([]);
  return outcome.inputs as unknown as SymlinkInputs;
}

// A Symlink's outputs as the version before the compact form stored them (from a stack export).
const OLD_OUTPUTS = {
  acl: "default",
  adopt: false,
  bucket: "bench",
  endpoint: "http://127.0.0.1:45015",
  etag: "8E46513EBE4E2039A712F6F3310EBC5A",
  forbidOverwrite: false,
  key: "st/link-0001",
  lastModified: "Tue, 01 Dec 2026 19:31:08 GMT",
  metadata: {},
  ownerId: "64ac43ce036c42b2",
  ownerToken: "64ac43ce036c42b2.a793524748215d1a",
  region: "cn-hangzhou",
  storageClass: "Standard",
  target: "st/target-0001.bin",
  url: "http://127.0.0.1:45015/bench/st/link-0001",
};

describe("stored form", () => {
  it("drops defaults, url and an ownerId its ownerToken carries; keeps everything else", () => {
    const outs = outputsAfterWrite(checked(), { etag: "E" }, TOKEN);
    expect(compactStored({ ...outs, url: "http://x/bench/st/link-0000" })).toEqual({
      bucket: "bench", key: "st/link-0000", target: "st/target-0000.bin", region: "cn-hangzhou",
      endpoint: "http://127.0.0.1:43987", etag: "E", ownerToken: TOKEN,
    });
    // Inputs have no ownerToken: ownerId stays (create needs it for a new token).
    expect(compactStored(checked())).toHaveProperty("ownerId", OWNER);
    // An ownerId that the token does not carry (renamed with an alias, before the update) stays.
    expect(compactStored({ ...outs, ownerId: "fedcba9876543210" })).toHaveProperty("ownerId", "fedcba9876543210");
    // Non-default values are kept.
    const custom = compactStored(checked({ acl: "private", storageClass: "IA", metadata: { a: "1" }, forbidOverwrite: true, adopt: true }));
    expect(custom).toMatchObject({ acl: "private", storageClass: "IA", metadata: { a: "1" }, forbidOverwrite: true, adopt: true });
  });

  it("keeps unknown values (preview) even where a default would go", () => {
    const stored = compactStored({ ...checked(), acl: UNKNOWN_VALUE, metadata: UNKNOWN_VALUE });
    expect(stored).toMatchObject({ acl: UNKNOWN_VALUE, metadata: UNKNOWN_VALUE });
    expect(expandStored(stored)).toMatchObject({ acl: UNKNOWN_VALUE, metadata: UNKNOWN_VALUE });
  });

  it("expand(compact(x)) is x without the derived fields, for the full and the old form", () => {
    const full = outputsAfterWrite(checked({ metadata: { a: "1" }, cacheControl: "no-cache" }), { etag: "E", versionId: "v1" }, TOKEN);
    expect(expandStored(compactStored(full))).toEqual(full);
    const { url: _url, ...oldWithoutUrl } = OLD_OUTPUTS;
    expect(expandStored(compactStored(OLD_OUTPUTS))).toEqual(oldWithoutUrl);
    // The old form already is expanded: expanding it changes nothing.
    expect(expandStored(OLD_OUTPUTS)).toEqual(OLD_OUTPUTS);
  });

  it("old outputs against compact new inputs: no change; a real change is still seen", () => {
    const news: Record<string, unknown> = { ...compactStored(checked({ key: "st/link-0001", endpoint: "http://127.0.0.1:45015", ownerId: "64ac43ce036c42b2", target: "st/target-0001.bin" })) };
    expect(diffSymlink(expandStored(OLD_OUTPUTS), expandStored(news))).toMatchObject({ changes: false, changed: [] });
    const compactOld = compactStored(OLD_OUTPUTS);
    expect(diffSymlink(expandStored(compactOld), expandStored(news))).toMatchObject({ changes: false, changed: [] });
    expect(diffSymlink(expandStored(compactOld), expandStored({ ...news, ownerId: "fedcba9876543210" }))).toMatchObject({ changed: ["ownerId"] });
    expect(diffSymlink(expandStored(compactOld), expandStored({ ...news, acl: "private" }))).toMatchObject({ replaces: ["acl"] });
  });

  // A size bound, not a timing: what this provider stores per link besides the engine's own fields
  // and the host's __provider (docs/performance.md, "State"). The full form stored 718 bytes here.
  it("a default link stores at most 420 bytes of inputs and outputs (without __provider)", () => {
    const inputs = compactStored(checked());
    const outputs = compactStored(outputsAfterWrite(checked(), { etag: "C837B54ABD20ED8C2400BC19BBA2650A" }, TOKEN));
    const bytes = Buffer.byteLength(JSON.stringify(inputs)) + Buffer.byteLength(JSON.stringify(outputs));
    expect(bytes).toBeLessThanOrEqual(420);
    const fullInputs = checked();
    const fullOutputs = { ...outputsAfterWrite(checked(), { etag: "C837B54ABD20ED8C2400BC19BBA2650A", lastModified: OLD_OUTPUTS.lastModified }, TOKEN), url: OLD_OUTPUTS.url };
    const before = Buffer.byteLength(JSON.stringify(fullInputs)) + Buffer.byteLength(JSON.stringify(fullOutputs));
    expect(before - bytes).toBeGreaterThanOrEqual(250);
  });
});
