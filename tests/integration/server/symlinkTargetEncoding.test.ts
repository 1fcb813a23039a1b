/**
 * How the server reads `x-oss-symlink-target` in the forms official SDKs send (docs/server.md,
 * "Symlink target encoding"): percent-decoding with no `+` → space folding, `/` as `/` or
 * `%2F`, UTF-8 percent escapes, and raw UTF-8 bytes from SDKs that do not encode; and how
 * GetSymlink answers: strictly percent-encoded, `/` kept, so `+` is `%2B` and a space `%20`.
 */
import { startLocalOss, type LocalOss } from "../../../server";
import { sendSigned, xmlField } from "./rawClient";

let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["enc"] });
});
afterAll(async () => {
  await oss.close();
});

async function link(key: string, header: string): Promise<{ status: number; code?: string; target?: string }> {
  const put = await sendSigned(oss, { method: "PUT", bucket: "enc", key, query: { symlink: null }, headers: { "x-oss-symlink-target": header } });
  if (put.status !== 200) return { status: put.status, code: xmlField(put.text, "Code") };
  const got = await sendSigned(oss, { method: "GET", bucket: "enc", key, query: { symlink: null } });
  return { status: got.status, target: String(got.headers["x-oss-symlink-target"]) };
}

test.each([
  ["Java / ali-oss form: space as %20, plus as %2B", "dir%2Fa%20b%2Bc.txt", "dir/a%20b%2Bc.txt"],
  ["ali-oss keeps / literal", "dir/a%20b%2Bc.txt", "dir/a%20b%2Bc.txt"],
  ["a literal + stays a plus (Python v2 / Go v2 send the key raw)", "dir/a b+c.txt", "dir/a%20b%2Bc.txt"],
  ["UTF-8 percent escapes (ali-oss, Java real-service tests)", "%E7%9B%AE%E5%BD%95/%E4%B8%AD%E6%96%87.txt", "%E7%9B%AE%E5%BD%95/%E4%B8%AD%E6%96%87.txt"],
  // node:http sends a header string as Latin-1 bytes: this string is the UTF-8 bytes of 目录/中文.txt
  ["raw UTF-8 bytes", Buffer.from("目录/中文.txt", "utf8").toString("latin1"), "%E7%9B%AE%E5%BD%95/%E4%B8%AD%E6%96%87.txt"],
])("%s", async (_label, header, answered) => {
  expect(await link(`k-${answered.length}-${header.length}`, header)).toEqual({ status: 200, target: answered });
});

test("bytes that are not UTF-8 (a Latin-1 é) and broken escapes are 400 InvalidArgument", async () => {
  expect(await link("bad1", "caf\u00e9")).toEqual({ status: 400, code: "InvalidArgument" });
  expect(await link("bad2", "a%2")).toEqual({ status: 400, code: "InvalidArgument" });
  expect(await link("bad3", "%FF")).toEqual({ status: 400, code: "InvalidArgument" });
});

test("the link resolves to the decoded key: GET through a %20/%2B link serves 'a b+c'", async () => {
  await sendSigned(oss, { method: "PUT", bucket: "enc", key: "t/a b+c", body: "spaced plus" });
  await link("via", "t/a%20b%2Bc");
  expect((await sendSigned(oss, { method: "GET", bucket: "enc", key: "via" })).text).toBe("spaced plus");
});
