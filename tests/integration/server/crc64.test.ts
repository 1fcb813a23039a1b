/**
 * `x-oss-hash-crc64ecma` on the wire: PutObject's response, GET and HEAD of an object (also
 * through a link, where it is the target's, the bytes served), ranged GET (the whole object's),
 * PutSymlink (`0`), and the `corruptCrc64` fault that makes clients' CRC checks fail.
 */
import { startLocalOss, type LocalOss } from "../../../server";
import { sendSigned } from "./rawClient";

let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["crc"] });
});
afterAll(async () => {
  await oss.close();
});
afterEach(() => oss.faults.clear());

const CHECK = (0x995dc9bbdf1939fan).toString();

test("PutObject answers the content's CRC; GET, HEAD and ranged GET report it; through a link too", async () => {
  const put = await sendSigned(oss, { method: "PUT", bucket: "crc", key: "nine", body: "123456789" });
  expect(put.headers["x-oss-hash-crc64ecma"]).toBe(CHECK);
  const link = await sendSigned(oss, { method: "PUT", bucket: "crc", key: "nine-link", query: { symlink: null }, headers: { "x-oss-symlink-target": "nine" } });
  expect(link.headers["x-oss-hash-crc64ecma"]).toBe("0");
  for (const key of ["nine", "nine-link"]) {
    expect((await sendSigned(oss, { method: "GET", bucket: "crc", key })).headers["x-oss-hash-crc64ecma"]).toBe(CHECK);
    expect((await sendSigned(oss, { method: "HEAD", bucket: "crc", key })).headers["x-oss-hash-crc64ecma"]).toBe(CHECK);
  }
  const ranged = await sendSigned(oss, { method: "GET", bucket: "crc", key: "nine", headers: { range: "bytes=0-3" } });
  expect([ranged.status, ranged.text, ranged.headers["x-oss-hash-crc64ecma"]]).toEqual([206, "1234", CHECK]);
  const empty = await sendSigned(oss, { method: "PUT", bucket: "crc", key: "empty", body: "" });
  expect(empty.headers["x-oss-hash-crc64ecma"]).toBe("0");
});

test("the corruptCrc64 fault sends the value plus one and leaves the stored object alone", async () => {
  oss.faults.set({ corruptCrc64: true });
  const put = await sendSigned(oss, { method: "PUT", bucket: "crc", key: "bad", body: "123456789" });
  expect(put.headers["x-oss-hash-crc64ecma"]).toBe((0x995dc9bbdf1939fan + 1n).toString());
  oss.faults.clear();
  expect((await sendSigned(oss, { method: "GET", bucket: "crc", key: "bad" })).headers["x-oss-hash-crc64ecma"]).toBe(CHECK);
});
