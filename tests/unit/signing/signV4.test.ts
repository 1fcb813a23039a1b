import {
  formatV4Date,
  presignV4,
  signV4,
  signV4Steps,
  v4AdditionalHeaderNames,
  v4CanonicalHeaders,
  v4CanonicalQuery,
  v4CanonicalUri,
  v4Scope,
} from "../../../provider/oss/signV4";
import type { SignableRequest } from "../../../provider/oss/types";

const cred = { accessKeyId: "ak", accessKeySecret: "sk" };
const sts = { ...cred, securityToken: "token" };
const when = new Date("2025-01-15T08:30:00Z");
const putSymlink: SignableRequest = {
  method: "PUT",
  bucket: "examplebucket",
  key: "links/latest.txt",
  query: { symlink: null },
  headers: { "x-oss-symlink-target": "releases/v1.2.3/report%202024%2Bfinal.txt" },
  region: "cn-hangzhou",
};

describe("V4 steps", () => {
  it("formats the date and scope", () => {
    expect(formatV4Date(when)).toBe("20250115T083000Z");
    expect(v4Scope(when, "ap-southeast-1")).toBe("20250115/ap-southeast-1/oss/aliyun_v4_request");
    expect(() => formatV4Date(new Date(NaN))).toThrow(RangeError);
  });

  it("builds the canonical URI for service, bucket and object", () => {
    expect(v4CanonicalUri(undefined, undefined)).toBe("/");
    expect(v4CanonicalUri("b", undefined)).toBe("/b/");
    expect(v4CanonicalUri("b", "目录/a b+c*.txt")).toBe("/b/%E7%9B%AE%E5%BD%95/a%20b%2Bc%2A.txt");
  });

  it("signs bare and empty-valued parameters as `k`, encodes `/` in the query, sorts by encoded key", () => {
    expect(v4CanonicalQuery({ versionId: "a/b c", symlink: null, acl: "", "x-oss-process": "image/resize,w_1" })).toBe(
      "acl&symlink&versionId=a%2Fb%20c&x-oss-process=image%2Fresize%2Cw_1",
    );
    // Code-unit order: upper case before lower case, `%` before letters.
    expect(v4CanonicalQuery({ b: "1", B: "2", "+a": "3" })).toBe("%2Ba=3&B=2&b=1");
  });

  it("keeps only present, non-default additional headers, lower-cased and sorted", () => {
    const headers = { Host: "h", ZAbc: "z", "Content-Type": "t", "x-oss-a": "1" };
    expect(v4AdditionalHeaderNames(headers, ["zabc", "HOST", "content-type", "x-oss-a", "missing", "Host"])).toEqual(["host", "zabc"]);
    expect(v4AdditionalHeaderNames(headers, undefined)).toEqual([]);
  });

  it("joins two spellings of one header and trims values in the canonical headers", () => {
    expect(v4CanonicalHeaders({ "X-Oss-Meta-A": " 1 ", "x-oss-meta-a": "2", "Content-MD5": "m", Other: "o" }, [])).toBe(
      "content-md5:m\nx-oss-meta-a:1 ,2\n",
    );
  });
});

