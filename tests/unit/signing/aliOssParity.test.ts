/**
 * Property tests: our V1 and V4 signers agree with the official ali-oss signer on random requests.
 *
 * ali-oss is driven in its own conventions; the mapping from our SignableRequest is:
 * - V1 resource: ali-oss takes the resource string `/bucket/key` with the raw key, and a
 *   `parameters` object holding only sub-resources (its callers put nothing else there; plain
 *   query parameters travel separately and are not signed). We therefore pass it the query
 *   entries our filter signs; the filter itself is checked against the Go-v2 vectors
 *   (V1-C with `resourceGroup`) and in signV1.test.ts.
 * - V1 date line: ali-oss reads it from `x-oss-date` or from its `expires` argument. Without
 *   `x-oss-date` in the request, we pass our RFC 1123 date as `expires`.
 * - V4 query values: ali-oss signs `""` as `k=` but `null` as `k` (docs/oss.md §4.3 point 7); Go and
 *   Python sign `k` for both, as we do, so `""` is handed to ali-oss as `null`.
 * - V4 query order: ali-oss sorts raw keys with `localeCompare`, we sort encoded keys by code
 *   unit (what OSS does). Cases where the two orders differ are skipped with `fc.pre`.
 * - Headers: ali-oss gets the request's headers plus the ones our signer adds (that is what the
 *   request carries on the wire), minus `authorization`.
 */
import * as fc from "fast-check";
import type { Credentials, SignableRequest } from "../../../provider/oss/types";
import { percentEncode } from "../../../provider/oss/encoding";
import { presignV1Steps, signV1Steps, v1CanonicalizedResource } from "../../../provider/oss/signV1";
import { formatV4Date, presignV4, signV4Steps } from "../../../provider/oss/signV4";
import { V1_SIGNED_SUBRESOURCES } from "../../../provider/oss/constants";

interface AliSignUtils {
  buildCanonicalString(
    method: string,
    resource: string,
    request: { headers: Record<string, string>; parameters?: Record<string, string | null> },
    expires?: string,
  ): string;
  authorization(accessKeyId: string, accessKeySecret: string, canonicalString: string): string;
  _signatureForURL(
    accessKeySecret: string,
    options: Record<string, unknown>,
    resource: string,
    expires: number,
  ): { Signature: string };
  getCanonicalRequest(
    method: string,
    request: { headers: Record<string, string>; queries: Record<string, string | null> },
    bucketName?: string,
    objectName?: string,
    additionalHeaders?: string[],
  ): string;
  fixAdditionalHeaders(additionalHeaders?: string[]): string[];
  authorizationV4(
    accessKeyId: string,
    accessKeySecret: string,
    region: string,
    method: string,
    request: { headers: Record<string, string>; queries: Record<string, string | null> },
    bucketName?: string,
    objectName?: string,
    additionalHeaders?: string[],
  ): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ali = require("ali-oss/lib/common/signUtils.js") as AliSignUtils;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AliOss = require("ali-oss") as new (options: Record<string, unknown>) => {
  signatureUrlV4(method: string, expires: number, request: object, objectName?: string, additionalHeaders?: string[]): Promise<string>;
};

const NUM_RUNS = 250;

// ---- arbitraries ----------------------------------------------------------------------------

const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/);
const key = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 24 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(..."ab/ +%?#~*!'()&=\u000C目😀"), minLength: 1, maxLength: 16 }),
);
const text = fc.oneof(
  fc.string({ unit: "grapheme-ascii", maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.constant(""),
);
const headerValue = fc.oneof(fc.string({ unit: "grapheme-ascii", maxLength: 20 }), fc.string({ unit: "grapheme", maxLength: 6 }));
const ossHeaderName = fc.mixedCase(fc.stringMatching(/^x-oss-(meta-)?[a-z0-9][a-z0-9-]{0,8}$/));
const otherHeaderName = fc.constantFrom("abc", "ZAbc", "Cache-Control", "Content-Disposition", "x-custom", "Host");
const headerList = fc.uniqueArray(fc.tuple(fc.oneof(ossHeaderName, otherHeaderName), headerValue), {
  selector: ([name]) => name.toLowerCase(),
  maxLength: 6,
});
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const contentHeaders = fc.record({
  type: optional(fc.tuple(fc.constantFrom("Content-Type", "content-type"), fc.constantFrom("text/plain", "application/octet-stream", " image/png "))),
  md5: optional(fc.tuple(fc.constantFrom("Content-MD5", "content-md5"), fc.constantFrom("1B2M2Y8AsgTpgAmY7PhCfg==", "eB5eJF1ptWaXm4bijSPyxw=="))),
});
/** Sub-resources the project uses, plus query keys V1 does not sign. */
const query = fc.record(
  {
    symlink: fc.constant(null),
    acl: fc.constant(null),
    versionId: fc.oneof(text, fc.constant(null)),
    "x-oss-process": fc.oneof(fc.constant("image/resize,w_100"), text),
    "response-content-type": text,
    "q-plain": fc.oneof(text, fc.constant(null)),
    "q-empty": fc.constant(""),
  },
  { requiredKeys: [] },
);
const credentials: fc.Arbitrary<Credentials> = fc.record(
  {
    accessKeyId: fc.stringMatching(/^LTAI[A-Za-z0-9]{8,20}$/),
    // The ali-oss client trims its credentials (initOptions.js); our signers take them as given.
    accessKeySecret: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s),
    securityToken: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 40 }).map((s) => s.trim() || "t"),
  },
  { requiredKeys: ["accessKeyId", "accessKeySecret"] },
);
const date = fc.date({ min: new Date("2001-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));
const region = fc.constantFrom("cn-hangzhou", "cn-shanghai", "ap-southeast-1", "us-west-1");

const request = fc
  .record({
    method: fc.constantFrom("GET", "PUT", "HEAD", "DELETE", "POST"),
    bucket,
    key,
    query,
    headers: headerList,
    content: contentHeaders,
    region,
    additional: fc.array(fc.mixedCase(fc.constantFrom("abc", "zabc", "cache-control", "host", "date", "x-oss-meta-a", "content-type")), { maxLength: 4 }),
  })
  .map(({ content, headers, additional, ...rest }): SignableRequest => {
    const all = [...headers, ...(content.type ? [content.type] : []), ...(content.md5 ? [content.md5] : [])];
    const present = new Set(all.map(([n]) => n.toLowerCase()));
    return {
      ...rest,
      headers: Object.fromEntries(all),
      // ali-oss throws on an additional header the request lacks; `date` is always added by signV4.
      additionalHeaders: additional.filter((n) => present.has(n.toLowerCase()) || n.toLowerCase() === "date"),
    };
  });

// ---- helpers --------------------------------------------------------------------------------

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The query as ali-oss's V4 code expects it: `""` → `null` (see the header comment). */
function aliV4Queries(q: Record<string, string | null>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v === "" ? null : v]));
}

