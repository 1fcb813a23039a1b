/**
 * Shared set-up for the STS tests: a test CA, the local STS (one role, one AccessKey pair, one
 * OIDC provider whose RS256 key the tests hold), a credentials-URI server and an OSS server, all
 * on one temporary-credential store, plus a JWT minter for OIDC tokens.
 */
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import * as tls from "node:tls";
import {
  TemporaryCredentialStore, createTestCertificate, startCredentialsUriServer, startLocalOss, startStsEndpoint,
  type CredentialsUriServer, type LocalOss, type StsEndpoint, type TestCertificate,
} from "../../../server";

export const ACCOUNT = "1234567890123456";
export const ROLE_ARN = `acs:ram::${ACCOUNT}:role/deployer`;
export const EXTERNAL_ROLE_ARN = `acs:ram::${ACCOUNT}:role/partner`;
export const EXTERNAL_ID = "abcd-1234";
export const LONG_ROLE_ARN = `acs:ram::${ACCOUNT}:role/long-sessions`;
export const OIDC_PROVIDER_ARN = `acs:ram::${ACCOUNT}:oidc-provider/ci`;
export const OIDC_ISSUER = "https://token.ci.example";
export const OIDC_AUDIENCE = "sts.aliyuncs.com";
export const CALLER_ID = "LTAI-caller-key-id";
export const CALLER_SECRET = "caller-secret-value-do-not-print";
export const BUCKET = "sts-bucket";

export interface StsFixture {
  cert: TestCertificate;
  store: TemporaryCredentialStore;
  /** Shifts the clock the store issues credentials with (ms; negative: credentials issued in the past). */
  shiftIssueClock(ms: number): void;
  sts: StsEndpoint;
  uri: CredentialsUriServer;
  oss: LocalOss;
  oidcKey: KeyObject;
  close(): Promise<void>;
}

/** A compact RS256 JWS with the given claims (defaults: the fixture's issuer and audience, valid 1 h). */
export function mintJwt(key: KeyObject, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "test" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ iss: OIDC_ISSUER, aud: OIDC_AUDIENCE, sub: "system:serviceaccount:ci:deployer", iat: now, exp: now + 3600, ...claims })).toString("base64url");
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), key).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

/** Starts everything; with `trustInProcess`, this process trusts the test CA (tls.setDefaultCACertificates). */
export async function startStsFixture(trustInProcess: boolean): Promise<StsFixture> {
  const cert = createTestCertificate();
  let shift = 0;
  const store = new TemporaryCredentialStore(() => Date.now() + shift);
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const sts = await startStsEndpoint({
    tls: cert,
    accessKeys: { [CALLER_ID]: CALLER_SECRET },
    roles: [{ arn: ROLE_ARN }, { arn: EXTERNAL_ROLE_ARN, externalId: EXTERNAL_ID }, { arn: LONG_ROLE_ARN, maxSessionDuration: 7200 }],
    oidcProviders: [{ arn: OIDC_PROVIDER_ARN, issuer: OIDC_ISSUER, clientIds: [OIDC_AUDIENCE], publicKey }],
    credentials: store,
  });
  const uri = await startCredentialsUriServer({ credentials: store });
  const oss = await startLocalOss({ buckets: [BUCKET], temporaryCredentials: store });
  if (trustInProcess && typeof tls.setDefaultCACertificates !== "function") {
    throw new Error(`Trusting the test CA in-process needs tls.setDefaultCACertificates (Node 24.5+); this is Node ${process.version}. Run the tests through scripts/with-node.sh.`);
  }
  const before = tls.getCACertificates("default");
  if (trustInProcess) tls.setDefaultCACertificates([...before, cert.caPem]);
  return {
    cert, store, sts, uri, oss, oidcKey: privateKey,
    shiftIssueClock(ms) {
      shift = ms;
    },
    async close() {
      if (trustInProcess) tls.setDefaultCACertificates(before);
      await Promise.all([sts.close(), uri.close(), oss.close()]);
    },
  };
}
