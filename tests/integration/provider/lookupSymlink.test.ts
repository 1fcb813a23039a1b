/**
 * The lookup behind `getSymlink` against the local OSS server: configuration resolved as for a
 * Symlink (stack config keys, then the environment), every field of the live link, a version of
 * it, and one clear line for a missing key, a normal object and bad arguments.
 */
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import * as impl from "../../../provider/impl";
import { lookupSymlink } from "../../../provider/lookupSymlink";
import { createOssClient } from "../../../provider/oss/client";
import type { OssClientApi } from "../../../provider/oss/clientTypes";
import { startLocalOss, type LocalOss } from "../../../server";
import { failureMessage } from "../../support/failureMessage";

const BUCKET = "lookups";
const VERSIONED = "lookups-versioned";

let server: LocalOss;
let client: OssClientApi;

/** The stack config of a project `proj` pointing at the server, as `configure` would see it. */
function stackConfig(extra: Record<string, string> = {}): Config {
  return new Config(
    {
      "alicloud:region": server.region,
      "alicloud:accessKey": server.accessKeyId,
      "alicloud:secretKey": server.accessKeySecret,
      "pulumi-oss-symlink:endpoint": server.endpoint,
      ...extra,
    },
    "proj",
  );
}

beforeAll(async () => {
  server = await startLocalOss({ buckets: [BUCKET], versionedBuckets: [VERSIONED] });
  client = createOssClient({
    region: server.region,
    endpoint: server.endpoint,
    credentials: { accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret },
  });
  await client.putObject({ bucket: BUCKET, key: "releases/v1.js", body: "v1" });
  await client.putSymlink({
    bucket: BUCKET,
    key: "app/latest.js",
    target: "releases/v1.js",
    acl: "public-read",
    storageClass: "IA",
    metadata: { team: "web", "pulumi-owner": "0123456789abcdef.nonce" },
    contentType: "application/javascript",
    cacheControl: "no-cache",
    contentDisposition: "inline",
  });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

beforeEach(() => server.resetStats());

test("every field of the live link, with region, endpoint and credentials from stack config (three concurrent reads)", async () => {
  const live = await client.getSymlink({ bucket: BUCKET, key: "app/latest.js" });
  server.resetStats();
  const found = await lookupSymlink({ bucket: BUCKET, key: "app/latest.js" }, { config: stackConfig(), env: {} });
  expect(found).toEqual({
    id: `${BUCKET}/app/latest.js`,
    bucket: BUCKET,
    key: "app/latest.js",
    target: "releases/v1.js",
    acl: "public-read",
    storageClass: "IA",
    metadata: { team: "web" },
    managedByPulumi: true,
    cacheControl: "no-cache",
    contentDisposition: "inline",
    contentType: "application/javascript",
    etag: live.etag,
    lastModified: live.lastModified,
    region: server.region,
    endpoint: server.endpoint,
    url: client.objectUrl(BUCKET, "app/latest.js"),
  });
  expect(server.stats().byOperation).toEqual({ GetSymlink: 1, GetObjectACL: 1, ListObjectsV2: 1 });
});

test("region and endpoint fall back to the environment, as for a Symlink; arguments win over both", async () => {
  const envOnly = new Config({ "alicloud:accessKey": server.accessKeyId, "alicloud:secretKey": server.accessKeySecret }, "proj");
  const found = await lookupSymlink({ bucket: BUCKET, key: "app/latest.js" }, { config: envOnly, env: { ALIBABA_CLOUD_REGION: server.region, OSS_ENDPOINT: server.endpoint } });
  expect(found).toMatchObject({ target: "releases/v1.js", region: server.region, endpoint: server.endpoint });
  const wrongConfig = stackConfig({ "pulumi-oss-symlink:endpoint": "http://127.0.0.1:1" });
  const byArgs = await lookupSymlink({ bucket: BUCKET, key: "app/latest.js", endpoint: server.endpoint }, { config: wrongConfig, env: {} });
  expect(byArgs.target).toBe("releases/v1.js");
});

test("a versionId reads that version; the storage class only when it is the current one", async () => {
  const first = await client.putSymlink({ bucket: VERSIONED, key: "app/latest.js", target: "releases/v1.js", storageClass: "IA" });
  const second = await client.putSymlink({ bucket: VERSIONED, key: "app/latest.js", target: "releases/v2.js" });
  const ctx = { config: stackConfig(), env: {} };
  const old = await lookupSymlink({ bucket: VERSIONED, key: "app/latest.js", versionId: first.versionId! }, ctx);
  expect(old).toMatchObject({ target: "releases/v1.js", versionId: first.versionId });
  expect(old).not.toHaveProperty("storageClass");
  const current = await lookupSymlink({ bucket: VERSIONED, key: "app/latest.js", versionId: second.versionId! }, ctx);
  expect(current).toMatchObject({ target: "releases/v2.js", versionId: second.versionId, storageClass: "Standard", managedByPulumi: false });
  const latest = await lookupSymlink({ bucket: VERSIONED, key: "app/latest.js" }, ctx);
  expect(latest.versionId).toBe(second.versionId);
});

test("a missing key and a normal object: one line naming oss://bucket/key and what is there", async () => {
  const ctx = { config: stackConfig(), env: {} };
  const missing = await failureMessage(lookupSymlink({ bucket: BUCKET, key: "app/none.js" }, ctx));
  expect(missing).toMatch(/^getSymlink oss:\/\/lookups\/app\/none\.js failed: NoSuchKey \(HTTP 404\): .*The object does not exist/);
  const normal = await failureMessage(lookupSymlink({ bucket: BUCKET, key: "releases/v1.js" }, ctx));
  expect(normal).toMatch(/^getSymlink oss:\/\/lookups\/releases\/v1\.js failed: NotSymlink \(HTTP 400\): .*a normal object, not a symlink/);
  const noBucket = await failureMessage(lookupSymlink({ bucket: "no-such-bucket", key: "k" }, ctx));
  expect(noBucket).toMatch(/^getSymlink oss:\/\/no-such-bucket\/k failed: NoSuchBucket \(HTTP 404\)/);
  for (const message of [missing, normal, noBucket]) {
    expect(message).not.toContain(server.accessKeySecret);
    expect(message).not.toContain("\n");
  }
});

test("bad arguments fail before any request, with the resource's own wording", async () => {
  const message = await failureMessage(lookupSymlink({ bucket: "Bad_Bucket", key: "/lead", versionId: "" }, { config: stackConfig(), env: {} }));
  expect(message).toContain("getSymlink oss://Bad_Bucket//lead: bucket: bucket name \"Bad_Bucket\" may contain only");
  expect(message).toContain('key: key must not start with "/"');
  expect(message).toContain("versionId: versionId must be a non-empty string");
  const noRegion = await failureMessage(lookupSymlink({ bucket: BUCKET, key: "k" }, { config: new Config({}, "proj"), env: {} }));
  expect(noRegion).toContain("region: no region: set the `region` input, or `pulumi config set alicloud:region");
  expect(server.stats().total).toBe(0);
});

describe("the provider's read as Symlink.get calls it: the ID and the SDK's registration, no stored state", () => {
  // What the SDK registers for `Symlink.get(name, id)`: the computed ownerId, no outputs.
  const registered = { __provider: "shim", ownerId: "0123456789abcdef" };

  beforeAll(async () => {
    await impl.configure({ config: stackConfig() });
  });
  afterAll(() => impl.shutdown());

  test("an existing link: its live values as props", async () => {
    const read = await impl.read(`${BUCKET}/app/latest.js`, registered);
    expect(read.id).toBe(`${BUCKET}/app/latest.js`);
    expect(read.props).toMatchObject({ bucket: BUCKET, key: "app/latest.js", target: "releases/v1.js", acl: "public-read", storageClass: "IA", metadata: { team: "web" } });
  });

  test("a missing key or a normal object is an error naming it, not an empty answer", async () => {
    expect(await failureMessage(impl.read(`${BUCKET}/app/none.js`, registered))).toBe(
      `Symlink.get oss://${BUCKET}/app/none.js failed: the key does not exist. Symlink.get reads an existing link: check the ID (bucket/key), or declare a Symlink to create one`,
    );
    expect(await failureMessage(impl.read(`${BUCKET}/releases/v1.js`, registered))).toContain("the key holds a normal object, not a symlink");
  });

  test("a refresh of stored state (with its ETag) still drops a link that has gone", async () => {
    expect(await impl.read(`${BUCKET}/app/none.js`, { ...registered, bucket: BUCKET, key: "app/none.js", etag: "E" })).toEqual({});
  });
});
