/** verifyOidcToken on its own: both accepted algorithms, tampering, expiry and claim checks, at a fixed time. */
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { StsServerError, verifyOidcToken, type OidcProviderConfig } from "../../../server";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1" });

function jwt(alg: "RS256" | "ES256", key: KeyObject, claims: Record<string, unknown>): string {
  const h = Buffer.from(JSON.stringify({ alg, typ: "JWT" })).toString("base64url");
  const p = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const data = Buffer.from(`${h}.${p}`);
  const s = alg === "RS256" ? sign("sha256", data, key) : sign("sha256", data, { key, dsaEncoding: "ieee-p1363" });
  return `${h}.${p}.${s.toString("base64url")}`;
}

const claims = { iss: "https://issuer.example", aud: ["a", "sts.aliyuncs.com"], sub: "me", iat: NOW / 1000 - 60, exp: NOW / 1000 + 600 };
const provider = (publicKey: KeyObject): OidcProviderConfig => ({ arn: "acs:ram::1:oidc-provider/x", issuer: "https://issuer.example", clientIds: ["sts.aliyuncs.com"], publicKey });

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return err instanceof StsServerError ? err.code : `not an StsServerError: ${String(err)}`;
  }
  return "accepted";
}

test.each([["RS256", rsa], ["ES256", ec]] as const)("%s: a valid token is accepted and its claims returned", (alg, pair) => {
  const v = verifyOidcToken(jwt(alg, pair.privateKey, claims), provider(pair.publicKey), NOW);
  expect(v).toEqual({ issuer: "https://issuer.example", subject: "me", audiences: ["a", "sts.aliyuncs.com"], issuedAt: NOW - 60_000, expiresAt: NOW + 600_000 });
});

test("the public key may be given as PEM or JWK", () => {
  const token = jwt("RS256", rsa.privateKey, claims);
  const pem = rsa.publicKey.export({ type: "spki", format: "pem" }) as string;
  const jwk = rsa.publicKey.export({ format: "jwk" }) as Record<string, unknown>;
  expect(verifyOidcToken(token, { ...provider(rsa.publicKey), publicKey: pem }, NOW).subject).toBe("me");
  expect(verifyOidcToken(token, { ...provider(rsa.publicKey), publicKey: jwk }, NOW).subject).toBe("me");
});

test("each failed check gives its STS code", () => {
  const p = provider(rsa.publicKey);
  const good = jwt("RS256", rsa.privateKey, claims);
  const [h, body] = good.split(".") as [string, string, string];
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: "admin" })).toString("base64url")}.${good.split(".")[2]}`;
  expect({
    empty: codeOf(() => verifyOidcToken("", p, NOW)),
    twoParts: codeOf(() => verifyOidcToken(`${h}.${body}`, p, NOW)),
    garbage: codeOf(() => verifyOidcToken("a.b.c", p, NOW)),
    hs256: codeOf(() => verifyOidcToken(`${Buffer.from('{"alg":"HS256"}').toString("base64url")}.${body}.AAAA`, p, NOW)),
    forged: codeOf(() => verifyOidcToken(forged, p, NOW)),
    otherKey: codeOf(() => verifyOidcToken(good, provider(ec.publicKey), NOW)),
    atExp: codeOf(() => verifyOidcToken(good, p, claims.exp * 1000)),
    issuer: codeOf(() => verifyOidcToken(jwt("RS256", rsa.privateKey, { ...claims, iss: "https://other" }), p, NOW)),
    audience: codeOf(() => verifyOidcToken(jwt("RS256", rsa.privateKey, { ...claims, aud: "other" }), p, NOW)),
    noExp: codeOf(() => verifyOidcToken(jwt("RS256", rsa.privateKey, { ...claims, exp: undefined }), p, NOW)),
  }).toEqual({
    empty: "AuthenticationFail.OIDCToken.Invalid",
    twoParts: "AuthenticationFail.OIDCToken.Invalid",
    garbage: "AuthenticationFail.OIDCToken.Invalid",
    hs256: "AuthenticationFail.OIDCToken.Invalid",
    forged: "AuthenticationFail.OIDCToken.InvalidSignature",
    otherKey: "AuthenticationFail.OIDCToken.InvalidSignature",
    atExp: "AuthenticationFail.OIDCToken.Expired",
    issuer: "AuthenticationFail.OIDCToken.IssuerNotMatch",
    audience: "AuthenticationFail.OIDCToken.AudienceNotMatch",
    noExp: "AuthenticationFail.OIDCToken.Invalid",
  });
});
