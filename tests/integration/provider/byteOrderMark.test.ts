/**
 * Keys and targets that begin with U+FEFF through the provider and the local server: check
 * accepts them, create writes exactly that key (the signature verifies), read reports no drift
 * (the target comes back with its BOM, the key is found by the listing), and delete removes it.
 */
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import * as impl from "../../../provider/impl";
import { decodeSymlinkTarget, encodeKeyPath } from "../../../provider/oss/encoding";
import { createOssClient } from "../../../provider/oss/client";
import type { OssClientApi } from "../../../provider/oss/clientTypes";
import { startLocalOss, type LocalOss } from "../../../server/index";

const BOM = "\uFEFF";
const SHIM = "serialized-shim-v1";
const OWNER = "0123456789abcdef";
let server: LocalOss;
let client: OssClientApi;

beforeAll(async () => {
  server = await startLocalOss({ buckets: ["bom"], versionedBuckets: ["bomv"] });
  client = createOssClient({
    region: server.region,
    endpoint: server.endpoint,
    credentials: { accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret },
  });
  await impl.configure({
    config: new Config({
      "alicloud:region": server.region,
      "alicloud:accessKey": server.accessKeyId,
      "alicloud:secretKey": server.accessKeySecret,
      "pulumi-oss-symlink:endpoint": server.endpoint,
    }, "proj"),
  });
});
afterAll(async () => {
  await impl.shutdown();
  await client.close();
  await server.close();
});

test("the provider's own decode keeps a leading BOM", () => {
  expect(decodeSymlinkTarget("%EF%BB%BFx")).toBe(`${BOM}x`);
  expect(decodeSymlinkTarget(encodeKeyPath(`${BOM}${BOM}a/b`))).toBe(`${BOM}${BOM}a/b`);
});

test.each(["bom", "bomv"])("bucket %s: a BOM key and target round-trip through check, create, read, diff and delete", async (bucket) => {
  await client.putObject({ bucket, key: `${BOM}target`, body: "with bom" });
  await client.putObject({ bucket, key: "target", body: "without bom" });
  const news = { __provider: SHIM, ownerId: OWNER, bucket, key: `${BOM}link`, target: `${BOM}target` };
  const checked = await impl.check({}, news);
  expect(checked.failures).toEqual([]);
  const created = await impl.create(checked.inputs);
  expect(created.id).toBe(`${bucket}/${BOM}link`);
  const outs = { ...(created.outs as Record<string, unknown>), __provider: SHIM };

  // Exactly that key, pointing at exactly that target; the BOM-less twins are untouched.
  expect((await client.getSymlink({ bucket, key: `${BOM}link` })).target).toBe(`${BOM}target`);
  expect((await client.getObject({ bucket, key: `${BOM}link` })).body.toString()).toBe("with bom");
  await expect(client.getSymlink({ bucket, key: "link" })).rejects.toMatchObject({ code: "NoSuchKey" });

  const read = await impl.read(created.id, outs);
  expect(read.id).toBe(created.id);
  expect(read.props).toMatchObject({ key: `${BOM}link`, target: `${BOM}target` });
  const again = await impl.check({}, news);
  const d = await impl.diff(created.id, { ...(read.props as Record<string, unknown>), __provider: SHIM }, again.inputs);
  expect(d).toEqual({ changes: false, replaces: [] });

  await impl.delete(created.id, outs);
  await expect(client.getSymlink({ bucket, key: `${BOM}link` })).rejects.toMatchObject({ code: "NoSuchKey" });
  expect((await client.getObject({ bucket, key: "target" })).body.toString()).toBe("without bom");
});
