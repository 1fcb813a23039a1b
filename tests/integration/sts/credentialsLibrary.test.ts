/**
 * @alicloud/credentials (`ram_role_arn`, `oidc_role_arn`, `credentials_uri`) end to end against the
 * local STS endpoint and credentials-URI server, in this process (the test CA is trusted with
 * tls.setDefaultCACertificates, see docs/server.md); the credentials it gets then sign requests
 * with the project's OSS client that the embedded OSS server accepts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as alibaba from "@alicloud/credentials";
import { createOssClient, OssError, type Credentials } from "../../../provider/oss";
import {
  BUCKET, CALLER_ID, CALLER_SECRET, EXTERNAL_ID, EXTERNAL_ROLE_ARN, LONG_ROLE_ARN, OIDC_PROVIDER_ARN, ROLE_ARN, mintJwt, startStsFixture,
  type StsFixture,
} from "./stsFixture";

let fx: StsFixture;
let dir: string;
beforeAll(async () => {
  fx = await startStsFixture(true);
  dir = mkdtempSync(join(tmpdir(), "oss-sts-oidc-"));
});
afterAll(async () => {
  await fx.close();
});
afterEach(() => fx.shiftIssueClock(0));

type ConfigInput = ConstructorParameters<typeof alibaba.Config>[0];

async function resolve(config: ConfigInput): Promise<Credentials> {
  const c = await new alibaba.default(new alibaba.Config(config)).getCredential();
  return { accessKeyId: c.accessKeyId as string, accessKeySecret: c.accessKeySecret as string, securityToken: c.securityToken };
}

async function failure(config: ConfigInput): Promise<Error> {
  try {
    await resolve(config);
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the credentials library to fail");
}

function ramRole(extra: Partial<ConfigInput> = {}): ConfigInput {
  return {
    type: "ram_role_arn", accessKeyId: CALLER_ID, accessKeySecret: CALLER_SECRET, roleArn: ROLE_ARN,
    roleSessionName: "pulumi-deploy", stsEndpoint: fx.sts.hostPort, ...extra,
  };
}

function tokenFile(token: string): string {
  const path = join(dir, `token-${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, token);
  return path;
}

function oidc(tokenPath: string, extra: Partial<ConfigInput> = {}): ConfigInput {
  return {
    type: "oidc_role_arn", roleArn: ROLE_ARN, oidcProviderArn: OIDC_PROVIDER_ARN, oidcTokenFilePath: tokenPath,
    roleSessionName: "ci-job", stsEndpoint: fx.sts.hostPort, ...extra,
  };
}

/** Writes and reads back an object through the OSS server with `credentials`, V4 and V1. */
async function roundTrip(credentials: Credentials, key: string): Promise<string[]> {
  const out: string[] = [];
  for (const signatureVersion of ["v4", "v1"] as const) {
    const client = createOssClient({ region: fx.oss.region, endpoint: fx.oss.endpoint, credentials, signatureVersion });
    try {
      await client.putObject({ bucket: BUCKET, key: `${key}-${signatureVersion}`, body: `hello ${signatureVersion}` });
      out.push((await client.getObject({ bucket: BUCKET, key: `${key}-${signatureVersion}` })).body.toString("utf8"));
    } finally {
      await client.close();
    }
  }
  return out;
}

async function ossFailure(credentials: Credentials): Promise<OssError> {
  const client = createOssClient({ region: fx.oss.region, endpoint: fx.oss.endpoint, credentials, maxAttempts: 1 });
  try {
    await client.putObject({ bucket: BUCKET, key: "refused", body: "x" });
  } catch (err) {
    return err as OssError;
  } finally {
    await client.close();
  }
  throw new Error("expected the OSS server to refuse the request");
}

function expectNoSecret(message: string, ...secrets: Array<string | undefined>): void {
  for (const s of [CALLER_SECRET, ...secrets]) if (s !== undefined) expect(message).not.toContain(s);
}

