/**
 * V4 header signatures on a request that carries `Date` and no `x-oss-date`. OSS needs one of
 * the two (EC 0002-00000503) and checks each one's format (EC 0002-00000502); with `Date` alone
 * the signed timestamp is that instant in ISO basic form (docs/server.md, "V4 signing date").
 *
 * Every official V4 signer read for this (ali-oss, Python v2, Go v2, Java, C++) sets
 * `x-oss-date` itself, so no official client sends such a request unaided. The request is
 * signed here with ali-oss's own V4 step functions (lib/common/signUtils.js) fed the Date's
 * instant, which is what a signer that sends only `Date` must do.
 */
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startLocalOss, type LocalOss } from "../../../server";
import { send, sendSigned, xmlField, type RawResponse } from "./rawClient";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const signUtils = require("ali-oss/lib/common/signUtils") as {
  getCanonicalRequest(method: string, request: { headers: Record<string, string>; queries: Record<string, string | null> }, bucket?: string, key?: string): string;
  getStringToSign(region: string, date: string, canonicalRequest: string): string;
  getSignatureV4(secret: string, day: string, region: string, stringToSign: string): string;
  getCredential(day: string, region: string, accessKeyId: string): string;
};

let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["dated"] });
  await sendSigned(oss, { method: "PUT", bucket: "dated", key: "obj", body: "dated body" });
});
afterAll(async () => {
  await oss.close();
});

function isoBasic(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** GET /obj signed V4 over `signedDate` (ISO basic), sending the given date headers. */
function getWithDates(signedDate: string, headers: Record<string, string>): Promise<RawResponse> {
  const all: Record<string, string> = { ...headers, "x-oss-content-sha256": "UNSIGNED-PAYLOAD" };
  const canonical = signUtils.getCanonicalRequest("GET", { headers: all, queries: {} }, "dated", "obj");
  const sts = signUtils.getStringToSign(oss.region, signedDate, canonical);
  const day = signedDate.slice(0, 8);
  const signature = signUtils.getSignatureV4(DEFAULT_ACCESS_KEY_SECRET, day, oss.region, sts);
  const authorization = `OSS4-HMAC-SHA256 Credential=${signUtils.getCredential(day, oss.region, DEFAULT_ACCESS_KEY_ID)},Signature=${signature}`;
  return send(oss, { path: "/dated/obj", headers: { ...all, authorization } });
}

test("Date without x-oss-date is accepted; the signed timestamp is its instant in ISO basic form", async () => {
  const now = new Date();
  now.setUTCMilliseconds(0);
  const res = await getWithDates(isoBasic(now), { date: now.toUTCString() });
  expect([res.status, res.text]).toEqual([200, "dated body"]);
});

test("with Date alone the signature must cover that Date: another instant is SignatureDoesNotMatch", async () => {
  const now = new Date();
  now.setUTCMilliseconds(0);
  const signedEarlier = new Date(now.getTime() - 1000);
  const res = await getWithDates(isoBasic(signedEarlier), { date: now.toUTCString() });
  expect([res.status, xmlField(res.text, "Code")]).toEqual([403, "SignatureDoesNotMatch"]);
  // The server's string to sign names the Date's instant, so a client can see what went wrong.
  expect(xmlField(res.text, "StringToSign")).toContain(`\n${isoBasic(now)}\n`);
});

test("x-oss-date wins when both are sent (Date is then not part of the signature)", async () => {
  const now = new Date();
  now.setUTCMilliseconds(0);
  const res = await getWithDates(isoBasic(now), { "x-oss-date": isoBasic(now), date: "Mon, 01 Jan 2001 00:00:00 GMT" });
  expect(res.status).toBe(200);
});

test("Date alone is still checked for skew", async () => {
  const old = new Date(Date.now() - 60 * 60 * 1000);
  old.setUTCMilliseconds(0);
  const res = await getWithDates(isoBasic(old), { date: old.toUTCString() });
  expect([res.status, xmlField(res.text, "Code")]).toEqual([403, "RequestTimeTooSkewed"]);
});

test("neither date header: 400 with EC 0002-00000503; a malformed one: EC 0002-00000502", async () => {
  // node:http adds no Date to a client request, so this really goes out with neither header.
  const none = await send(oss, {
    path: "/dated/obj",
    headers: { authorization: `OSS4-HMAC-SHA256 Credential=${DEFAULT_ACCESS_KEY_ID}/20250101/${oss.region}/oss/aliyun_v4_request,Signature=00`, "x-oss-content-sha256": "UNSIGNED-PAYLOAD" },
  });
  expect([none.status, xmlField(none.text, "EC")]).toEqual([400, "0002-00000503"]);
  const badDate = await getWithDates("20250101T000000Z", { date: "20250101T000000Z" });
  expect([badDate.status, xmlField(badDate.text, "EC")]).toEqual([400, "0002-00000502"]);
  const badOssDate = await getWithDates("20250101T000000Z", { "x-oss-date": "Tue, 20 Dec 2022 08:48:18 GMT" });
  expect([badOssDate.status, xmlField(badOssDate.text, "EC")]).toEqual([400, "0002-00000502"]);
});
