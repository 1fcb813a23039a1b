import {
  formatV1Date,
  presignV1,
  presignV1Steps,
  signV1,
  signV1Steps,
  v1CanonicalizedOssHeaders,
  v1CanonicalizedResource,
  v1StringToSign,
} from "../../../provider/oss/signV1";
import type { SignableRequest } from "../../../provider/oss/types";

const cred = { accessKeyId: "ak", accessKeySecret: "sk" };
const sts = { ...cred, securityToken: "token" };
const when = new Date("2025-01-15T08:30:00Z");
const getSymlink: SignableRequest = {
  method: "GET",
  bucket: "examplebucket",
  key: "目录/a b+c.txt",
  query: { symlink: null, versionId: "CAEQ/x+y" },
  headers: {},
  region: "cn-hangzhou",
};

describe("V1 steps", () => {
  it("formats the RFC 1123 date", () => {
    expect(formatV1Date(when)).toBe("Wed, 15 Jan 2025 08:30:00 GMT");
    expect(() => formatV1Date(new Date(NaN))).toThrow(RangeError);
  });

  it("canonicalizes x-oss-* headers only, lower-cased, trimmed, sorted, two spellings joined", () => {
    expect(v1CanonicalizedOssHeaders({})).toBe("");
    expect(
      v1CanonicalizedOssHeaders({ "X-Oss-Meta-B": " 2 ", "x-oss-meta-a": "1", "X-OSS-META-A": "3", "Content-Type": "t" }),
    ).toBe("x-oss-meta-a:1,3\nx-oss-meta-b:2\n");
  });

  it("uses the raw key and decoded sub-resource values, sorted; unknown parameters are not signed", () => {
    expect(
      v1CanonicalizedResource({ ...getSymlink, query: { ...getSymlink.query, "non-resource": "x", "x-oss-process": "a/b" } }),
    ).toBe("/examplebucket/目录/a b+c.txt?symlink&versionId=CAEQ/x+y&x-oss-process=a/b");
  });

  it("handles service, bucket and extra sub-resources", () => {
    expect(v1CanonicalizedResource({ query: {} })).toBe("/");
    expect(v1CanonicalizedResource({ bucket: "b", query: { resourceGroup: null } })).toBe("/b/");
    expect(v1CanonicalizedResource({ bucket: "b", query: { resourceGroup: null } }, ["resourceGroup"])).toBe("/b/?resourceGroup");
    expect(v1CanonicalizedResource({ bucket: "b", key: "k", query: { acl: "" } })).toBe("/b/k?acl");
  });

  it("builds the string to sign from Content-MD5, Content-Type in any case", () => {
    const req = { ...getSymlink, method: "put", headers: { "CONTENT-MD5": "m", "Content-Type": "text/plain", "x-oss-a": "1" } };
    expect(v1StringToSign(req, "D")).toBe("PUT\nm\ntext/plain\nD\nx-oss-a:1\n/examplebucket/目录/a b+c.txt?symlink&versionId=CAEQ/x+y");
  });

  it("refuses to sign a lone surrogate (it would be signed as U+FFFD)", () => {
    expect(() => v1StringToSign({ ...getSymlink, key: "\uDC00" }, "D")).toThrow(TypeError);
  });
});

describe("signV1", () => {
  it("returns date and authorization; the date line is the returned date", () => {
    const steps = signV1Steps(getSymlink, cred, when);
    expect(Object.keys(steps.headers).sort()).toEqual(["authorization", "date"]);
    expect(steps.headers.date).toBe("Wed, 15 Jan 2025 08:30:00 GMT");
    expect(steps.stringToSign.split("\n")[3]).toBe("Wed, 15 Jan 2025 08:30:00 GMT");
    expect(steps.headers.authorization).toBe(`OSS ak:${steps.signature}`);
    expect(steps.signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it("takes x-oss-date (any case) as the date line and then adds no Date", () => {
    const req = { ...getSymlink, headers: { "X-Oss-Date": "Tue, 14 Jan 2025 00:00:00 GMT" } };
    const steps = signV1Steps(req, cred, when);
    expect(steps.headers).not.toHaveProperty("date");
    expect(steps.stringToSign.split("\n")[3]).toBe("Tue, 14 Jan 2025 00:00:00 GMT");
  });

  it("adds and signs x-oss-security-token for STS credentials", () => {
    const steps = signV1Steps(getSymlink, sts, when);
    expect(steps.headers["x-oss-security-token"]).toBe("token");
    expect(steps.stringToSign).toContain("\nx-oss-security-token:token\n/examplebucket/");
  });

  it("signs extra sub-resources only when declared", () => {
    const req = { ...getSymlink, query: { resourceGroup: "rg" } };
    expect(signV1(req, cred, when).authorization).toBe(signV1({ ...req, query: {} }, cred, when).authorization);
    expect(signV1(req, cred, when, ["resourceGroup"]).authorization).not.toBe(signV1(req, cred, when).authorization);
  });
});

describe("presignV1", () => {
  it("returns OSSAccessKeyId, Expires, Signature and, for STS, security-token (signed)", () => {
    expect(Object.keys(presignV1(getSymlink, cred, 1736930000)).sort()).toEqual(["Expires", "OSSAccessKeyId", "Signature"]);
    const steps = presignV1Steps(getSymlink, sts, 1736930000);
    expect(steps.query).toEqual({ OSSAccessKeyId: "ak", Expires: "1736930000", Signature: steps.signature, "security-token": "token" });
    expect(steps.stringToSign).toBe("GET\n\n\n1736930000\n/examplebucket/目录/a b+c.txt?security-token=token&symlink&versionId=CAEQ/x+y");
  });

  it.each([-1, 1.5, NaN, 2 ** 60])("rejects Expires %p with a RangeError", (expires) => {
    expect(() => presignV1(getSymlink, cred, expires)).toThrow(RangeError);
  });
});
