/**
 * Property-based: the local server accepts every request our client signs, and rejects any
 * single-byte change to a signed component.
 *
 * 1. Round trip: random requests (Unicode keys with `+ % ? # ~ * space`, CJK, emoji, control
 *    characters, `..`/`.` segments; random x-oss-meta-* headers, Latin-1 values included; STS or
 *    not; the symlink/acl/versionId sub-resources; ListObjectsV2 parameters) are sent with the
 *    OSS client, V4 and V1. None may be refused by authentication, and what was written reads back.
 * 2. Tamper: the same kind of request is signed with the signer, sent with raw undici
 *    `Dispatcher.request` exactly as the client would, then resent with one byte of one
 *    component changed. What is signed decides the expected answer:
 *    - V4 signs x-oss-*, Content-Type, Content-MD5, the decoded path and every query parameter;
 *      V1 signs x-oss-*, Content-Type, Content-MD5, the Date line, the decoded path and only the
 *      signed sub-resources (acl, symlink, versionId, continuation-token, …). A change there is
 *      403 (SignatureDoesNotMatch; InvalidSecurityToken for the token), or 400/403 for a broken
 *      date or Authorization, or 400 when the new path/query is not valid percent-encoding.
 *    - V4's Date, Host, V1's unknown query parameters, and re-encodings that decode to the same
 *      bytes (`%E7` → `%e7`) are not signed: such a change must NOT be refused by authentication.
 */
import * as fc from "fast-check";
import { Client } from "undici";
import { createOssClient, type OssClient } from "../../provider/oss/client";
import { V1_SIGNED_SUBRESOURCES } from "../../provider/oss/constants";
import { encodeKeyPath, encodeSymlinkTarget, percentEncode } from "../../provider/oss/encoding";
import { OssError } from "../../provider/oss/ossError";
import { signV1 } from "../../provider/oss/signV1";
import { signV4 } from "../../provider/oss/signV4";
import type { Credentials, SignableRequest, SignatureVersion } from "../../provider/oss/types";
import { startLocalOss, type LocalOss } from "../../server";

const ROUND_TRIP_RUNS = 200;
const TAMPER_RUNS = 300;
const TOKEN = "STS.reliability-token-c0ffee/+=";
const BUCKET = "relprop";
const VBUCKET = "relpropv";
/** InvalidArgument names that come from the signature check, not from a handler. */
const AUTH_ARGUMENTS = new Set(["Authorization", "Credential", "x-oss-date", "x-oss-content-sha256", "x-oss-signature"]);
const AUTH_CODES = new Set(["SignatureDoesNotMatch", "AccessDenied", "InvalidAccessKeyId", "InvalidSecurityToken", "RequestTimeTooSkewed"]);

let oss: LocalOss;
let raw: Client;
const clients = new Map<string, OssClient>();
const counts: Record<string, number> = {};
function count(what: string): void {
  counts[what] = (counts[what] ?? 0) + 1;
}

beforeAll(async () => {
  oss = await startLocalOss({ buckets: [BUCKET], versionedBuckets: [VBUCKET], securityToken: TOKEN });
  raw = new Client(oss.endpoint, { pipelining: 1 });
});
afterAll(async () => {
  for (const c of clients.values()) await c.close();
  await raw.close();
  await oss.close();
  process.stdout.write(`signatureProperties counts: ${JSON.stringify(counts)}\n`);
});

function credentials(sts: boolean): Credentials {
  return sts
    ? { accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret, securityToken: TOKEN }
    : { accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret };
}

function clientFor(version: SignatureVersion, sts: boolean): OssClient {
  const id = `${version}/${sts}`;
  let c = clients.get(id);
  if (c === undefined) {
    c = createOssClient({ region: oss.region, endpoint: oss.endpoint, signatureVersion: version, credentials: credentials(sts), maxAttempts: 1 });
    clients.set(id, c);
  }
  return c;
}

