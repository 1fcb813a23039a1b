/**
 * The server's V1/V4 verifier reproduces the official vectors of
 * aliyun/alibabacloud-oss-go-sdk-v2 oss/signer/signer_test.go (same numbers in
 * aliyun/alibabacloud-oss-python-sdk-v2 tests/unit/signer/test_v1.py, test_v4.py), as copied in
 * docs/oss.md §4.4. Keys: ak / sk.
 */
import { v1Signature, v1StringToSign } from "../../../server/auth/verifyV1";
import { v4CanonicalRequest, v4Signature, v4SigningKey, v4StringToSign } from "../../../server/auth/verifyV4";
import type { QueryParam } from "../../../server/request";

const q = (pairs: Array<[string, string | null]>): QueryParam[] => pairs.map(([key, value]) => ({ key, value }));
const DATE = "Wed, 28 Dec 2022 10:27:41 GMT";

interface V1Vector {
  name: string;
  method: string;
  bucket?: string;
  key?: string;
  query: QueryParam[];
  headers: Record<string, string>;
  date: string;
  stringToSign: string;
  signature: string;
}

const V1_VECTORS: V1Vector[] = [
  {
    name: "V1-A TestV1AuthHeader case 1",
    method: "PUT", bucket: "examplebucket", key: "nelson", query: [],
    headers: {
      "content-md5": "eB5eJF1ptWaXm4bijSPyxw==", "content-type": "text/html", "x-oss-meta-author": "alice",
      "x-oss-meta-magic": "abracadabra", "x-oss-date": DATE, date: DATE,
    },
    date: DATE,
    stringToSign: `PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/html\n${DATE}\nx-oss-date:${DATE}\nx-oss-meta-author:alice\nx-oss-meta-magic:abracadabra\n/examplebucket/nelson`,
    signature: "kSHKmLxlyEAKtZPkJhG9bZb5k7M=",
  },
  {
    name: "V1-B TestV1AuthHeader case 2 (?acl)",
    method: "PUT", bucket: "examplebucket", key: "nelson", query: q([["acl", null]]),
    headers: {
      "content-md5": "eB5eJF1ptWaXm4bijSPyxw==", "content-type": "text/html", "x-oss-meta-author": "alice",
      "x-oss-meta-magic": "abracadabra", "x-oss-date": DATE, date: DATE,
    },
    date: DATE,
    stringToSign: `PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/html\n${DATE}\nx-oss-date:${DATE}\nx-oss-meta-author:alice\nx-oss-meta-magic:abracadabra\n/examplebucket/nelson?acl`,
    signature: "/afkugFbmWDQ967j1vr6zygBLQk=",
  },
  {
    name: "V1-Q TestV1AuthQuery case 1",
    method: "GET", bucket: "bucket", key: "key", query: q([["versionId", "versionId"], ["OSSAccessKeyId", "ak"], ["Expires", "1699807420"]]),
    headers: {}, date: "1699807420",
    stringToSign: "GET\n\n\n1699807420\n/bucket/key?versionId=versionId",
    signature: "dcLTea+Yh9ApirQ8o8dOPqtvJXQ=",
  },
  {
    name: "V1-Q2 TestV1AuthQuery case 2 (STS, key+123)",
    method: "GET", bucket: "bucket", key: "key+123", query: q([["versionId", "versionId"], ["security-token", "token"]]),
    headers: {}, date: "1699808204",
    stringToSign: "GET\n\n\n1699808204\n/bucket/key+123?security-token=token&versionId=versionId",
    signature: "jzKYRrM5y6Br0dRFPaTGOsbrDhY=",
  },
];

test.each(V1_VECTORS.map((v) => [v.name, v] as const))("%s", (_n, v) => {
  const sts = v1StringToSign({ method: v.method, headers: v.headers, date: v.date, bucket: v.bucket, key: v.key, query: v.query });
  expect(sts).toBe(v.stringToSign);
  expect(v1Signature("sk", sts)).toBe(v.signature);
});

const V4_QUERY = q([["param1", "value1"], ["+param1", "value3"], ["|param1", "value4"], ["+param2", ""], ["|param2", ""], ["param2", ""]]);
const V4_HEADERS = {
  "x-oss-head1": "value", abc: "value", zabc: "value", xyz: "value", "content-type": "text/plain",
  "x-oss-content-sha256": "UNSIGNED-PAYLOAD",
};

