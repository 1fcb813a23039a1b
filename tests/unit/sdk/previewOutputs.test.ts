// A preview of an unchanged Symlink must know its outputs. During a preview the Node SDK resolves
// a declared output that the engine's state lacks as unknown (runtime/rpc.js resolveProperties),
// so an unversioned link's absent `versionId` used to print as `[unknown]` in every preview. The
// provider now stores `null` for outputs without a value (withExplicitNulls); the SDK maps it
// back to `undefined`. The engine is mocked in preview mode and handed the outputs the provider's
// own create path builds.
import * as pulumi from "@pulumi/pulumi";
import { check, configure } from "../../../provider/impl";
import { outputsAfterWrite, withExplicitNulls } from "../../../provider/lifecycle/outputs";
import type { SymlinkInputs } from "../../../provider/lifecycle/types";

// Per resource name: whether the mocked state keeps the provider's explicit nulls.
const statesWithoutNulls = new Set<string>();

pulumi.runtime.setMocks(
  {
    newResource: async (args) => {
      const checked = await check({}, args.inputs);
      if (checked.failures && checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
      const inputs = checked.inputs as unknown as SymlinkInputs;
      const outs = outputsAfterWrite(inputs, { etag: "ETAG", lastModified: "Tue, 01 Dec 2026 00:00:00 GMT" }, `${inputs.ownerId}.n`, "https://x/k");
      return {
        id: `${inputs.bucket}/${inputs.key}`,
        state: statesWithoutNulls.has(args.name) ? { ...outs } : withExplicitNulls(outs),
      };
    },
    call: () => ({}),
  },
  "proj",
  "dev",
  true, // preview
);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Symlink } = require("../../../sdk/index") as typeof import("../../../sdk/index");

/** Whether an output is known, and its value when it is (Output.isKnown is internal to the SDK). */
async function settle<T>(o: pulumi.Output<T>): Promise<{ known: boolean; value?: T }> {
  const internal = o as unknown as { isKnown: Promise<boolean>; promise(): Promise<T> };
  const known = await internal.isKnown;
  return known ? { known, value: await internal.promise() } : { known };
}

describe("outputs of a Symlink at preview (unversioned bucket, no content headers)", () => {
  beforeAll(() =>
    configure({
      config: { get: (k: string) => ({ "alicloud:accessKey": "AKID", "alicloud:secretKey": "test-secret" } as Record<string, string>)[k] },
    }),
  );

  it("are all known; the ones without a value are undefined", async () => {
    const link = new Symlink("plain", { bucket: "my-bucket", key: "app/latest", target: "app/v1", region: "cn-hangzhou" });
    expect(await settle(link.versionId)).toEqual({ known: true, value: undefined });
    expect(await settle(link.cacheControl)).toEqual({ known: true, value: undefined });
    expect(await settle(link.contentType)).toEqual({ known: true, value: undefined });
    expect(await settle(link.endpoint)).toEqual({ known: true, value: undefined });
    expect(await settle(link.etag)).toEqual({ known: true, value: "ETAG" });
    expect(await settle(link.target)).toEqual({ known: true, value: "app/v1" });
  });

  it("would be unknown if the state left the keys out (the cause of `versionId: [unknown]`)", async () => {
    statesWithoutNulls.add("no-nulls");
    const link = new Symlink("no-nulls", { bucket: "my-bucket", key: "app/other", target: "app/v1", region: "cn-hangzhou" });
    expect(await settle(link.versionId)).toEqual({ known: false });
    expect(await settle(link.etag)).toEqual({ known: true, value: "ETAG" });
  });
});
