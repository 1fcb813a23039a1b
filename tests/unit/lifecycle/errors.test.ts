import { OssError } from "../../../provider/oss/ossError";
import { actionableError, SymlinkProviderError } from "../../../provider/lifecycle/errors";

const ctx = { operation: "PutSymlink", bucket: "b-1", key: "k", region: "cn-hangzhou" };

function oss(code: string, status: number, detail = "msg"): OssError {
  return new OssError({ code, status, detail, requestId: "REQ1" });
}

describe("actionableError", () => {
  it("FileImmutable explains retention", () => {
    const e = actionableError(oss("FileImmutable", 409), ctx);
    expect(e.message).toMatch(/FileImmutable \(HTTP 409\).*retention/);
    expect(e.message).toContain("REQ1");
    expect((e as SymlinkProviderError).code).toBe("FileImmutable");
    expect(e.cause).toBeInstanceOf(OssError);
  });
  it("NoSuchBucket says to create the bucket or fix it", () => {
    const e = actionableError(oss("NoSuchBucket", 404), ctx);
    expect(e.message).toContain('bucket "b-1" does not exist (region cn-hangzhou)');
    expect(e.message).toContain("create the bucket");
  });
  it("MissingCredentials keeps the client's list of sources and does not blame OSS (nothing was sent)", () => {
    const listed = "No OSS credentials found. Sources tried, in order: 1. ... Set alicloud:accessKey or OSS_ACCESS_KEY_ID.";
    const e = actionableError(new OssError({ code: "MissingCredentials", detail: listed }), ctx);
    expect(e.message).toContain("MissingCredentials");
    expect(e.message).toContain(listed);
    expect(e.message).not.toContain("OSS refused");
    expect(e.message).toContain("pulumi config set --secret alicloud:secretKey");
  });
  it.each(["AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"])("%s names the credential source and the keys to set", (code) => {
    const e = actionableError(oss(code, 403), { ...ctx, credentialSource: "env OSS_ACCESS_KEY_ID" });
    expect(e.message).toContain(code);
    expect(e.message).toContain("credentials from env OSS_ACCESS_KEY_ID");
    expect(e.message).toContain("alicloud:secretKey");
    expect(e.message).toContain("OSS_ACCESS_KEY_SECRET");
  });
  it("FileAlreadyExists says what to change", () => {
    expect(actionableError(oss("FileAlreadyExists", 409), ctx).message).toContain("adopt: true");
  });
  it("other codes keep code and message, plus the hint for the code", () => {
    expect(actionableError(oss("InvalidArgument", 400, "bad storage class"), ctx).message).toBe(
      "PutSymlink oss://b-1/k failed: InvalidArgument (HTTP 400): bad storage class. " +
        "A parameter is invalid (e.g. storage class, ACL or header value); check the inputs [request id REQ1]",
    );
  });
  it("non-OSS errors are wrapped, provider errors pass through", () => {
    expect(actionableError(new Error("boom"), ctx).message).toBe("PutSymlink oss://b-1/k failed: boom");
    const mine = new SymlinkProviderError("x", "Y");
    expect(actionableError(mine, ctx)).toBe(mine);
  });
});
