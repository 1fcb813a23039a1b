/**
 * Verifies an RPC-style signed STS request: common parameters, timestamp window, nonce reuse,
 * AccessKeyId (a configured pair, or temporary credentials with their SecurityToken), and the
 * HMAC-SHA1 signature over query and form parameters together
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism).
 */
import { timingSafeEqual } from "node:crypto";
import { rpcSignature, rpcStringToSign } from "./rpcSignature";
import { stsErrors } from "./stsErrors";
import type { TemporaryCredentialLookup } from "./temporaryCredentials";

const MAX_SKEW_MS = 15 * 60 * 1000;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks shared by every action: Version, Format. */
export function checkCommonParameters(params: Readonly<Record<string, string>>): void {
  if (params.Version !== "2015-04-01") throw stsErrors.invalidVersion();
  if (params.Format !== undefined && params.Format.toUpperCase() !== "JSON") throw stsErrors.formatNotSupported();
}

/** Timestamp: `YYYY-MM-DDThh:mm:ssZ` within 15 minutes of `now`. */
export function checkTimestamp(raw: string | undefined, now: number): void {
  if (raw === undefined || raw === "") throw stsErrors.missingParameter("Timestamp");
  const m = TIMESTAMP.exec(raw);
  const t = m ? Date.parse(raw) : NaN;
  if (Number.isNaN(t)) throw stsErrors.timestampFormat();
  if (Math.abs(now - t) > MAX_SKEW_MS) throw stsErrors.timestampExpired();
}

/** What signing checks need besides the request. */
interface RpcVerifyContext {
  accessKeys: Readonly<Record<string, string>>;
  temporary: TemporaryCredentialLookup;
  usedNonces: Set<string>;
  now: number;
}

/**
 * Verifies the signature of `params` (query and form merged, `Signature` included) sent with
 * `method`. Returns the caller's AccessKeyId.
 */
export function verifyRpcSignature(method: string, params: Readonly<Record<string, string>>, ctx: RpcVerifyContext): string {
  const { AccessKeyId: accessKeyId, Signature: signature, SignatureMethod: sigMethod, SignatureVersion: sigVersion, SignatureNonce: nonce } = params;
  if (accessKeyId === undefined || accessKeyId === "" || signature === undefined || signature === "") throw stsErrors.incompleteSignature();
  if (sigMethod !== "HMAC-SHA1" || sigVersion !== "1.0") throw stsErrors.unsupportedSignatureMethod();
  if (nonce === undefined || nonce === "") throw stsErrors.missingParameter("SignatureNonce");
  checkTimestamp(params.Timestamp, ctx.now);
  let secret = ctx.accessKeys[accessKeyId];
  if (secret === undefined) {
    const temp = ctx.temporary.lookup(accessKeyId);
    if (temp === undefined) throw stsErrors.accessKeyNotFound();
    const token = params.SecurityToken;
    if (token === undefined || token === "") throw stsErrors.missingSecurityToken();
    if (!same(token, temp.securityToken)) throw stsErrors.securityTokenMismatch();
    if (ctx.now >= temp.expiresAt) throw stsErrors.securityTokenExpired();
    secret = temp.accessKeySecret;
  }
  const stringToSign = rpcStringToSign(method, params);
  if (!same(rpcSignature(secret, stringToSign), signature)) {
    // STS echoes its string to sign; a caller's security token in it would be a secret in an error.
    const shown = params.SecurityToken === undefined ? stringToSign : rpcStringToSign(method, { ...params, SecurityToken: "***" });
    throw stsErrors.signatureDoesNotMatch(shown);
  }
  // A nonce counts once the request is authentic, so a forged request cannot burn a real one.
  if (ctx.usedNonces.has(nonce)) throw stsErrors.nonceUsed();
  ctx.usedNonces.add(nonce);
  return accessKeyId;
}
