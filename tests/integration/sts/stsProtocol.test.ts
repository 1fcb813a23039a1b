/**
 * The local STS endpoint at the wire: the documented RPC signature vector, reply and error JSON
 * shapes, and the request checks @alicloud/credentials never trips on its own (nonce replay,
 * timestamp window, unsigned calls, unknown actions). Requests go over https with the test CA
 * passed per request, so this file does not touch the process-wide trust store.
 */
import * as https from "node:https";
import { randomUUID } from "node:crypto";
import { rpcSignature, rpcStringToSign, stsTimestamp } from "../../../server";
import { CALLER_ID, CALLER_SECRET, OIDC_PROVIDER_ARN, ROLE_ARN, mintJwt, startStsFixture, type StsFixture } from "./stsFixture";

let fx: StsFixture;
beforeAll(async () => {
  fx = await startStsFixture(false);
});
afterAll(async () => {
  await fx.close();
});

interface Reply {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

function post(query: Record<string, string>, form: Record<string, string>): Promise<Reply> {
  const qs = new URLSearchParams(query).toString();
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = https.request(`${fx.sts.url}/?${qs}`, {
      method: "POST", ca: fx.cert.caPem,
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({
        status: res.statusCode ?? 0, contentType: String(res.headers["content-type"]),
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
      }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function common(action: string, overrides: Record<string, string> = {}): Record<string, string> {
  return { Version: "2015-04-01", Action: action, Format: "JSON", Timestamp: stsTimestamp(Date.now()), ...overrides };
}

/** Signs like the library does: query (with AccessKeyId) and form together, Signature into the query. */
function signedAssumeRole(queryOverrides: Record<string, string> = {}, form: Record<string, string> = {}, secret = CALLER_SECRET) {
  const query = common("AssumeRole", {
    SignatureMethod: "HMAC-SHA1", SignatureVersion: "1.0", SignatureNonce: randomUUID(), AccessKeyId: CALLER_ID, ...queryOverrides,
  });
  const body = { RoleArn: ROLE_ARN, RoleSessionName: "wire-test", DurationSeconds: "3600", ...form };
  return { query: { ...query, Signature: rpcSignature(secret, rpcStringToSign("POST", { ...query, ...body })) }, body };
}

test("the RPC signature matches the example of the Alibaba Cloud RPC signature page", () => {
  const params = {
    AccessKeyId: "testid", Action: "DescribeRegions", Format: "XML", SignatureMethod: "HMAC-SHA1",
    SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", SignatureVersion: "1.0", Timestamp: "2016-02-23T12:46:24Z", Version: "2014-05-26",
  };
  const sts = rpcStringToSign("GET", params);
  expect(sts).toBe(
    "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
    "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0" +
    "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
  );
  expect(rpcSignature("testsecret", sts)).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
});

test("AssumeRole reply: RequestId, AssumedRoleUser and Credentials in the documented shape", async () => {
  const { query, body } = signedAssumeRole();
  const r = await post(query, body);
  expect(r.status).toBe(200);
  expect(r.contentType).toMatch(/^application\/json/);
  expect(r.body).toEqual({
    RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
    AssumedRoleUser: { AssumedRoleId: expect.stringMatching(/^\d+:wire-test$/), Arn: "acs:ram::1234567890123456:assumed-role/deployer/wire-test" },
    Credentials: {
      AccessKeyId: expect.stringMatching(/^STS\.[A-Za-z0-9]+$/), AccessKeySecret: expect.any(String),
      SecurityToken: expect.any(String), Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    },
  });
});

test("AssumeRoleWithOIDC reply carries OIDCTokenInfo", async () => {
  const r = await post(common("AssumeRoleWithOIDC"), {
    OIDCProviderArn: OIDC_PROVIDER_ARN, RoleArn: ROLE_ARN, OIDCToken: mintJwt(fx.oidcKey), RoleSessionName: "wire-oidc",
  });
  expect(r.status).toBe(200);
  expect(r.body.OIDCTokenInfo).toMatchObject({ Issuer: "https://token.ci.example", Subject: "system:serviceaccount:ci:deployer", ClientIds: "sts.aliyuncs.com" });
  expect((r.body.Credentials as { AccessKeyId: string }).AccessKeyId).toMatch(/^STS\./);
});

test("error reply: status and { RequestId, HostId, Code, Message } JSON", async () => {
  const { query, body } = signedAssumeRole({}, { RoleArn: "acs:ram::1234567890123456:role/ghost" });
  const r = await post(query, body);
  expect(r.status).toBe(404);
  expect(r.contentType).toMatch(/^application\/json/);
  expect(r.body).toEqual({ RequestId: expect.any(String), HostId: "sts.aliyuncs.com", Code: "EntityNotExist.Role", Message: expect.stringContaining("role/ghost") });
});

test("a replayed SignatureNonce is SignatureNonceUsed", async () => {
  const { query, body } = signedAssumeRole();
  expect((await post(query, body)).status).toBe(200);
  const again = await post(query, body);
  expect([again.status, again.body.Code]).toEqual([400, "SignatureNonceUsed"]);
});

test("a Timestamp outside 15 minutes is InvalidTimeStamp.Expired; a malformed one InvalidTimeStamp.Format", async () => {
  const old = signedAssumeRole({ Timestamp: stsTimestamp(Date.now() - 20 * 60 * 1000) });
  const r1 = await post(old.query, old.body);
  expect([r1.status, r1.body.Code]).toEqual([400, "InvalidTimeStamp.Expired"]);
  const bad = signedAssumeRole({ Timestamp: "yesterday" });
  const r2 = await post(bad.query, bad.body);
  expect([r2.status, r2.body.Code]).toEqual([400, "InvalidTimeStamp.Format"]);
});

test("an unsigned AssumeRole is IncompleteSignature; a signature over other parameters is SignatureDoesNotMatch with the server's string to sign", async () => {
  const r1 = await post(common("AssumeRole"), { RoleArn: ROLE_ARN, RoleSessionName: "x1" });
  expect([r1.status, r1.body.Code]).toEqual([400, "IncompleteSignature"]);
  const { query, body } = signedAssumeRole();
  const r2 = await post(query, { ...body, RoleSessionName: "tampered" });
  expect([r2.status, r2.body.Code]).toEqual([400, "SignatureDoesNotMatch"]);
  expect(r2.body.Message).toMatch(/^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&/);
  expect(String(r2.body.Message)).not.toContain(CALLER_SECRET);
});

test("expired STS credentials signing AssumeRole are InvalidSecurityToken.Expired; a wrong token InvalidSecurityToken.MismatchWithAccessKey", async () => {
  fx.shiftIssueClock(-2 * 3600 * 1000);
  const old = fx.store.issue(3600);
  fx.shiftIssueClock(0);
  const expired = signedAssumeRole({ AccessKeyId: old.AccessKeyId, SecurityToken: old.SecurityToken }, {}, old.AccessKeySecret);
  const r1 = await post(expired.query, expired.body);
  expect([r1.status, r1.body.Code]).toEqual([400, "InvalidSecurityToken.Expired"]);
  const fresh = fx.store.issue(3600);
  const wrong = signedAssumeRole({ AccessKeyId: fresh.AccessKeyId, SecurityToken: old.SecurityToken }, {}, fresh.AccessKeySecret);
  const r2 = await post(wrong.query, wrong.body);
  expect([r2.status, r2.body.Code]).toEqual([400, "InvalidSecurityToken.MismatchWithAccessKey"]);
  expect(JSON.stringify([r1.body, r2.body])).not.toContain(old.SecurityToken);
});

test("a bad signature from STS credentials echoes the string to sign without their security token", async () => {
  const creds = fx.store.issue(3600);
  const { query, body } = signedAssumeRole({ AccessKeyId: creds.AccessKeyId, SecurityToken: creds.SecurityToken }, {}, "wrong-secret");
  const r = await post(query, body);
  expect([r.status, r.body.Code]).toEqual([400, "SignatureDoesNotMatch"]);
  expect(String(r.body.Message)).toContain("SecurityToken%3D%252A%252A%252A");
  for (const s of [creds.SecurityToken, encodeURIComponent(creds.SecurityToken), creds.AccessKeySecret]) expect(String(r.body.Message)).not.toContain(s);
});

test("unknown Action is 404 InvalidAction.NotFound; another Version is InvalidVersion", async () => {
  const r1 = await post(common("GetCallerIdentity"), {});
  expect([r1.status, r1.body.Code]).toEqual([404, "InvalidAction.NotFound"]);
  const r2 = await post(common("AssumeRoleWithOIDC", { Version: "2014-01-01" }), {});
  expect([r2.status, r2.body.Code]).toEqual([400, "InvalidVersion"]);
});

test("the endpoint speaks TLS only and its certificate is the test CA's", async () => {
  const http = await import("node:http");
  const plain = await new Promise<string>((resolve) => {
    const req = http.request(`http://${fx.sts.hostPort}/`, (res) => {
      res.resume();
      resolve(`status ${res.statusCode}`);
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
  expect(plain).not.toMatch(/^status 200/);
  const untrusted = await new Promise<string>((resolve) => {
    const req = https.request(`${fx.sts.url}/`, { method: "POST" }, (res) => {
      res.resume();
      resolve(`status ${res.statusCode}`);
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
  expect(untrusted).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
});