test("V4-A TestV4AuthHeader: canonical request, string to sign, signing key, signature", () => {
  const canonical = v4CanonicalRequest({
    method: "PUT", bucket: "bucket", key: "1234+-/123/1.txt", query: V4_QUERY,
    headers: { ...V4_HEADERS, "x-oss-date": "20231216T162057Z" }, additionalHeaders: [], hashedPayload: "UNSIGNED-PAYLOAD",
  });
  expect(canonical).toBe(
    "PUT\n/bucket/1234%2B-/123/1.txt\n%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2\n" +
    "content-type:text/plain\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20231216T162057Z\nx-oss-head1:value\n\n\nUNSIGNED-PAYLOAD",
  );
  const sts = v4StringToSign("20231216T162057Z", "20231216/cn-hangzhou/oss/aliyun_v4_request", canonical);
  expect(sts).toBe("OSS4-HMAC-SHA256\n20231216T162057Z\n20231216/cn-hangzhou/oss/aliyun_v4_request\nf4613657f1b108998e8dbd10a1aa5da621dc2c6e02c9ddec0f163664848704c4");
  const key = v4SigningKey("sk", "20231216", "cn-hangzhou", "oss");
  expect(key.export().toString("hex")).toBe("b412a03b134ebddd720f5167b5de6db66620ebb3b01cff4d49e3ccb09f8de97f");
  expect(v4Signature(key, sts)).toBe("e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe");
});

test("V4-B TestV4AuthHeaderToken", () => {
  const canonical = v4CanonicalRequest({
    method: "PUT", bucket: "bucket", key: "1234+-/123/1.txt", query: V4_QUERY,
    headers: { ...V4_HEADERS, "x-oss-date": "20231217T034736Z", "x-oss-security-token": "token" }, additionalHeaders: [], hashedPayload: "UNSIGNED-PAYLOAD",
  });
  const sts = v4StringToSign("20231217T034736Z", "20231217/cn-hangzhou/oss/aliyun_v4_request", canonical);
  expect(sts.split("\n")[3]).toBe("69494678fb11579d4ee12996e2796d9e2ba43c34aa4c723c4aec018f3d6b86b8");
  expect(v4Signature(v4SigningKey("sk", "20231217", "cn-hangzhou", "oss"), sts)).toBe("b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea");
});

test.each([
  [["ZAbc", "abc"]],
  [["x-oss-no-exist", "ZAbc", "x-oss-head1", "abc"]],
])("V4-C TestV4AuthHeaderWithAdditionalHeaders %j", (additional) => {
  const canonical = v4CanonicalRequest({
    method: "PUT", bucket: "bucket", key: "1234+-/123/1.txt", query: V4_QUERY,
    headers: { ...V4_HEADERS, "x-oss-date": "20231216T172512Z" }, additionalHeaders: additional, hashedPayload: "UNSIGNED-PAYLOAD",
  });
  expect(canonical.split("\n").slice(-3)).toEqual(["", "abc;zabc", "UNSIGNED-PAYLOAD"]);
  const sts = v4StringToSign("20231216T172512Z", "20231216/cn-hangzhou/oss/aliyun_v4_request", canonical);
  expect(v4Signature(v4SigningKey("sk", "20231216", "cn-hangzhou", "oss"), sts)).toBe("4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f");
});

test.each([
  ["plain", 1702781677, 1702782276, undefined, [], "a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe"],
  ["STS token", 1702785388, 1702785987, "token", [], "3817ac9d206cd6dfc90f1c09c00be45005602e55898f26f5ddb06d7892e1f8b5"],
  ["additional headers", 1702783809, 1702784408, undefined, ["abc", "zabc"], "6bd984bfe531afb6db1f7550983a741b103a8c58e5e14f83ea474c2322dfa2b7"],
] as const)("V4-Q TestV4AuthQuery (%s)", (_n, signTime, expiry, token, additional, expected) => {
  const iso = new Date(signTime * 1000).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = iso.slice(0, 8);
  const params: Array<[string, string | null]> = [
    ["param1", "value1"], ["+param1", "value3"], ["|param1", "value4"], ["+param2", ""], ["|param2", ""], ["param2", ""],
    ["x-oss-signature-version", "OSS4-HMAC-SHA256"], ["x-oss-date", iso], ["x-oss-expires", String(expiry - signTime)],
    ["x-oss-credential", `ak/${day}/cn-hangzhou/oss/aliyun_v4_request`],
  ];
  if (token) params.push(["x-oss-security-token", token]);
  if (additional.length) params.push(["x-oss-additional-headers", additional.join(";")]);
  const canonical = v4CanonicalRequest({
    method: "PUT", bucket: "bucket", key: "1234+-/123/1.txt", query: q(params),
    headers: { "x-oss-head1": "value", abc: "value", zabc: "value", xyz: "value", "content-type": "application/octet-stream" },
    additionalHeaders: [...additional], hashedPayload: "UNSIGNED-PAYLOAD",
  });
  const sts = v4StringToSign(iso, `${day}/cn-hangzhou/oss/aliyun_v4_request`, canonical);
  expect(v4Signature(v4SigningKey("sk", day, "cn-hangzhou", "oss"), sts)).toBe(expected);
});