function presentOnly(names: string[] | undefined, headers: Record<string, string>): string[] | undefined {
  const present = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  return names?.filter((n) => present.has(n.toLowerCase()));
}

function sameOrderAsAliOss(keys: string[]): boolean {
  const ours = [...keys].sort((a, b) => {
    const [x, y] = [percentEncode(a, false), percentEncode(b, false)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const theirs = [...keys].sort((a, b) => a.localeCompare(b));
  return ours.join("\n") === theirs.join("\n");
}

function signedSubresources(q: Record<string, string | null>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(q).filter(([k]) => V1_SIGNED_SUBRESOURCES.has(k) || k.startsWith("x-oss-")));
}

// ---- properties -----------------------------------------------------------------------------

describe(`parity with ali-oss 6.23 lib/common/signUtils.js (numRuns ${NUM_RUNS})`, () => {
  it("V1 header signature equals ali-oss buildCanonicalString + authorization", () => {
    let runs = 0;
    fc.assert(
      fc.property(request, credentials, date, fc.option(fc.mixedCase(fc.constant("x-oss-date"))), (req, cred, when, ossDateName) => {
        runs++;
        const input = deepFreeze(
          ossDateName ? { ...req, headers: { ...req.headers, [ossDateName]: when.toUTCString() } } : req,
        );
        const ours = signV1Steps(input, cred, when);
        const wire = { ...input.headers, ...ours.headers };
        delete wire.authorization;
        const resource = `/${input.bucket}/${input.key}`;
        const expires = ossDateName ? undefined : ours.headers.date;
        const canonical = ali.buildCanonicalString(input.method, resource, { headers: lowerKeys(wire), parameters: signedSubresources(input.query) }, expires);
        expect(ours.stringToSign).toBe(canonical);
        expect(ours.headers.authorization).toBe(ali.authorization(cred.accessKeyId, cred.accessKeySecret, canonical));
        expect(v1CanonicalizedResource(input).startsWith(resource)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
    expect(runs).toBe(NUM_RUNS);
  });

  it("V1 presigned signature equals ali-oss _signatureForURL", () => {
    let runs = 0;
    fc.assert(
      fc.property(request, credentials, fc.integer({ min: 1e9, max: 4e9 }), (req, cred, expires) => {
        runs++;
        const input = deepFreeze(req);
        const ours = presignV1Steps(input, cred, expires);
        const options: Record<string, unknown> = {
          method: input.method,
          subResource: { ...signedSubresources(input.query) },
          ...input.headers,
          ...(cred.securityToken ? { "security-token": cred.securityToken } : {}),
        };
        const theirs = ali._signatureForURL(cred.accessKeySecret, options, `/${input.bucket}/${input.key}`, expires);
        expect(ours.query.Signature).toBe(theirs.Signature);
        expect(ours.query.Expires).toBe(String(expires));
        expect(ours.query["security-token"]).toBe(cred.securityToken);
      }),
      { numRuns: NUM_RUNS },
    );
    expect(runs).toBe(NUM_RUNS);
  });

  it("V4 header signature equals ali-oss getCanonicalRequest + authorizationV4", () => {
    let runs = 0;
    fc.assert(
      fc.property(request, credentials, date, (req, cred, when) => {
        fc.pre(sameOrderAsAliOss(Object.keys(req.query)));
        runs++;
        const input = deepFreeze(req);
        const ours = signV4Steps(input, cred, when);
        const wire = { ...input.headers, ...ours.headers };
        delete wire.authorization;
        const queries = aliV4Queries(input.query);
        const fixed = ali.fixAdditionalHeaders(input.additionalHeaders);
        const canonical = ali.getCanonicalRequest(input.method, { headers: wire, queries }, input.bucket, input.key, fixed);
        expect(ours.canonicalRequest).toBe(canonical);
        const theirs = ali.authorizationV4(cred.accessKeyId, cred.accessKeySecret, input.region, input.method, { headers: wire, queries }, input.bucket, input.key, input.additionalHeaders);
        expect(ours.headers.authorization).toBe(theirs);
        expect(ours.headers["x-oss-security-token"]).toBe(cred.securityToken);
      }),
      { numRuns: NUM_RUNS },
    );
    expect(runs).toBe(NUM_RUNS);
  });

  describe("V4 presigned URL equals the ali-oss client's signatureUrlV4", () => {
    // signatureUrlV4 reads `new Date()`; only Date is faked, and only for this block.
    beforeEach(() => jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask", "setImmediate", "setTimeout", "setInterval", "clearTimeout", "clearInterval", "clearImmediate"] }));
    afterEach(() => jest.useRealTimers());
    // ali-oss warns on every client built with an STS token and no refresh callback.
    beforeEach(() => jest.spyOn(console, "warn").mockImplementation(() => undefined));
    afterEach(() => jest.restoreAllMocks());

    it("on random requests", async () => {
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(request, credentials, date, fc.integer({ min: 1, max: 604800 }), async (req, cred, when, expires) => {
          const queryKeys = [...Object.keys(req.query), "x-oss-additional-headers", "x-oss-credential", "x-oss-date", "x-oss-expires", "x-oss-signature-version", "x-oss-security-token"];
          fc.pre(sameOrderAsAliOss(queryKeys));
          runs++;
          const input = deepFreeze(req);
          const ours = presignV4(input, cred, when, expires);
          jest.setSystemTime(when);
          const client = new AliOss({
            region: `oss-${input.region}`,
            bucket: input.bucket,
            accessKeyId: cred.accessKeyId,
            accessKeySecret: cred.accessKeySecret,
            ...(cred.securityToken ? { stsToken: cred.securityToken } : {}),
          });
          const url = new URL(
            await client.signatureUrlV4(
              input.method,
              expires,
              { headers: { ...input.headers }, queries: aliV4Queries(input.query) },
              input.key,
              // A presigned request gets no Date from us; ali-oss throws on a listed header that is absent.
              presentOnly(input.additionalHeaders, input.headers),
            ),
          );
          expect(url.searchParams.get("x-oss-date")).toBe(formatV4Date(when));
          expect(ours["x-oss-date"]).toBe(formatV4Date(when));
          expect(ours["x-oss-credential"]).toBe(url.searchParams.get("x-oss-credential"));
          expect(ours["x-oss-additional-headers"] ?? null).toBe(url.searchParams.get("x-oss-additional-headers"));
          expect(ours["x-oss-security-token"] ?? null).toBe(url.searchParams.get("x-oss-security-token"));
          expect(ours["x-oss-signature"]).toBe(url.searchParams.get("x-oss-signature"));
        }),
        { numRuns: NUM_RUNS },
      );
      expect(runs).toBe(NUM_RUNS);
    });
  });
});