// ---- arbitraries ----------------------------------------------------------------------------

const SPECIAL = ["+", "%", "?", "#", "~", "*", " ", "!", "'", "(", ")", "&", "=", ";", ":", "@", "$", ",", "\\", "\"", "<", ">", "[", "]", "{", "}", "|", "^", "`", "%2F", "%25", "+%20"];
const codePoint = (lo: number, hi: number): fc.Arbitrary<string> => fc.integer({ min: lo, max: hi }).map((n) => String.fromCodePoint(n));
const keyChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(..."abcXYZ019-_.".split("")) },
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 2, arbitrary: codePoint(0x4e00, 0x9fff) }, // CJK
  { weight: 2, arbitrary: codePoint(0x1f300, 0x1faff) }, // emoji (surrogate pairs in UTF-16)
  { weight: 1, arbitrary: codePoint(0x80, 0x7ff) }, // two-byte UTF-8
  { weight: 1, arbitrary: fc.constantFrom("\t", "\f", "\u0001", "\u007f") }, // control characters
  { weight: 1, arbitrary: codePoint(0xe000, 0xfffd) }, // BMP above the surrogates
);
const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom("..", ".", "") },
  { weight: 5, arbitrary: fc.array(keyChar, { minLength: 1, maxLength: 8 }).map((a) => a.join("")) },
);
const objectKey: fc.Arbitrary<string> = fc
  .array(segment, { minLength: 1, maxLength: 5 })
  .map((s) => s.join("/"))
  .filter((k) => k !== "" && !k.startsWith("/") && !k.startsWith("\\") && Buffer.byteLength(k, "utf8") <= 1023);

const printable = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((n) => String.fromCharCode(n)), minLength: min, maxLength: max });
/** Header-safe value: printable ASCII with inner spaces, optionally Latin-1 (0x80-0xff), trimmed. */
const metaValue = (latin1: boolean): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)) },
      { weight: latin1 ? 2 : 0, arbitrary: fc.integer({ min: 0xa0, max: 0xff }).map((n) => String.fromCharCode(n)) },
    ),
    maxLength: 24,
  }).map((s) => s.trim());
const metaName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,11}$/);
const metadata = (latin1: boolean): fc.Arbitrary<Record<string, string>> =>
  fc.dictionary(metaName, metaValue(latin1), { maxKeys: 4 });
const acl = fc.constantFrom("default", "private", "public-read", "public-read-write" as const);
const versionIdArb = fc.oneof(printable(1, 20), fc.array(keyChar, { minLength: 1, maxLength: 6 }).map((a) => a.join("")));

// ---- 1. round trip through the client ------------------------------------------------------

function authRefusal(err: unknown): string | undefined {
  if (err instanceof OssError && AUTH_CODES.has(err.code)) return `${err.code}: ${err.message}`;
  if (err instanceof OssError && err.code === "InvalidArgument" && /Authorization|x-oss-date|Credential/.test(err.message)) return err.message;
  return undefined;
}

async function expectCode(p: Promise<unknown>, codes: string[]): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  if (err === undefined) return; // success is fine too
  expect(authRefusal(err)).toBeUndefined();
  expect(codes).toContain((err as OssError).code);
}

