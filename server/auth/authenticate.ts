/**
 * Decides who sent a request: the owner (a valid V1/V4 signature, header or presigned, with the
 * configured keys and optional STS token, or with unexpired temporary credentials the local STS issued) or an anonymous caller (no signature at all). Any
 * signature that fails throws the OSS error a real service would answer with.
 */
import { timingSafeEqual } from "node:crypto";
import { OssServerError, errors } from "../errors";
import type { OssRequest, QueryParam } from "../request";
import type { SessionPolicy } from "../sts/sessionPolicy";
import type { TemporaryCredentialLookup } from "../sts/temporaryCredentials";
import { isoBasic, isoMillis, parseHttpDate, parseIsoBasic } from "./times";
import { v1Signature, v1StringToSign } from "./verifyV1";
import { v4CanonicalRequest, v4Signature, v4SigningKey, v4StringToSign, type V4Input } from "./verifyV4";

/** Credentials and policy the verifier checks against. */
export interface AuthConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, requests carrying this STS token (with the keys above) are accepted too. */
  securityToken?: string;
  /** The only region accepted in a V4 scope. */
  region: string;
  /**
   * Temporary credentials issued by the local STS endpoint or credentials-URI server
   * (server/sts/): accepted with their own secret and security token until they expire.
   */
  temporaryCredentials?: TemporaryCredentialLookup;
}

/** Who is calling. */
export type Principal = "owner" | "anonymous";

