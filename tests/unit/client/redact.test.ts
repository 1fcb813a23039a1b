import { presignV1, signV1 } from "../../../provider/oss/signV1";
import { presignV4, signV4 } from "../../../provider/oss/signV4";
import { authorizationSignature, REDACTED, redact } from "../../../provider/oss/redact";
import type { SignableRequest } from "../../../provider/oss/types";

const creds = { accessKeyId: "LTAI-redact-id", accessKeySecret: "SECRET-redact-0123456789", securityToken: "STS+TOKEN/redact==0123456789" };
const request: SignableRequest = { method: "PUT", bucket: "bkt", key: "link", query: { symlink: null }, headers: {}, region: "cn-hangzhou" };
const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

describe("authorizationSignature", () => {
  test("finds the signature of a V4 and a V1 Authorization header", () => {
    const v4 = signV4(request, creds, date).authorization!;
    const v1 = signV1(request, creds, date).authorization!;
    expect(authorizationSignature(v4)).toMatch(/^[0-9a-f]{64}$/);
    expect(v4.endsWith(`Signature=${authorizationSignature(v4)}`)).toBe(true);
    expect(authorizationSignature(v1)).toBe(v1.slice(`OSS ${creds.accessKeyId}:`.length));
    expect(authorizationSignature(undefined)).toBeUndefined();
    expect(authorizationSignature("Bearer x")).toBeUndefined();
  });
});

describe("redact", () => {
  test("removes each secret as is and percent-encoded", () => {
    const text = `a ${creds.accessKeySecret} b ${creds.securityToken} c ${encodeURIComponent(creds.securityToken)} d`;
    const out = redact(text, [creds.accessKeySecret, creds.securityToken]);
    expect(out).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d`);
  });

  test("removes signatures of every form without knowing them: Authorization V4/V1, presigned V1/V4, token parameters", () => {
    const v4 = signV4(request, creds, date).authorization!;
    const v1 = signV1(request, creds, date).authorization!;
    const p1 = presignV1(request, creds, 1_767_000_000);
    const p4 = presignV4(request, creds, date, 600);
    const echoed = [
      `Authorization: ${v4}`,
      `Authorization: ${v1}`,
      `url ?${new URLSearchParams(p1).toString()}`,
      `url ?${new URLSearchParams(p4).toString()}`,
      `x-oss-security-token: ${creds.securityToken}`,
    ].join("\n");
    const out = redact(echoed, []);
    const signatures = [authorizationSignature(v4)!, authorizationSignature(v1)!, p1["Signature"]!, p4["x-oss-signature"]!];
    for (const secret of [...signatures, creds.securityToken]) {
      expect(out).not.toContain(secret);
      expect(out).not.toContain(encodeURIComponent(secret));
    }
    // What is not secret stays readable.
    expect(out).toContain(`OSS ${creds.accessKeyId}:${REDACTED}`);
    expect(out).toContain("Credential=LTAI-redact-id/");
  });

  test("leaves ordinary error text alone", () => {
    for (const text of [
      "The specified key does not exist.",
      "OSS error: the request signature we calculated does not match the signature you provided.",
      "5C3D9175B6FC201293AD0001",
      "0003-00000001",
    ]) {
      expect(redact(text, ["short", ""])).toBe(text);
    }
  });

  test("a request id made only of letters, digits and -._ still loses a secret it contains (the fast path)", () => {
    const secret = "SECRETredact0123456789";
    expect(redact(`5C3D9175${secret}0001`, [secret])).toBe(`5C3D9175${REDACTED}0001`);
    expect(redact(`req-${secret}.x_y`, ["", secret])).toBe(`req-${REDACTED}.x_y`);
    // The same text with one character outside that set takes the full path and gives the same answer.
    expect(redact(`5C3D9175${secret}0001=`, [secret])).toBe(`5C3D9175${REDACTED}0001=`);
  });
});
