// The V4 signing-key memo must be invisible to callers: same bytes as a fresh derivation, keyed
// by every input, and still right after its oldest entries were evicted.
import { createHmac } from "node:crypto";
import { deriveV4SigningKey } from "../../../provider/oss/signing/deriveV4SigningKey";
import { V4_SIGNING_KEY_MEMO_SIZE, v4SigningKeyObject } from "../../../provider/oss/signing/v4SigningKeyMemo";
import { signV4, signV4Steps, v4Signature, v4SigningKey } from "../../../provider/oss/signV4";

const hmacHex = (key: Buffer | ReturnType<typeof v4SigningKeyObject>, data: string): string =>
  createHmac("sha256", key).update(data).digest("hex");

describe("V4 signing-key memo", () => {
  it("returns the derived key, and the derivation is the documented HMAC chain", () => {
    const day = "20231216";
    const k1 = createHmac("sha256", "aliyun_v4sk").update(day).digest();
    const k2 = createHmac("sha256", k1).update("cn-hangzhou").digest();
    const k3 = createHmac("sha256", k2).update("oss").digest();
    const expected = createHmac("sha256", k3).update("aliyun_v4_request").digest();
    expect(deriveV4SigningKey("sk", day, "cn-hangzhou").equals(expected)).toBe(true);
    expect(v4SigningKeyObject("sk", day, "cn-hangzhou").export().equals(expected)).toBe(true);
    expect(v4SigningKey("sk", new Date("2023-12-16T23:59:59Z"), "cn-hangzhou").equals(expected)).toBe(true);
  });

  it("keys the memo by secret, day and region, without collisions between their parts", () => {
    const a = v4SigningKeyObject("sk", "20240101", "cn-hangzhou").export();
    expect(v4SigningKeyObject("sk2", "20240101", "cn-hangzhou").export().equals(a)).toBe(false);
    expect(v4SigningKeyObject("sk", "20240102", "cn-hangzhou").export().equals(a)).toBe(false);
    expect(v4SigningKeyObject("sk", "20240101", "cn-beijing").export().equals(a)).toBe(false);
    // The same characters split differently between region and secret ("a" + "bc" and
    // "ab" + "c") concatenate to the same text: they must still not share an entry.
    const x = v4SigningKeyObject("bc", "20240101", "a").export();
    const y = v4SigningKeyObject("c", "20240101", "ab").export();
    expect(x.equals(deriveV4SigningKey("bc", "20240101", "a"))).toBe(true);
    expect(y.equals(deriveV4SigningKey("c", "20240101", "ab"))).toBe(true);
  });

  it("stays correct after eviction", () => {
    const secrets = Array.from({ length: V4_SIGNING_KEY_MEMO_SIZE * 3 }, (_, i) => `secret-${i}`);
    for (const round of [1, 2]) {
      for (const s of secrets) {
        const got = v4SigningKeyObject(s, "20240229", "cn-shanghai");
        expect(hmacHex(got, `round ${round}`)).toBe(hmacHex(deriveV4SigningKey(s, "20240229", "cn-shanghai"), `round ${round}`));
      }
    }
  });

  it("signV4 output matches a signature computed with a freshly derived key", () => {
    const when = new Date("2025-01-15T08:30:00Z");
    const request = { method: "GET", bucket: "b", key: "k", query: { symlink: null }, headers: {}, region: "cn-hangzhou" };
    for (const secret of ["s1", "s2", "s1"]) {
      const auth = signV4(request, { accessKeyId: "ak", accessKeySecret: secret }, when).authorization ?? "";
      const signature = /Signature=([0-9a-f]{64})$/.exec(auth)?.[1];
      const { stringToSign } = signV4Steps(request, { accessKeyId: "ak", accessKeySecret: secret }, when);
      expect(signature).toBe(v4Signature(v4SigningKey(secret, when, "cn-hangzhou"), stringToSign));
    }
  });
});