/** The principal, and for temporary credentials issued with a session policy, that policy. */
export interface Caller {
  principal: Principal;
  sessionPolicy?: SessionPolicy;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const V4_ALGORITHM = "OSS4-HMAC-SHA256";
const V4_TERMINATOR = "aliyun_v4_request";

function hexBytes(s: string): string {
  return [...Buffer.from(s, "utf8")].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The secret that must have signed a request from `accessKeyId` carrying `token`: the configured
 * pair's, or a temporary one's while it is unexpired and sent with its own security token
 * (expired STS credentials: EC 0002-00000007, https://www.alibabacloud.com/help/en/oss/support/0002-00000007).
 */
function secretFor(req: OssRequest, cfg: AuthConfig, accessKeyId: string, token: string | undefined): string {
  if (accessKeyId === cfg.accessKeyId) {
    if (token !== undefined && (cfg.securityToken === undefined || !same(token, cfg.securityToken))) {
      throw errors.invalidSecurityToken();
    }
    return cfg.accessKeySecret;
  }
  const temp = cfg.temporaryCredentials?.lookup(accessKeyId);
  if (temp === undefined) throw errors.invalidAccessKeyId(accessKeyId);
  if (token === undefined || !same(token, temp.securityToken)) throw errors.invalidSecurityToken();
  if (req.now >= temp.expiresAt) throw errors.securityTokenExpired(accessKeyId);
  return temp.accessKeySecret;
}

function checkSkew(req: OssRequest, requestTime: number): void {
  if (Math.abs(req.now - requestTime) > MAX_SKEW_MS) {
    throw errors.requestTimeTooSkewed(isoMillis(requestTime), isoMillis(req.now));
  }
}

function mismatch(accessKeyId: string, provided: string, stringToSign: string, canonicalRequest?: string): OssServerError {
  const extras: Array<[string, string]> = [
    ["OSSAccessKeyId", accessKeyId],
    ["SignatureProvided", provided],
    ["StringToSign", stringToSign],
    ["StringToSignBytes", hexBytes(stringToSign)],
  ];
  if (canonicalRequest !== undefined) {
    extras.push(["CanonicalRequest", canonicalRequest], ["CanonicalRequestBytes", hexBytes(canonicalRequest)]);
  }
  return errors.signatureDoesNotMatch(extras);
}

function verifyV1Header(req: OssRequest, bucket: string | undefined, key: string | undefined, cfg: AuthConfig, auth: string): string {
  const body = auth.slice(4).trim();
  const colon = body.lastIndexOf(":");
  if (colon <= 0) throw errors.invalidArgument("Authorization header is invalid.", "Authorization", auth.slice(0, 3));
  const accessKeyId = body.slice(0, colon);
  const provided = body.slice(colon + 1);
  const secret = secretFor(req, cfg, accessKeyId, req.headers["x-oss-security-token"]);
  // SDKs (Python-v2, ali-oss) sign `x-oss-date` when they send it, so it wins over Date.
  const dateLine = req.headers["x-oss-date"] ?? req.headers["date"];
  const time = dateLine === undefined ? undefined : parseHttpDate(dateLine);
  if (dateLine === undefined || time === undefined) throw errors.accessDenied("OSS authentication requires a valid Date.", "0002-00000011");
  checkSkew(req, time);
  const sts = v1StringToSign({ method: req.method, headers: req.headers, date: dateLine, bucket, key, query: req.queryList });
  if (!same(v1Signature(secret, sts), provided)) throw mismatch(accessKeyId, provided, sts);
  return accessKeyId;
}

function verifyV1Query(req: OssRequest, bucket: string | undefined, key: string | undefined, cfg: AuthConfig): string {
  const accessKeyId = req.query.get("OSSAccessKeyId") ?? "";
  const provided = req.query.get("Signature") ?? "";
  const expires = req.query.get("Expires") ?? "";
  const secret = secretFor(req, cfg, accessKeyId, req.query.get("security-token"));
  if (!/^\d+$/.test(expires)) throw errors.accessDenied("Expires is not a valid unix time.", "0002-00000068");
  if (req.now > Number(expires) * 1000) throw errors.accessDenied("Request has expired.", "0002-00000069");
  const sts = v1StringToSign({ method: req.method, headers: req.headers, date: expires, bucket, key, query: req.queryList });
  if (!same(v1Signature(secret, sts), provided)) throw mismatch(accessKeyId, provided, sts);
  return accessKeyId;
}

interface V4Parts {
  accessKeyId: string;
  day: string;
  region: string;
  product: string;
  additional: string[];
  signature: string;
}

function parseCredential(credential: string, additional: string[], signature: string): V4Parts {
  const parts = credential.split("/");
  if (parts.length < 5 || parts[parts.length - 1] !== V4_TERMINATOR) {
    throw errors.invalidArgument("Invalid credential in Authorization.", "Credential", credential);
  }
  const n = parts.length;
  return {
    accessKeyId: parts.slice(0, n - 4).join("/"),
    day: parts[n - 4] as string,
    region: parts[n - 3] as string,
    product: parts[n - 2] as string,
    additional,
    signature,
  };
}

function checkScope(cfg: AuthConfig, p: V4Parts, isoDate: string): void {
  if (p.product !== "oss") throw errors.invalidArgument("Invalid product in credential scope.", "Credential", p.product);
  if (p.region !== cfg.region) {
    throw errors.invalidArgument(`Invalid signing region in credential scope: expected ${cfg.region}.`, "Credential", p.region);
  }
  if (p.day !== isoDate.slice(0, 8)) throw errors.invalidArgument("Credential date does not match the request date.", "Credential", p.day);
}

function verifyV4Signature(secret: string, p: V4Parts, isoDate: string, input: V4Input): void {
  const scope = `${p.day}/${p.region}/${p.product}/${V4_TERMINATOR}`;
  const signingKey = v4SigningKey(secret, p.day, p.region, p.product);
  const canonical = v4CanonicalRequest(input);
  const sts = v4StringToSign(isoDate, scope, canonical);
  if (same(v4Signature(signingKey, sts), p.signature)) return;
  // ali-oss signs a `k=` query parameter with its `=`; accept that form as a second reading.
  if (input.query.some((q) => q.value === "")) {
    const alt = v4StringToSign(isoDate, scope, v4CanonicalRequest({ ...input, emptyAsEquals: true }));
    if (same(v4Signature(signingKey, alt), p.signature)) return;
  }
  throw mismatch(p.accessKeyId, p.signature, sts, canonical);
}

/**
 * The signing time of a V4 header-signed request: `x-oss-date` when present, otherwise `Date`.
 * OSS needs one of the two (EC 0002-00000503) and checks the format of each (EC 0002-00000502).
 * With `Date` alone the signed timestamp is that instant in the ISO basic form every V4 signer
 * writes into the string to sign, and the scope day must be its day (docs/server.md).
 */
function v4HeaderTime(req: OssRequest): { isoDate: string; time: number } {
  const ossDate = req.headers["x-oss-date"];
  const date = req.headers["date"];
  if (ossDate !== undefined) {
    const time = parseIsoBasic(ossDate);
    if (time === undefined) {
      throw new OssServerError(400, "InvalidArgument", "x-oss-date must be in ISO 8601 basic format, e.g. 20221220T084818Z.", "0002-00000502",
        [["ArgumentName", "x-oss-date"], ["ArgumentValue", ossDate]]);
    }
    return { isoDate: ossDate.trim(), time };
  }
  if (date === undefined) {
    throw new OssServerError(400, "InvalidArgument", "The request carries neither an x-oss-date nor a Date header.", "0002-00000503",
      [["ArgumentName", "x-oss-date"], ["ArgumentValue", ""]]);
  }
  const time = parseHttpDate(date);
  if (time === undefined) {
    throw new OssServerError(400, "InvalidArgument", "Date must be an RFC 1123 GMT date, e.g. Tue, 20 Dec 2022 08:48:18 GMT.", "0002-00000502",
      [["ArgumentName", "Date"], ["ArgumentValue", date]]);
  }
  return { isoDate: isoBasic(time), time };
}

function verifyV4Header(req: OssRequest, bucket: string | undefined, key: string | undefined, cfg: AuthConfig, auth: string): string {
  const fields = new Map<string, string>();
  for (const item of auth.slice(V4_ALGORITHM.length).split(",")) {
    const eq = item.indexOf("=");
    if (eq > 0) fields.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential");
  const signature = fields.get("Signature");
  if (credential === undefined || signature === undefined || signature === "") {
    throw errors.invalidArgument("Authorization header is invalid: Credential and Signature are required.", "Authorization", V4_ALGORITHM);
  }
  const additional = fields.has("AdditionalHeaders") ? (fields.get("AdditionalHeaders") as string).split(";") : [];
  const p = parseCredential(credential, additional, signature);
  const secret = secretFor(req, cfg, p.accessKeyId, req.headers["x-oss-security-token"]);
  const { isoDate, time } = v4HeaderTime(req);
  const payload = req.headers["x-oss-content-sha256"];
  if (payload !== "UNSIGNED-PAYLOAD") {
    throw errors.invalidArgument("x-oss-content-sha256 must be UNSIGNED-PAYLOAD.", "x-oss-content-sha256", payload ?? "");
  }
  checkScope(cfg, p, isoDate.trim());
  checkSkew(req, time);
  verifyV4Signature(secret, p, isoDate.trim(), {
    method: req.method, bucket, key, query: req.queryList, headers: req.headers,
    additionalHeaders: p.additional, hashedPayload: payload,
  });
  return p.accessKeyId;
}

function verifyV4Query(req: OssRequest, bucket: string | undefined, key: string | undefined, cfg: AuthConfig): string {
  const credential = req.query.get("x-oss-credential") ?? "";
  const signature = req.query.get("x-oss-signature") ?? "";
  if (signature === "") throw errors.invalidArgument("x-oss-signature is required.", "x-oss-signature", "");
  const additional = (req.query.get("x-oss-additional-headers") ?? "").split(";").filter((s) => s !== "");
  const p = parseCredential(credential, additional, signature);
  const secret = secretFor(req, cfg, p.accessKeyId, req.query.get("x-oss-security-token"));
  const isoDate = req.query.get("x-oss-date") ?? "";
  const time = parseIsoBasic(isoDate);
  if (time === undefined) throw errors.invalidArgument("x-oss-date is missing or malformed.", "x-oss-date", isoDate);
  const expiresRaw = req.query.get("x-oss-expires") ?? "";
  const expires = /^\d+$/.test(expiresRaw) ? Number(expiresRaw) : NaN;
  if (!(expires >= 1 && expires <= 604800)) {
    throw errors.invalidArgument("x-oss-expires must be between 1 and 604800 seconds.", "x-oss-expires", expiresRaw);
  }
  checkScope(cfg, p, isoDate);
  if (req.now > time + expires * 1000) throw errors.accessDenied("Request has expired.", "0002-00000069");
  if (time - req.now > MAX_SKEW_MS) throw errors.requestTimeTooSkewed(isoMillis(time), isoMillis(req.now));
  const query: QueryParam[] = req.queryList.filter((q) => q.key !== "x-oss-signature");
  verifyV4Signature(secret, p, isoDate, {
    method: req.method, bucket, key, query, headers: req.headers,
    additionalHeaders: p.additional, hashedPayload: "UNSIGNED-PAYLOAD",
  });
  return p.accessKeyId;
}

/** Headers and query parameters that carry signature material (docs/oss.md §4.2, §4.3). */
const SIGNATURE_HEADERS = ["authorization", "date", "x-oss-date", "x-oss-security-token", "x-oss-content-sha256"] as const;
const SIGNATURE_PARAMS: ReadonlySet<string> = new Set([
  "OSSAccessKeyId", "Signature", "Expires", "security-token",
  "x-oss-signature-version", "x-oss-signature", "x-oss-credential", "x-oss-date", "x-oss-expires",
  "x-oss-additional-headers", "x-oss-security-token",
]);

/**
 * Refuses signature material sent twice. The verifier reads one copy (a header map keeps the
 * first or joins them, a query map keeps the last), while a proxy, a cache or a log may read the
 * other: a valid copy must never vouch for a request that also carries another one.
 */
function refuseDuplicates(req: OssRequest): void {
  for (const name of SIGNATURE_HEADERS) {
    if (req.repeatedHeaders.has(name)) throw errors.invalidArgument(`The ${name} header must be sent once.`, name, "");
  }
  const seen = new Set<string>();
  for (const { key } of req.queryList) {
    if (!SIGNATURE_PARAMS.has(key)) continue;
    if (seen.has(key)) throw errors.invalidArgument(`The ${key} query parameter must be sent once.`, key, "");
    seen.add(key);
  }
}

/**
 * Verifies the request's signature, if any, and returns the caller. Throws the OSS error
 * (InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed, AccessDenied, ...) otherwise.
 */
export function authenticate(req: OssRequest, bucket: string | undefined, key: string | undefined, cfg: AuthConfig): Caller {
  const accessKeyId = verifySignature(req, bucket, key, cfg);
  if (accessKeyId === undefined) return { principal: "anonymous" };
  const sessionPolicy = accessKeyId === cfg.accessKeyId ? undefined : cfg.temporaryCredentials?.lookup(accessKeyId)?.policy;
  return sessionPolicy === undefined ? { principal: "owner" } : { principal: "owner", sessionPolicy };
}

/** The AccessKeyId whose signature the request carries and that verified, or undefined for an unsigned request. */
function verifySignature(req: OssRequest, bucket: string | undefined, key: string | undefined, cfg: AuthConfig): string | undefined {
  refuseDuplicates(req);
  const auth = req.headers["authorization"];
  if (auth !== undefined && auth.trim() !== "") {
    const a = auth.trim();
    if (a.startsWith(V4_ALGORITHM + " ")) return verifyV4Header(req, bucket, key, cfg, a);
    if (a.startsWith("OSS ")) return verifyV1Header(req, bucket, key, cfg, a);
    throw errors.invalidArgument("Authorization header is invalid: unsupported scheme.", "Authorization", a.split(" ")[0] ?? "");
  }
  // Signature material must never fall through to anonymous access (where a public bucket
  // would serve it): a V4 presigned parameter without the V4 version is refused.
  if (req.query.has("x-oss-signature-version") || req.query.has("x-oss-signature") || req.query.has("x-oss-credential")) {
    const version = req.query.get("x-oss-signature-version");
    if (version !== V4_ALGORITHM) {
      throw errors.invalidArgument(`x-oss-signature-version must be ${V4_ALGORITHM}.`, "x-oss-signature-version", version ?? "");
    }
    return verifyV4Query(req, bucket, key, cfg);
  }
  if (req.query.has("OSSAccessKeyId") || req.query.has("Signature")) return verifyV1Query(req, bucket, key, cfg);
  return undefined;
}
