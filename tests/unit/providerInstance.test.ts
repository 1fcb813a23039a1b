/**
 * The provider is an instance: `createSymlinkProvider(deps)` builds one with its own
 * configuration and client cache, and the client factory, environment, home directory
 * and log injected. The module's own methods (what the host calls through the stored `__provider` line) are the default one's.
 */
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import * as impl from "../../provider/impl";
import { createSymlinkProvider } from "../../provider/impl";
import type { OssClientApi, OssClientOptions, PutSymlinkInput } from "../../provider/oss/clientTypes";
import { ossErrorOf } from "../support/ossErrorOf";

const OWNER = "0123456789abcdef";
const news = { bucket: "my-bucket", key: "links/latest", target: "releases/v1.txt", ownerId: OWNER };
const offline = { homeDir: "/nonexistent-home", fileExists: () => false };

/** A client that records what it was built with and what it was asked; PutSymlink answers `answer`. */
function fakeClient(built: OssClientOptions[], puts: PutSymlinkInput[], answer: () => Promise<{ etag: string }>) {
  return (options: OssClientOptions): OssClientApi => {
    built.push(options);
    const client: Partial<OssClientApi> = {
      putSymlink: async (input: PutSymlinkInput) => {
        puts.push(input);
        return answer();
      },
      objectUrl: (bucket: string, key: string) => `https://${bucket}.example/${key}`,
      credentialSource: async () => "env OSS_ACCESS_KEY_ID",
      close: async () => undefined,
    };
    return client as OssClientApi;
  };
}

describe("createSymlinkProvider", () => {
  it("each instance reads its own environment and configuration", async () => {
    const a = createSymlinkProvider({ ...offline, env: { OSS_REGION: "eu-west-1", OSS_ACCESS_KEY_ID: "id" } });
    const b = createSymlinkProvider({ ...offline, env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" } });
    expect((await a.check({}, news)).inputs.region).toBe("eu-west-1");
    const noRegion = await b.check({}, news);
    expect(noRegion.failures?.map((f) => f.property)).toEqual(["region", "alicloud:accessKey"]);

    await b.configure({ config: new Config({ "alicloud:region": "cn-shanghai" }, "proj") });
    expect((await b.check({}, news)).inputs.region).toBe("cn-shanghai");
    // a was not touched by b's configure.
    expect((await a.check({}, news)).inputs.region).toBe("eu-west-1");
  });

  it("builds its clients with the injected factory; a write stores no Last-Modified of its own", async () => {
    const built: OssClientOptions[] = [];
    const puts: PutSymlinkInput[] = [];
    const p = createSymlinkProvider({
      ...offline,
      env: { OSS_REGION: "cn-hangzhou" },
      createClient: fakeClient(built, puts, async () => ({ etag: "E1" })),
    });
    const checked = await p.check({}, news);
    const created = await p.create(checked.inputs);
    expect(created.id).toBe("my-bucket/links/latest");
    // PutSymlink returns no Last-Modified: the output has no value (stored as null) until a refresh.
    expect(created.outs).toMatchObject({ etag: "E1", lastModified: null, url: "https://my-bucket.example/links/latest" });
    // No alicloud:* identity setting: the default chain, reading the injected environment.
    expect(built).toEqual([{ region: "cn-hangzhou", credentials: expect.objectContaining({ env: { OSS_REGION: "cn-hangzhou" } }) }]);
    expect(puts).toHaveLength(1);
    await p.create(checked.inputs);
    expect(built).toHaveLength(1); // one client per (region, endpoint), cached
    await p.shutdown();
  });

  it("a failure from an injected client reaches the host as the one final message", async () => {
    const p = createSymlinkProvider({
      ...offline,
      env: { OSS_REGION: "cn-hangzhou" },
      createClient: fakeClient([], [], async () => {
        throw ossErrorOf({ code: "SignatureDoesNotMatch", status: 403, text: "signature mismatch", requestId: "R403" });
      }),
    });
    const checked = await p.check({}, news);
    await expect(p.create(checked.inputs)).rejects.toThrow(
      /^PutSymlink oss:\/\/my-bucket\/links\/latest failed: SignatureDoesNotMatch \(HTTP 403\): signature mismatch\. The access key secret .* The request used credentials from env OSS_ACCESS_KEY_ID \[request id R403\]$/,
    );
  });

  it("the module's methods are the default instance's", () => {
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete", "shutdown"] as const) {
      expect(typeof impl[method]).toBe("function");
    }
  });
});
