import * as pulumi from "@pulumi/pulumi";
import { check, configure } from "../../../provider/impl";
import { withDefaults } from "../../../provider/lifecycle/storedInputs";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registered: Registered[] = [];

// The mock runs the provider's real `check`; like the provider's create, it puts the defaults that
// `check` leaves out of the stored inputs back into the outputs (provider/lifecycle/storedInputs.ts).
pulumi.runtime.setMocks(
  {
    newResource: async (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      const checked = await check({}, args.inputs);
      if (checked.failures && checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
      const inputs = checked.inputs as Record<string, unknown>;
      return {
        id: `${String(inputs.bucket)}/${String(inputs.key)}`,
        state: { ...withDefaults(inputs), etag: "ETAG", url: `https://x/${String(inputs.key)}`, ownerToken: `${String(inputs.ownerId)}.n` },
      };
    },
    call: () => ({}),
  },
  "proj",
  "dev",
  false,
);

// Imported after setMocks, as the Pulumi testing docs recommend.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Symlink, ownerIdFor } = require("../../../sdk/index") as typeof import("../../../sdk/index");

function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

describe("Symlink (mocked engine)", () => {
  // Credentials in stack config, so `check` does not depend on this machine's env or profile files.
  beforeAll(() =>
    configure({ config: { get: (k: string) => ({ "alicloud:accessKey": "AKID", "alicloud:secretKey": "test-secret" } as Record<string, string>)[k] } }),
  );

  it("registers the dynamic type token, id and outputs with defaults filled", async () => {
    const link = new Symlink("latest", { bucket: "my-bucket", key: "app/latest", target: "app/v1", region: "cn-hangzhou" });
    expect(await value(link.id)).toBe("my-bucket/app/latest");
    expect(await value(link.target)).toBe("app/v1");
    expect(await value(link.acl)).toBe("default");
    expect(await value(link.storageClass)).toBe("Standard");
    expect(await value(link.forbidOverwrite)).toBe(false);
    expect(await value(link.adopt)).toBe(false);
    expect(await value(link.metadata)).toEqual({});
    expect(await value(link.etag)).toBe("ETAG");
    expect(await value(link.url)).toBe("https://x/app/latest");
    expect(await value(link.ownerId)).toBe(ownerIdFor("proj", "dev", "latest"));

    const reg = registered.find((r) => r.name === "latest");
    expect(reg?.type).toBe("pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink");
    expect(reg?.inputs.ownerId).toMatch(/^[0-9a-f]{16}$/);
    const shim = String(reg?.inputs.__provider);
    expect(shim).toContain('require("pulumi-oss-symlink/provider-impl")');
  });

  it("ownerId is stable per project/stack/name and differs across them", () => {
    expect(ownerIdFor("p", "s", "n")).toBe(ownerIdFor("p", "s", "n"));
    expect(ownerIdFor("p", "s", "n")).not.toBe(ownerIdFor("p", "s2", "n"));
    expect(ownerIdFor("p", "s", "n")).not.toBe(ownerIdFor("p", "s", "m"));
  });

  it("passes user inputs through, including Output-valued ones", async () => {
    const link = new Symlink("full", {
      bucket: "my-bucket",
      key: "k",
      target: pulumi.output("t"),
      acl: "public-read",
      storageClass: "IA",
      metadata: { Team: pulumi.output("web") },
      forbidOverwrite: true,
      cacheControl: "no-cache",
      region: "cn-hangzhou",
      endpoint: "http://127.0.0.1:9000",
    });
    expect(await value(link.acl)).toBe("public-read");
    expect(await value(link.storageClass)).toBe("IA");
    expect(await value(link.metadata)).toEqual({ team: "web" });
    expect(await value(link.forbidOverwrite)).toBe(true);
    expect(await value(link.endpoint)).toBe("http://127.0.0.1:9000");
  });

  it("registers without capturing stacks, and restores Error.stackTraceLimit afterwards", async () => {
    const before = Error.stackTraceLimit;
    let during: number | undefined;
    const link = new Symlink(
      "limit",
      { bucket: "my-bucket", key: "k-limit", target: "t", region: "cn-hangzhou" },
      // Transforms run synchronously inside the SDK's Resource constructor, i.e. inside super().
      { transformations: [(a) => ((during = Error.stackTraceLimit), { props: a.props, opts: a.opts })] },
    );
    expect(during).toBe(0);
    expect(Error.stackTraceLimit).toBe(before);
    expect(await value(link.target)).toBe("t");
  });
});
