/**
 * Signature material sent twice is refused with 400 InvalidArgument, whichever copy is valid:
 * a second `Authorization`, `x-oss-date`, `x-oss-security-token`, `x-oss-content-sha256` or
 * `Date` header, and a repeated presigned-URL parameter. A verifier that reads one copy while a
 * proxy, a log or a cache reads the other is how request smuggling starts.
 */
import { presignV1 } from "../../../provider/oss/signV1";
import { presignV4 } from "../../../provider/oss/signV4";
import { percentEncode } from "../../../provider/oss/encoding";
import { startLocalOss, type LocalOss } from "../../../server";
import { send, sendSigned, signRequest, xmlField, type RawResponse } from "./rawClient";

const TOKEN = "sts-token-for-duplicates";
let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["dup"], securityToken: TOKEN });
  await sendSigned(oss, { method: "PUT", bucket: "dup", key: "k", body: "body" });
});
afterAll(async () => {
  await oss.close();
});

const verdict = (r: RawResponse) => [r.status, xmlField(r.text, "Code") ?? null];

test.each(["v1", "v4"] as const)("%s: the signed request alone is accepted (control)", async (version) => {
  const r = await sendSigned(oss, { method: "GET", bucket: "dup", key: "k", version });
  expect(verdict(r)).toEqual([200, null]);
});

test.each([
  ["v1", "authorization", "OSS someone:c29tZXRoaW5nIGVsc2U="],
  ["v4", "authorization", "OSS4-HMAC-SHA256 Credential=x/20250101/cn-hangzhou/oss/aliyun_v4_request,Signature=00"],
  ["v1", "authorization", "same"],
  ["v4", "authorization", "same"],
  ["v1", "x-oss-date", "same"],
  ["v4", "x-oss-date", "same"],
  ["v4", "x-oss-content-sha256", "UNSIGNED-PAYLOAD"],
  ["v1", "x-oss-security-token", "other-token"],
  ["v4", "x-oss-security-token", "same"],
  ["v1", "date", new Date().toUTCString()],
] as const)("%s: a second %s header (%s) is refused with 400 InvalidArgument", async (version, name, extra) => {
  const withToken: Record<string, string> = name === "x-oss-security-token" ? { "x-oss-security-token": TOKEN } : {};
  const { path, headers } = signRequest(oss, { method: "GET", bucket: "dup", key: "k", version, headers: withToken });
  const first = headers[name];
  const value = extra === "same" ? String(first) : extra;
  const r = await send(oss, { path, headers: { ...headers, [name]: first === undefined ? [value, value] : [String(first), value] } });
  expect(verdict(r)).toEqual([400, "InvalidArgument"]);
  expect(xmlField(r.text, "ArgumentName")).toBe(name);
});

function presignedPath(version: "v1" | "v4"): string {
  const credentials = { accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret };
  const request = { method: "GET", bucket: "dup", key: "k", query: {}, headers: {}, region: oss.region };
  const query = version === "v1"
    ? presignV1(request, credentials, Math.floor(Date.now() / 1000) + 600)
    : presignV4(request, credentials, new Date(), 600);
  return "/dup/k?" + Object.entries(query).map(([k, v]) => `${percentEncode(k, false)}=${percentEncode(v, false)}`).join("&");
}

test.each(["v1", "v4"] as const)("%s presigned URL alone is accepted (control)", async (version) => {
  expect(verdict(await send(oss, { path: presignedPath(version) }))).toEqual([200, null]);
});

test.each([
  ["v1", "Signature", "AAAA"],
  ["v1", "OSSAccessKeyId", "someone"],
  ["v1", "Expires", "1"],
  ["v4", "x-oss-signature", "00"],
  ["v4", "x-oss-credential", "someone/20250101/cn-hangzhou/oss/aliyun_v4_request"],
  ["v4", "x-oss-date", "20250101T000000Z"],
  ["v4", "x-oss-expires", "1"],
  ["v4", "x-oss-signature-version", "OSS4-HMAC-SHA256"],
] as const)("%s presigned URL with %s repeated (junk first, valid last) is refused with 400", async (version, name, junk) => {
  const path = presignedPath(version);
  const q = path.indexOf("?");
  const r = await send(oss, { path: `${path.slice(0, q + 1)}${percentEncode(name, false)}=${percentEncode(junk, false)}&${path.slice(q + 1)}` });
  expect(verdict(r)).toEqual([400, "InvalidArgument"]);
  expect(xmlField(r.text, "ArgumentName")).toBe(name);
});