describe("signV4", () => {
  it("returns exactly the headers to add", () => {
    const headers = signV4(putSymlink, cred, when);
    expect(Object.keys(headers).sort()).toEqual(["authorization", "date", "x-oss-content-sha256", "x-oss-date"]);
    expect(headers.date).toBe("Wed, 15 Jan 2025 08:30:00 GMT");
    expect(headers["x-oss-date"]).toBe("20250115T083000Z");
    expect(headers["x-oss-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect(headers.authorization).toMatch(
      /^OSS4-HMAC-SHA256 Credential=ak\/20250115\/cn-hangzhou\/oss\/aliyun_v4_request,Signature=[0-9a-f]{64}$/,
    );
  });

  it("signs the symlink target header and the ?symlink sub-resource", () => {
    const { canonicalRequest } = signV4Steps(putSymlink, cred, when);
    expect(canonicalRequest).toBe(
      [
        "PUT",
        "/examplebucket/links/latest.txt",
        "symlink",
        "x-oss-content-sha256:UNSIGNED-PAYLOAD",
        "x-oss-date:20250115T083000Z",
        "x-oss-symlink-target:releases/v1.2.3/report%202024%2Bfinal.txt",
        "",
        "",
        "UNSIGNED-PAYLOAD",
      ].join("\n"),
    );
  });

  it("adds and signs x-oss-security-token for STS credentials", () => {
    const steps = signV4Steps(putSymlink, sts, when);
    expect(steps.headers["x-oss-security-token"]).toBe("token");
    expect(steps.canonicalRequest).toContain("\nx-oss-security-token:token\n");
  });

  it("uses the request's own x-oss-content-sha256, in any case, and does not add another", () => {
    const own = { ...putSymlink, headers: { ...putSymlink.headers, "X-Oss-Content-Sha256": "abc123" } };
    const steps = signV4Steps(own, cred, when);
    expect(steps.headers).not.toHaveProperty("x-oss-content-sha256");
    expect(steps.canonicalRequest.endsWith("\nabc123")).toBe(true);
    expect(steps.canonicalRequest).toContain("\nx-oss-content-sha256:abc123\n");
  });

  it("replaces a caller's x-oss-date of another spelling instead of signing both", () => {
    const stale = { ...putSymlink, headers: { ...putSymlink.headers, "X-OSS-Date": "20000101T000000Z" } };
    const steps = signV4Steps(stale, cred, when);
    expect(steps.canonicalRequest).toContain("\nx-oss-date:20250115T083000Z\n");
    expect(steps.canonicalRequest).not.toContain("20000101");
  });

  it("signs Date when it is named in AdditionalHeaders, with the value it returns", () => {
    const steps = signV4Steps({ ...putSymlink, additionalHeaders: ["Date"] }, cred, when);
    expect(steps.canonicalRequest).toContain("\ndate:Wed, 15 Jan 2025 08:30:00 GMT\n");
    expect(steps.headers.authorization).toContain(",AdditionalHeaders=date,Signature=");
  });

  it("depends on every input", () => {
    const base = signV4(putSymlink, cred, when).authorization;
    expect(signV4({ ...putSymlink, key: "links/latest.txT" }, cred, when).authorization).not.toBe(base);
    expect(signV4({ ...putSymlink, region: "cn-shanghai" }, cred, when).authorization).not.toBe(base);
    expect(signV4(putSymlink, { ...cred, accessKeySecret: "sk2" }, when).authorization).not.toBe(base);
    expect(signV4(putSymlink, cred, new Date(when.getTime() + 1000)).authorization).not.toBe(base);
  });

  it("rejects a key with a lone surrogate with a TypeError", () => {
    expect(() => signV4({ ...putSymlink, key: "a\uD800" }, cred, when)).toThrow(TypeError);
  });
});

describe("presignV4", () => {
  it("returns the query parameters, adds no header, and signs the presign parameters", () => {
    const q = presignV4(putSymlink, sts, when, 900);
    expect(Object.keys(q)).toEqual([
      "x-oss-signature-version",
      "x-oss-date",
      "x-oss-expires",
      "x-oss-credential",
      "x-oss-security-token",
      "x-oss-signature",
    ]);
    expect(q["x-oss-expires"]).toBe("900");
    expect(q["x-oss-credential"]).toBe("ak/20250115/cn-hangzhou/oss/aliyun_v4_request");
    expect(q["x-oss-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(presignV4(putSymlink, sts, when, 901)["x-oss-signature"]).not.toBe(q["x-oss-signature"]);
  });

  it.each([0, -1, 604801, 1.5, NaN])("rejects expiry %p with a RangeError", (seconds) => {
    expect(() => presignV4(putSymlink, cred, when, seconds)).toThrow(RangeError);
  });

  it("accepts the 7-day maximum", () => {
    expect(presignV4(putSymlink, cred, when, 604800)["x-oss-expires"]).toBe("604800");
  });
});
