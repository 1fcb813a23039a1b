/**
 * The client reads `x-oss-hash-crc64ecma` and checks it against the bytes it sent (PutObject)
 * or read (GetObject): a mismatch is an OssError with code CrcMismatch, never a corrupt result.
 * The server's `corruptCrc64` fault sends a wrong CRC with correct bytes.
 */
import { createOssClient, type OssClient } from "../../../provider/oss/client";
import { OssError } from "../../../provider/oss/ossError";
import { startLocalOss, type LocalOss } from "../../../server";

let oss: LocalOss;
let client: OssClient;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["crc"] });
  client = createOssClient({ region: oss.region, endpoint: oss.endpoint, credentials: { accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret } });
});
afterAll(async () => {
  await client.close();
  await oss.close();
});
afterEach(() => oss.faults.clear());

const CHECK = (0x995dc9bbdf1939fan).toString();

test("put, head and get (direct and through a link) expose the CRC and pass the check", async () => {
  const put = await client.putObject({ bucket: "crc", key: "nine", body: "123456789" });
  expect(put.crc64).toBe(CHECK);
  const link = await client.putSymlink({ bucket: "crc", key: "nine-link", target: "nine" });
  expect(link.crc64).toBe("0");
  expect((await client.headObject({ bucket: "crc", key: "nine-link" })).crc64).toBe(CHECK);
  const got = await client.getObject({ bucket: "crc", key: "nine-link" });
  expect([got.body.toString(), got.crc64]).toEqual(["123456789", CHECK]);
});

test("a wrong CRC on GetObject is an OssError CrcMismatch naming both values", async () => {
  await client.putObject({ bucket: "crc", key: "g", body: "123456789" });
  oss.faults.set({ corruptCrc64: true });
  const err = await client.getObject({ bucket: "crc", key: "g" }).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(OssError);
  expect(err).toMatchObject({ code: "CrcMismatch", status: 200, method: "GET", resource: "/crc/g" });
  expect((err as Error).message).toContain(CHECK);
  expect((err as Error).message).toContain((0x995dc9bbdf1939fan + 1n).toString());
});

test("a wrong CRC on PutObject's answer is CrcMismatch too", async () => {
  oss.faults.set({ corruptCrc64: true });
  await expect(client.putObject({ bucket: "crc", key: "p", body: "abc" })).rejects.toMatchObject({ code: "CrcMismatch", method: "PUT" });
  // HEAD has no body to check; the value is only reported.
  await expect(client.headObject({ bucket: "crc", key: "p" })).resolves.toMatchObject({ contentLength: 3 });
});
