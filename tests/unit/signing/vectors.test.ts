// One table-driven test over the official vectors: intermediates first, then the signature.
import { createHash } from "node:crypto";
import { encodeKeyPath, percentEncode } from "../../../provider/oss/encoding";
import { presignV1Steps, signV1Steps } from "../../../provider/oss/signV1";
import { presignV4Steps, signV4Steps, v4SigningKey } from "../../../provider/oss/signV4";
import { signingVectors, type SigningVector } from "../../fixtures/signingVectors";

/** Splits a V4 canonical request into its six parts; the headers block keeps its final `\n`. */
function parts(canonicalRequest: string) {
  const lines = canonicalRequest.split("\n");
  return {
    method: lines[0],
    uri: lines[1],
    query: lines[2],
    headers: lines.slice(3, -2).join("\n"),
    additionalHeaders: lines.at(-2),
    payload: lines.at(-1),
  };
}

function check(vector: SigningVector): void {
  switch (vector.kind) {
    case "v1-header": {
      const steps = signV1Steps(vector.request, vector.credentials, vector.date, vector.extraSubresources);
      expect(steps.stringToSign).toBe(vector.expected.stringToSign);
      expect(steps.headers.authorization).toBe(vector.expected.authorization);
      // Every V1 header vector carries x-oss-date, which is then the date line: no second date.
      expect(steps.headers).not.toHaveProperty("date");
      return;
    }
    case "v1-query": {
      const steps = presignV1Steps(vector.request, vector.credentials, vector.expiresUnixSeconds);
      expect(steps.stringToSign).toBe(vector.expected.stringToSign);
      expect(steps.query).toEqual(vector.expected.query);
      // Rebuild the URL as the Go test prints it (url.Values.Encode sorts by key).
      const all = { ...vector.request.query, ...steps.query } as Record<string, string>;
      const qs = Object.keys(all)
        .sort()
        .map((k) => `${percentEncode(k, false)}=${percentEncode(all[k] ?? "", false)}`)
        .join("&");
      expect(`${vector.origin}/${encodeKeyPath(vector.request.key ?? "")}?${qs}`).toBe(vector.expected.url);
      return;
    }
    case "v4-header": {
      const steps = signV4Steps(vector.request, vector.credentials, vector.date);
      const { expected } = vector;
      if (expected.canonicalRequest !== undefined) expect(steps.canonicalRequest).toBe(expected.canonicalRequest);
      if (expected.canonicalHeaders !== undefined) expect(parts(steps.canonicalRequest).headers).toBe(expected.canonicalHeaders);
      if (expected.canonicalRequestSha256 !== undefined) {
        expect(createHash("sha256").update(steps.canonicalRequest).digest("hex")).toBe(expected.canonicalRequestSha256);
      }
      if (expected.stringToSign !== undefined) expect(steps.stringToSign).toBe(expected.stringToSign);
      if (expected.signingKeyHex !== undefined) {
        const key = v4SigningKey(vector.credentials.accessKeySecret, vector.date, vector.request.region);
        expect(key.toString("hex")).toBe(expected.signingKeyHex);
      }
      expect(steps.headers.authorization).toBe(expected.authorization);
      return;
    }
    case "v4-query": {
      const steps = presignV4Steps(vector.request, vector.credentials, vector.date, vector.expiresSeconds);
      const { expected } = vector;
      if (expected.canonicalQuery !== undefined) expect(parts(steps.canonicalRequest).query).toBe(expected.canonicalQuery);
      if (expected.canonicalHeaders !== undefined) expect(parts(steps.canonicalRequest).headers).toBe(expected.canonicalHeaders);
      expect(parts(steps.canonicalRequest).payload).toBe("UNSIGNED-PAYLOAD");
      expect(steps.query).toEqual(expected.query);
      return;
    }
  }
}

describe("official OSS signing vectors (docs/oss.md §4.4)", () => {
  it("covers every vector of the Go-v2 signer tests", () => {
    const names = signingVectors.map((v) => v.name.split(" ")[0]);
    for (const name of ["V1-A", "V1-B", "V1-C", "V1-Q", "V1-Q2", "V4-A", "V4-B", "V4-C", "V4-Q"]) {
      expect(names).toContain(name);
    }
    expect(signingVectors.filter((v) => v.name.startsWith("V4-C"))).toHaveLength(2);
    expect(signingVectors.filter((v) => v.name.startsWith("V4-Q"))).toHaveLength(4);
    for (const v of signingVectors) expect(v.sources[0]?.file).toBe("oss/signer/signer_test.go");
  });

  it.each(signingVectors.map((v) => [v.name, v] as const))("%s", (_name, vector) => check(vector));
});