describe("ram_role_arn → AssumeRole", () => {
  test("issues STS credentials that sign OSS requests the server accepts", async () => {
    const creds = await resolve(ramRole());
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(creds.securityToken).toBeTruthy();
    expect(await roundTrip(creds, "ram")).toEqual(["hello v4", "hello v1"]);
    const call = fx.sts.calls().at(-1);
    expect(call).toMatchObject({ action: "AssumeRole", callerAccessKeyId: CALLER_ID, roleArn: ROLE_ARN, roleSessionName: "pulumi-deploy", code: "Success", issuedAccessKeyId: creds.accessKeyId });
  });

  test("the caller's permanent keys are not accepted by OSS (only the issued ones are)", async () => {
    const e = await ossFailure({ accessKeyId: CALLER_ID, accessKeySecret: CALLER_SECRET });
    expect(e.code).toBe("InvalidAccessKeyId");
  });

  test("a wrong role ARN is EntityNotExist.Role, naming the ARN and no secret", async () => {
    const e = await failure(ramRole({ roleArn: `acs:ram::1234567890123456:role/nobody` }));
    expect(e.message).toMatch(/EntityNotExist\.Role/);
    expect(e.message).toContain("role/nobody");
    expectNoSecret(e.message);
  });

  test("a malformed role ARN is InvalidParameter.RoleArn", async () => {
    const e = await failure(ramRole({ roleArn: "arn:aws:iam::1:role/x" }));
    expect(e.message).toMatch(/InvalidParameter\.RoleArn/);
  });

  test("a wrong secret fails the signature: the library reports an invalid secret without printing it", async () => {
    const e = await failure(ramRole({ accessKeySecret: "not-the-secret" }));
    expect(e.message).toBe("the access key secret is invalid");
    expect(fx.sts.calls().at(-1)?.code).toBe("SignatureDoesNotMatch");
  });

  test("an unknown AccessKeyId is InvalidAccessKeyId.NotFound", async () => {
    const e = await failure(ramRole({ accessKeyId: "LTAI-unknown" }));
    expect(e.message).toMatch(/InvalidAccessKeyId\.NotFound/);
    expectNoSecret(e.message);
  });

  test("DurationSeconds above the role's maximum is InvalidParameter.DurationSeconds; a role allowing more accepts it", async () => {
    const e = await failure(ramRole({ roleSessionExpiration: 7200 }));
    expect(e.message).toMatch(/InvalidParameter\.DurationSeconds/);
    const creds = await resolve(ramRole({ roleArn: LONG_ROLE_ARN, roleSessionExpiration: 7200 }));
    expect(creds.accessKeyId).toMatch(/^STS\./);
    const record = fx.store.lookup(creds.accessKeyId);
    expect(Math.round(((record?.expiresAt ?? 0) - Date.now()) / 60_000)).toBe(120);
  });

  test("a RoleSessionName of the wrong shape is InvalidParameter.RoleSessionName", async () => {
    for (const name of ["a", "has space", "x".repeat(65)]) {
      const e = await failure(ramRole({ roleSessionName: name }));
      expect([name, e.message]).toEqual([name, expect.stringMatching(/InvalidParameter\.RoleSessionName/)]);
    }
  });

  test("a Policy that is not a policy document is InvalidParameter.PolicyGrammar; a valid one passes", async () => {
    const e = await failure(ramRole({ policy: "{not json" }));
    expect(e.message).toMatch(/InvalidParameter\.PolicyGrammar/);
    const policy = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: ["oss:PutObject"], Resource: ["acs:oss:*:*:sts-bucket/*"] }] });
    expect((await resolve(ramRole({ policy }))).accessKeyId).toMatch(/^STS\./);
  });

  test("ExternalId: a role that requires one refuses a missing or wrong one (NoPermission) and accepts the right one", async () => {
    expect((await failure(ramRole({ roleArn: EXTERNAL_ROLE_ARN }))).message).toMatch(/NoPermission/);
    expect((await failure(ramRole({ roleArn: EXTERNAL_ROLE_ARN, externalId: "other-id" }))).message).toMatch(/NoPermission/);
    expect((await failure(ramRole({ roleArn: EXTERNAL_ROLE_ARN, externalId: "bad id!" }))).message).toMatch(/InvalidParameter\.ExternalId/);
    expect((await resolve(ramRole({ roleArn: EXTERNAL_ROLE_ARN, externalId: EXTERNAL_ID }))).accessKeyId).toMatch(/^STS\./);
  });

  test("role chaining: issued STS credentials may sign another AssumeRole (with their token)", async () => {
    const first = await resolve(ramRole());
    const second = await resolve(ramRole({ accessKeyId: first.accessKeyId, accessKeySecret: first.accessKeySecret, securityToken: first.securityToken }));
    expect(second.accessKeyId).toMatch(/^STS\./);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
  });
});

