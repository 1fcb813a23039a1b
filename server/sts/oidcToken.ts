/**
 * Checks the OIDC token AssumeRoleWithOIDC receives: a compact JWS (three base64url parts) signed
 * RS256 or ES256 by the identity provider's key, whose `iss` is the provider's issuer, whose `aud`
 * names one of its client ids, and whose `exp` has not passed (error codes from
 * https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-errorcodes).
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { stsErrors } from "./stsErrors";

/** An OIDC identity provider registered with the local STS. */
export interface OidcProviderConfig {
  /** `acs:ram::<account>:oidc-provider/<name>`. */
  arn: string;
  /** Expected `iss` claim. */
  issuer: string;
  /** Accepted `aud` values. */
  clientIds: string[];
  /** The provider's public key (PEM, JWK object, or KeyObject). */
  publicKey: KeyObject | string | { [k: string]: unknown };
}

/** Claims the STS reply echoes in `OIDCTokenInfo`. */
export interface VerifiedOidcToken {
  issuer: string;
  subject: string;
  audiences: string[];
  issuedAt: number;
  expiresAt: number;
}

function decodePart(part: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) throw stsErrors.oidcTokenContent();
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    throw stsErrors.oidcTokenContent();
  }
}

function keyOf(k: OidcProviderConfig["publicKey"]): KeyObject {
  if (typeof k === "string") return createPublicKey(k);
  if ("asymmetricKeyType" in k && typeof (k as KeyObject).export === "function") return k as KeyObject;
  return createPublicKey({ key: k as import("node:crypto").JsonWebKey, format: "jwk" });
}

/**
 * Verifies `token` for `provider` at time `now` (epoch ms) and returns its claims, or throws the
 * STS error for the first check that fails.
 */
export function verifyOidcToken(token: string, provider: OidcProviderConfig, now: number): VerifiedOidcToken {
  if (token.trim() === "") throw stsErrors.oidcTokenEmpty();
  const parts = token.trim().split(".");
  if (parts.length !== 3) throw stsErrors.oidcTokenParts();
  const [h, p, s] = parts as [string, string, string];
  const header = decodePart(h) as { alg?: unknown };
  const claims = decodePart(p) as Record<string, unknown>;
  if (header === null || typeof header !== "object" || claims === null || typeof claims !== "object") throw stsErrors.oidcTokenContent();
  const alg = typeof header.alg === "string" ? header.alg : "";
  if (alg !== "RS256" && alg !== "ES256") throw stsErrors.oidcTokenAlgorithm(alg);
  const signature = Buffer.from(s, "base64url");
  const key = keyOf(provider.publicKey);
  const signed = Buffer.from(`${h}.${p}`, "ascii");
  const ok = alg === "RS256"
    ? verify("sha256", signed, key, signature)
    : verify("sha256", signed, { key, dsaEncoding: "ieee-p1363" }, signature);
  if (!ok) throw stsErrors.oidcTokenSignature();
  if (typeof claims.exp !== "number") throw stsErrors.oidcTokenContent();
  if (claims.exp * 1000 <= now) throw stsErrors.oidcTokenExpired();
  if (claims.iss !== provider.issuer) throw stsErrors.oidcTokenIssuer();
  const audiences = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud.filter((a): a is string => typeof a === "string") : [];
  if (!audiences.some((a) => provider.clientIds.includes(a))) throw stsErrors.oidcTokenAudience();
  return {
    issuer: provider.issuer,
    subject: typeof claims.sub === "string" ? claims.sub : "",
    audiences,
    issuedAt: typeof claims.iat === "number" ? claims.iat * 1000 : now,
    expiresAt: claims.exp * 1000,
  };
}