describe.each(["v4", "v1"] as const)("client round trip, %s", (version) => {
  test(`the server accepts whatever the client signs (numRuns ${ROUND_TRIP_RUNS})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          key: objectKey,
          target: objectKey,
          meta: metadata(true),
          acl,
          versioned: fc.boolean(),
          sts: fc.boolean(),
          versionId: versionIdArb,
          startAfter: fc.option(objectKey, { nil: undefined }),
          contentType: fc.option(fc.constantFrom("text/plain", "application/x-symlink; charset=utf-8"), { nil: undefined }),
        }),
        async (r) => {
          count(`roundTrip.${version}`);
          const c = clientFor(version, r.sts);
          const bucket = r.versioned ? VBUCKET : BUCKET;
          const put = await c.putSymlink({
            bucket, key: r.key, target: r.target, metadata: r.meta, acl: r.acl,
            ...(r.contentType !== undefined ? { contentType: r.contentType } : {}),
          }).catch((e: unknown) => e);
          expect(authRefusal(put)).toBeUndefined();
          expect(put).not.toBeInstanceOf(Error);

          const link = await c.getSymlink({ bucket, key: r.key });
          expect(link.target).toBe(r.target);
          expect(link.metadata).toEqual(r.meta);
          if (r.contentType !== undefined) expect(link.contentType).toBe(r.contentType);
          expect((await c.getObjectAcl({ bucket, key: r.key })).acl).toBe(r.acl);
          if (r.versioned) {
            const byVersion = await c.getSymlink({ bucket, key: r.key, versionId: (put as { versionId: string }).versionId });
            expect(byVersion.target).toBe(r.target);
          }
          // an arbitrary version id is signed too (decoded, as a sub-resource in V1)
          await expectCode(c.getSymlink({ bucket: VBUCKET, key: r.key, versionId: r.versionId }), ["NoSuchVersion", "NoSuchKey"]);
          await expectCode(c.getObjectAcl({ bucket: VBUCKET, key: r.key, versionId: r.versionId }), ["NoSuchVersion", "NoSuchKey"]);
          const listed = await c.listObjectsV2({ bucket, prefix: r.key, maxKeys: 5, ...(r.startAfter !== undefined ? { startAfter: r.startAfter } : {}) });
          if (r.startAfter === undefined || Buffer.compare(Buffer.from(r.startAfter), Buffer.from(r.key)) < 0) {
            expect(listed.objects.map((o) => o.key)).toContain(r.key);
          }
          const head = await c.headObject({ bucket, key: r.key }).catch((e: unknown) => e);
          expect(authRefusal(head)).toBeUndefined(); // SymlinkTargetNotExist is fine
          await c.deleteObject({ bucket, key: r.key });
        },
      ),
      { numRuns: ROUND_TRIP_RUNS },
    );
  });
});

// ---- 2. single-byte tampering ----------------------------------------------------------------

interface WireRequest {
  method: "GET" | "PUT";
  path: string;
  headers: Record<string, string>;
}

interface Answer {
  status: number;
  code: string | undefined;
  /** `ArgumentName` of an InvalidArgument, to tell an authentication refusal from a handler's. */
  argument?: string;
}

async function sendRaw(w: WireRequest): Promise<Answer> {
  const res = await raw.request({ path: w.path, method: w.method, headers: w.headers, body: w.method === "PUT" ? "" : null });
  const text = await res.body.text();
  const argument = /<ArgumentName>([^<]*)<\/ArgumentName>/.exec(text)?.[1];
  const answer: Answer = { status: res.statusCode, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] };
  if (argument !== undefined) answer.argument = argument;
  return answer;
}

function encodeQuery(query: Record<string, string | null>): string {
  const parts = Object.entries(query).map(([k, v]) => (v === null ? percentEncode(k, false) : `${percentEncode(k, false)}=${percentEncode(v, false)}`));
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

/** Signs like the client does (client.ts `attempt`) and lays the request out as it goes on the wire. */
function wire(version: SignatureVersion, r: SignableRequest & { method: "GET" | "PUT"; bucket: string }, sts: boolean): WireRequest {
  const sign = version === "v4" ? signV4 : signV1;
  const signed = sign(r, credentials(sts), new Date());
  const path = `/${r.bucket}/${r.key !== undefined ? encodeKeyPath(r.key) : ""}${encodeQuery(r.query)}`;
  return { method: r.method, path, headers: { ...r.headers, ...signed, host: `127.0.0.1:${oss.port}` } };
}

type Outcome = "accepted" | "signatureMismatch" | "badEncoding" | "token" | "payloadHash" | "dateOrAuth";

/** What the server sees of a request target: decoded path and query list, or undefined if undecodable. */
function serverView(target: string): { path: string; query: Array<[string, string | null]> } | undefined {
  const hash = target.indexOf("#");
  const t = hash >= 0 ? target.slice(0, hash) : target;
  const q = t.indexOf("?");
  try {
    const path = decodeURIComponent(q >= 0 ? t.slice(0, q) : t);
    const query: Array<[string, string | null]> = [];
    if (q >= 0) {
      for (const part of t.slice(q + 1).split("&")) {
        if (part === "") continue;
        const eq = part.indexOf("=");
        const k = decodeURIComponent(eq >= 0 ? part.slice(0, eq) : part);
        const v = eq >= 0 ? decodeURIComponent(part.slice(eq + 1)) : null;
        query.push([k, v === "" ? null : v]);
      }
    }
    return { path, query };
  } catch {
    return undefined;
  }
}

/** The part of the view the signature covers: all parameters (V4) or the signed sub-resources (V1). */
function signedView(version: SignatureVersion, v: { path: string; query: Array<[string, string | null]> }): string {
  const query = v.query
    .filter(([k]) => version === "v4" || V1_SIGNED_SUBRESOURCES.has(k) || k.startsWith("x-oss-"))
    .map(([k, val]) => `${k}=${val ?? ""}`)
    .sort();
  return JSON.stringify([v.path, query]);
}

function expectedFor(version: SignatureVersion, component: string, before: WireRequest, after: WireRequest): Outcome {
  switch (component) {
    case "authorization": return "dateOrAuth";
    case "x-oss-security-token": return "token";
    case "x-oss-content-sha256": return "payloadHash";
    case "x-oss-date": return "dateOrAuth";
    case "date": return version === "v1" ? "dateOrAuth" : "accepted";
    case "host": return "accepted";
    case "path":
    case "query": {
      const a = serverView(after.path);
      if (a === undefined) return "badEncoding";
      const b = serverView(before.path) as NonNullable<ReturnType<typeof serverView>>;
      return signedView(version, a) === signedView(version, b) ? "accepted" : "signatureMismatch";
    }
    default: return "signatureMismatch"; // another signed header: x-oss-*, content-type
  }
}

/** `exact`: the change cannot alter what the request does (Host, V4 Date), so the answer must be the baseline's. */
function check(outcome: Outcome, got: Answer, baseline: Answer, exact: boolean): void {
  switch (outcome) {
    case "accepted":
      if (exact) expect([got.status, got.code]).toEqual([baseline.status, baseline.code]);
      expect(got.status).not.toBe(403);
      expect(AUTH_CODES.has(got.code ?? "")).toBe(false);
      if (got.code === "InvalidArgument") expect(AUTH_ARGUMENTS.has(got.argument ?? "")).toBe(false);
      return;
    case "signatureMismatch":
      expect([got.status, got.code]).toEqual([403, "SignatureDoesNotMatch"]);
      return;
    case "token":
      expect([got.status, got.code]).toEqual([403, "InvalidSecurityToken"]);
      return;
    case "payloadHash":
      expect([got.status, got.code, got.argument]).toEqual([400, "InvalidArgument", "x-oss-content-sha256"]);
      return;
    case "badEncoding":
      expect(got.status).toBe(400);
      expect(["InvalidObjectName", "InvalidURI"]).toContain(got.code);
      return;
    case "dateOrAuth":
      if (got.status === 400) expect(got.code).toBe("InvalidArgument");
      else expect([403, got.code]).toEqual([403, expect.stringMatching(/^(SignatureDoesNotMatch|InvalidAccessKeyId|AccessDenied|RequestTimeTooSkewed)$/)]);
      return;
  }
}

/** Components a mutation may hit: every header but the framing ones, the path and the query. */
function components(w: WireRequest): string[] {
  const names = Object.keys(w.headers).filter((n) => !["content-length", "connection", "transfer-encoding"].includes(n));
  const out = [...names, "path"];
  if (w.path.includes("?")) out.push("query");
  return out;
}

function replaceAt(s: string, i: number, c: string): string {
  return s.slice(0, i) + c + s.slice(i + 1);
}

/** Changes one byte of `component`; `pos` and `byte` pick where and what (printable ASCII, never the same). */
function mutate(w: WireRequest, component: string, pos: number, byte: number): WireRequest | undefined {
  const pick = (original: string): string => {
    let b = 0x21 + (byte % 94);
    if (String.fromCharCode(b) === original) b = 0x21 + ((b - 0x21 + 1) % 94);
    return String.fromCharCode(b);
  };
  if (component === "path" || component === "query") {
    const q = w.path.indexOf("?");
    // never the leading "/" nor the "?" itself: the first keeps the request line valid, the
    // second is the boundary between the two components
    const [from, to] = component === "path" ? [1, q >= 0 ? q : w.path.length] : [q + 1, w.path.length];
    if (to <= from) return undefined;
    const i = from + (pos % (to - from));
    return { ...w, path: replaceAt(w.path, i, pick(w.path[i] as string)) };
  }
  const value = w.headers[component] as string;
  if (component === "host") {
    // digits only, so the mutated Host stays something the server can route
    const digits = [...value].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 0);
    const i = digits[pos % digits.length] as number;
    const d = String((Number(value[i]) + 1 + (byte % 9)) % 10);
    return { ...w, headers: { ...w.headers, host: replaceAt(value, i, d) } };
  }
  if (value.length === 0) return undefined;
  // Header values are single-byte here (ASCII); Latin-1 values are covered by the round trip.
  const i = pos % value.length;
  return { ...w, headers: { ...w.headers, [component]: replaceAt(value, i, pick(value[i] as string)) } };
}

/** A random request of one of the operations, with what it needs on the server. */
const operation = fc.record({
  op: fc.constantFrom("PutSymlink", "GetSymlink", "GetObjectACL", "ListObjectsV2"),
  key: objectKey,
  target: objectKey,
  meta: metadata(false),
  acl,
  versionId: versionIdArb,
  withContentType: fc.boolean(),
  token: fc.option(objectKey, { nil: undefined }),
  sts: fc.boolean(),
});

interface OperationCase {
  op: string;
  key: string;
  target: string;
  meta: Record<string, string>;
  acl: string;
  versionId: string;
  withContentType: boolean;
  token: string | undefined;
}

function describeOp(r: OperationCase): SignableRequest & { method: "GET" | "PUT"; bucket: string } {
  const region = oss.region;
  switch (r.op) {
    case "PutSymlink": {
      const headers: Record<string, string> = { "x-oss-symlink-target": encodeSymlinkTarget(r.target), "x-oss-object-acl": r.acl };
      for (const [k, v] of Object.entries(r.meta)) headers[`x-oss-meta-${k}`] = v;
      if (r.withContentType) headers["content-type"] = "text/plain";
      return { method: "PUT", bucket: BUCKET, key: r.key, query: { symlink: null }, headers, region };
    }
    case "GetSymlink":
      return { method: "GET", bucket: VBUCKET, key: r.key, query: { symlink: null, versionId: r.versionId }, headers: {}, region };
    case "GetObjectACL":
      return { method: "GET", bucket: BUCKET, key: r.key, query: { acl: null }, headers: {}, region };
    default: {
      // prefix and start-after are not V1 sub-resources; continuation-token is
      const query: Record<string, string | null> = { "list-type": "2", prefix: r.key, "start-after": r.target };
      if (r.token !== undefined) query["continuation-token"] = Buffer.from(r.token, "utf8").toString("base64url");
      return { method: "GET", bucket: BUCKET, query, headers: {}, region };
    }
  }
}

async function tamperOnce(version: SignatureVersion, w: WireRequest, baseline: Answer, component: string, pos: number, byte: number): Promise<void> {
  const changed = mutate(w, component, pos, byte);
  if (changed === undefined) return;
  const outcome = expectedFor(version, component, w, changed);
  const category = ["path", "query", "authorization", "date", "x-oss-date", "host", "x-oss-security-token", "x-oss-content-sha256"].includes(component)
    ? component
    : component.startsWith("x-oss-meta-") ? "x-oss-meta-*" : component;
  count(`tamper.${version}.${category}.${outcome}`);
  const got = await sendRaw(changed);
  try {
    check(outcome, got, baseline, component === "host" || component === "date");
  } catch (e) {
    throw new Error(`${version} ${component}: ${JSON.stringify(w.path)} / ${JSON.stringify(w.headers[component] ?? "")} → ${JSON.stringify(changed.path)} / ${JSON.stringify(changed.headers[component] ?? "")}; expected ${outcome}, got ${JSON.stringify(got)}\n${(e as Error).message}`);
  }
}

async function baselineOf(w: WireRequest): Promise<Answer> {
  const baseline = await sendRaw(w);
  // the unmodified request passes authentication (NoSuchKey/NoSuchVersion are fine)
  expect([baseline.status, AUTH_CODES.has(baseline.code ?? "")]).toEqual([expect.any(Number), false]);
  expect(baseline.status === 200 || baseline.status === 404).toBe(true);
  return baseline;
}

describe.each(["v4", "v1"] as const)("single-byte tampering, %s", (version) => {
  test(`one changed byte in a signed component is refused; unsigned changes are not (numRuns ${TAMPER_RUNS})`, async () => {
    await fc.assert(
      fc.asyncProperty(operation, fc.nat(), fc.nat(), fc.nat({ max: 93 }), async (r, which, pos, byte) => {
        const w = wire(version, describeOp(r), r.sts);
        const baseline = await baselineOf(w);
        const list = components(w);
        await tamperOnce(version, w, baseline, list[which % list.length] as string, pos, byte);
      }),
      { numRuns: TAMPER_RUNS },
    );
  });

  test("exhaustive sweep: every byte of every component of one PutSymlink and one GetSymlink", async () => {
    const requests = [
      describeOp({ op: "PutSymlink", key: "目录/a b+c%~*#?/../😀.txt", target: "dir/目标 +%.txt", meta: { author: "alice smith", n: "42" }, acl: "private", versionId: "", withContentType: true, token: undefined }),
      describeOp({ op: "GetSymlink", key: "k/./x", target: "", meta: {}, acl: "default", versionId: "CAEQ v+%/中", withContentType: false, token: undefined }),
    ];
    for (const r of requests) {
      for (const sts of [false, true]) {
        const w = wire(version, r, sts);
        const baseline = await baselineOf(w);
        for (const component of components(w)) {
          const length = component === "path" || component === "query" ? w.path.length : (w.headers[component] as string).length;
          for (let pos = 0; pos < length; pos++) {
            // two different replacement bytes per position
            await tamperOnce(version, w, baseline, component, pos, pos * 7);
            await tamperOnce(version, w, baseline, component, pos, pos * 7 + 50);
            // a hex digit of an escape in another case decodes to the same bytes: not a change
            // of anything signed, so it must pass (the server re-encodes strictly)
            if (component === "path" || component === "query") {
              const q = w.path.indexOf("?");
              const from = component === "path" ? 1 : q + 1;
              const inComponent = component === "path" ? pos >= 1 && (q < 0 || pos < q) : q >= 0 && pos > q;
              const c = w.path[pos] as string;
              const inEscape = w.path[pos - 1] === "%" || w.path[pos - 2] === "%";
              if (inComponent && inEscape && /[A-F]/.test(c)) {
                await tamperOnce(version, w, baseline, component, pos - from, c.toLowerCase().charCodeAt(0) - 0x21);
              }
            }
          }
        }
      }
    }
  });
});