describe("oidc_role_arn → AssumeRoleWithOIDC", () => {
  test("a valid token file gives STS credentials that sign OSS requests the server accepts", async () => {
    const creds = await resolve(oidc(tokenFile(mintJwt(fx.oidcKey))));
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(await roundTrip(creds, "oidc")).toEqual(["hello v4", "hello v1"]);
    expect(fx.sts.calls().at(-1)).toMatchObject({ action: "AssumeRoleWithOIDC", roleArn: ROLE_ARN, roleSessionName: "ci-job", code: "Success" });
  });

  test("an expired token is AuthenticationFail.OIDCToken.Expired, without the token in the message", async () => {
    const token = mintJwt(fx.oidcKey, { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 60 });
    const e = await failure(oidc(tokenFile(token)));
    expect(e.message).toMatch(/AuthenticationFail\.OIDCToken\.Expired/);
    expect(e.message).not.toContain(token.split(".")[2]);
    expect(e.message).not.toContain(token.split(".")[1]);
  });

  test("an unreadable token file fails before any request, naming the file", async () => {
    const before = fx.sts.calls().length;
    const path = join(dir, "missing-token");
    const e = await failure(oidc(path));
    expect(e.message).toMatch(/ENOENT/);
    expect(e.message).toContain(path);
    expect(fx.sts.calls().length).toBe(before);
  });

  test("a wrong role ARN is EntityNotExist.Role", async () => {
    const e = await failure(oidc(tokenFile(mintJwt(fx.oidcKey)), { roleArn: "acs:ram::1234567890123456:role/nobody" }));
    expect(e.message).toMatch(/EntityNotExist\.Role/);
  });

  test("an unregistered OIDC provider is AuthenticationFail.NoPermission", async () => {
    const e = await failure(oidc(tokenFile(mintJwt(fx.oidcKey)), { oidcProviderArn: "acs:ram::1234567890123456:oidc-provider/other" }));
    expect(e.message).toMatch(/AuthenticationFail\.NoPermission/);
  });

  test("a token signed by another key, for another audience, from another issuer, or not a JWT is refused", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const cases: Array<[string, string, RegExp]> = [
      ["other key", mintJwt(other), /AuthenticationFail\.OIDCToken\.InvalidSignature/],
      ["other audience", mintJwt(fx.oidcKey, { aud: "someone-else" }), /AuthenticationFail\.OIDCToken\.AudienceNotMatch/],
      ["other issuer", mintJwt(fx.oidcKey, { iss: "https://evil.example" }), /AuthenticationFail\.OIDCToken\.IssuerNotMatch/],
      ["not a JWT", "just-some-text", /AuthenticationFail\.OIDCToken\.Invalid/],
    ];
    for (const [label, token, code] of cases) {
      const e = await failure(oidc(tokenFile(token)));
      expect([label, e.message]).toEqual([label, expect.stringMatching(code)]);
    }
  });
});

describe("credentials_uri", () => {
  test("credentials served by the URI sign OSS requests the server accepts", async () => {
    const creds = await resolve({ type: "credentials_uri", credentialsURI: fx.uri.uri });
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(await roundTrip(creds, "uri")).toEqual(["hello v4", "hello v1"]);
    expect(fx.uri.requests()).toBeGreaterThan(0);
  });

  test("a failing URI gives the library's error with the status, and no credentials", async () => {
    fx.uri.failWith(503);
    try {
      const e = await failure({ type: "credentials_uri", credentialsURI: fx.uri.uri });
      expect(e.message).toMatch(/httpStatus: 503/);
    } finally {
      fx.uri.failWith(undefined);
    }
  });
});

describe("the OSS server and temporary credentials", () => {
  test("after their expiration they are refused (InvalidAccessKeyId, EC 0002-00000007)", async () => {
    // Issued two hours ago with a one-hour lifetime: expired an hour ago.
    fx.shiftIssueClock(-2 * 3600 * 1000);
    const creds = await resolve({ type: "credentials_uri", credentialsURI: fx.uri.uri });
    const e = await ossFailure(creds);
    expect([e.status, e.code, e.ec]).toEqual([403, "InvalidAccessKeyId", "0002-00000007"]);
    expectNoSecret(e.message, creds.accessKeySecret, creds.securityToken);
  });

  test("a wrong or missing security token is InvalidSecurityToken", async () => {
    const creds = await resolve({ type: "credentials_uri", credentialsURI: fx.uri.uri });
    const other = await resolve({ type: "credentials_uri", credentialsURI: fx.uri.uri });
    for (const securityToken of [other.securityToken, undefined]) {
      const e = await ossFailure({ ...creds, securityToken });
      expect([e.status, e.code]).toEqual([403, "InvalidSecurityToken"]);
      expectNoSecret(e.message, creds.accessKeySecret, creds.securityToken, other.securityToken);
    }
  });

  test("a wrong secret with the right key id and token is SignatureDoesNotMatch", async () => {
    const creds = await resolve({ type: "credentials_uri", credentialsURI: fx.uri.uri });
    const e = await ossFailure({ ...creds, accessKeySecret: "wrong-secret" });
    expect(e.code).toBe("SignatureDoesNotMatch");
  });
});
