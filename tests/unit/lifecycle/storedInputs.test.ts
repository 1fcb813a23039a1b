import { createSymlinkProvider } from "../../../provider/impl";
import type { OssClientApi, PutSymlinkInput } from "../../../provider/oss/clientTypes";
import { diffSymlink } from "../../../provider/lifecycle/diff";
import { withDefaults, withoutDefaults } from "../../../provider/lifecycle/storedInputs";

const atDefaults = { acl: "default", storageClass: "Standard", metadata: {}, forbidOverwrite: false, adopt: false, verifyTarget: false };
const base = { bucket: "my-bucket", key: "k", target: "t", region: "cn-hangzhou", ownerId: "0123456789abcdef" };

describe("stored inputs without defaults", () => {
  it("drops exactly the inputs at their schema default, keeps every other value", () => {
    expect(withoutDefaults({ ...base, ...atDefaults, __provider: "p" })).toEqual({ ...base, __provider: "p" });
    const set = { acl: "private", storageClass: "IA", metadata: { a: "1" }, forbidOverwrite: true, adopt: true };
    expect(withoutDefaults({ ...base, ...set })).toEqual({ ...base, ...set });
  });

  it("withDefaults restores them, with a fresh metadata object each time", () => {
    const a: Record<string, unknown> = withDefaults(base as Record<string, unknown>);
    expect(a).toEqual({ ...base, ...atDefaults });
    expect(a.metadata).not.toBe(withDefaults(base as Record<string, unknown>).metadata);
    expect(withDefaults({ ...base, acl: "private" }).acl).toBe("private");
  });

  it("diff sees no change between outputs with the defaults and stored inputs without them", () => {
    const outputs = { ...base, ...atDefaults, etag: "E", url: "u", ownerToken: "0123456789abcdef.n" };
    expect(diffSymlink(outputs, withoutDefaults({ ...base, ...atDefaults }))).toEqual({ changes: false, replaces: [], changed: [] });
    expect(diffSymlink(outputs, { ...base, acl: "private" }).replaces).toEqual(["acl"]);
  });

  it("check stores no defaults; create sends them and keeps them in the outputs", async () => {
    const puts: PutSymlinkInput[] = [];
    const client: Partial<OssClientApi> = {
      putSymlink: async (input: PutSymlinkInput) => {
        puts.push(input);
        return { etag: "E1" };
      },
      objectUrl: (bucket: string, key: string) => `https://${bucket}.example/${key}`,
      close: async () => undefined,
    };
    const p = createSymlinkProvider({ env: { OSS_REGION: "cn-hangzhou", OSS_ACCESS_KEY_ID: "id", OSS_ACCESS_KEY_SECRET: "s" }, createClient: () => client as OssClientApi });
    const checked = await p.check({}, { bucket: "my-bucket", key: "k", target: "t", ownerId: "0123456789abcdef" });
    expect(checked.failures).toEqual([]);
    for (const f of Object.keys(atDefaults)) expect(checked.inputs).not.toHaveProperty(f);
    const created = await p.create(checked.inputs as Record<string, unknown>);
    expect(created.outs).toMatchObject(atDefaults);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ acl: "default", storageClass: "Standard" });
    // An update of only metadata sends the defaults too.
    const next = await p.check({}, { bucket: "my-bucket", key: "k", target: "t", ownerId: "0123456789abcdef", metadata: { a: "1" } });
    await p.update("my-bucket/k", created.outs, next.inputs as Record<string, unknown>);
    expect(puts[1]).toMatchObject({ acl: "default", storageClass: "Standard", metadata: { a: "1" } });
  });
});
