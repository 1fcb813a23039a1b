/**
 * Which identity reaches OSS for each `alicloud:*` setting (and its env fallbacks): the provider
 * runs check + create against the embedded OSS server, with a relay in front that records the
 * AccessKeyId of every request, and the embedded STS / credentials-URI server issuing the
 * temporary credentials (through @alicloud/credentials, over https with the test CA trusted
 * in-process).
 *
 * The `alicloud` column is what @pulumi/alicloud documents for the same settings (its provider
 * schema's env fallbacks and terraform-provider-alicloud's resolution order; docs/configuration.md).
 * The alicloud plugin itself cannot be run here (the Go module proxy refuses pulumi-alicloud), so
 * that column is the documented behaviour, not a measurement. Rows where the two differ say why.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import { createSymlinkProvider } from "../../../provider/impl";
import { startLocalOss, type LocalOss } from "../../../server";
import { startKeyRecorder, type KeyRecorder } from "./keyRecorder";
import {
  BUCKET, CALLER_ID, CALLER_SECRET, EXTERNAL_ID, EXTERNAL_ROLE_ARN, OIDC_PROVIDER_ARN, ROLE_ARN, mintJwt, startStsFixture, type StsFixture,
} from "./stsFixture";

/** Long-term key pairs of the rows; each id says where it is set. */
const SECRET_OF: Record<string, string> = {
  LTAIconfigKey: "config-secret-1",
  LTAIenvAlicloud: "env-alicloud-secret-2",
  LTAIenvAlibabaCloud: "env-alibaba-secret-3",
  LTAIenvOss: "env-oss-secret-4",
  LTAIprofileCi: "profile-ci-secret-5",
  LTAIprofileEnv: "profile-env-secret-6",
  LTAIotherFile: "other-file-secret-7",
  LTAIprofileSts: "profile-sts-secret-8",
  [CALLER_ID]: CALLER_SECRET,
};
const PROFILE_STS_TOKEN = "profile-sts-token-9";

type Identity =
  | { key: string }
  | { sts: "AssumeRole"; roleArn: string; caller: string }
  | { sts: "AssumeRoleWithOIDC"; roleArn: string }
  | { uri: true }
  | { fails: RegExp };

interface Row {
  name: string;
  config: Record<string, string | object>;
  env?: Record<string, string>;
  /** What this provider must use. */
  ours: Identity;
  /** What @pulumi/alicloud documents for the same settings; absent = the same as `ours`. */
  alicloud?: Identity;
  /** Why `alicloud` differs. */
  differs?: string;
}

let fx: StsFixture;
let tmp: string;
let home: string;
let otherFile: string;
let tokenFile: string;
const table: string[][] = [];

beforeAll(async () => {
  fx = await startStsFixture(true);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "provider-identity-"));
  home = path.join(tmp, "home");
  fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
  fs.writeFileSync(
    path.join(home, ".aliyun", "config.json"),
    JSON.stringify({
      current: "default",
      profiles: [
        { name: "default", mode: "AK", access_key_id: "LTAIprofileEnv", access_key_secret: SECRET_OF.LTAIprofileEnv },
        { name: "ci", mode: "AK", access_key_id: "LTAIprofileCi", access_key_secret: SECRET_OF.LTAIprofileCi, region_id: "cn-hangzhou" },
        { name: "sts", mode: "StsToken", access_key_id: "LTAIprofileSts", access_key_secret: SECRET_OF.LTAIprofileSts, sts_token: PROFILE_STS_TOKEN },
        { name: "role", mode: "RamRoleArn", access_key_id: CALLER_ID, access_key_secret: CALLER_SECRET, ram_role_arn: ROLE_ARN, ram_session_name: "from-profile" },
      ],
    }),
  );
  otherFile = path.join(tmp, "shared-config.json");
  fs.writeFileSync(otherFile, JSON.stringify({ profiles: [{ name: "ci", mode: "AK", access_key_id: "LTAIotherFile", access_key_secret: SECRET_OF.LTAIotherFile }] }));
  tokenFile = path.join(tmp, "oidc-token");
  fs.writeFileSync(tokenFile, mintJwt(fx.oidcKey));
});

afterAll(async () => {
  await fx?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  // The figures of the report: one line per row.
  if (table.length > 0) console.log(["row | this provider (key id the server saw) | @pulumi/alicloud (documented)", ...table.map((r) => r.join(" | "))].join("\n"));
});

const keys = (id: string) => ({ "alicloud:accessKey": id, "alicloud:secretKey": SECRET_OF[id] as string });
const envKeys = (idVar: string, secretVar: string, id: string) => ({ [idVar]: id, [secretVar]: SECRET_OF[id] as string });
const stsEndpoint = () => ({ "alicloud:endpoints": [{ sts: fx.sts.hostPort }] });

const ROWS: Array<() => Row> = [
  () => ({ name: "config accessKey/secretKey", config: keys("LTAIconfigKey"), ours: { key: "LTAIconfigKey" } }),
  () => ({ name: "env ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY only", config: {}, env: envKeys("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "LTAIenvAlicloud"), ours: { key: "LTAIenvAlicloud" } }),
  () => ({ name: "env ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET only", config: {}, env: envKeys("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "LTAIenvAlibabaCloud"), ours: { key: "LTAIenvAlibabaCloud" } }),
  () => ({
    name: "env ALICLOUD_* and ALIBABA_CLOUD_* both",
    config: {},
    env: { ...envKeys("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "LTAIenvAlicloud"), ...envKeys("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "LTAIenvAlibabaCloud") },
    ours: { key: "LTAIenvAlicloud" },
  }),
  () => ({ name: "config keys beat env keys", config: keys("LTAIconfigKey"), env: envKeys("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "LTAIenvAlicloud"), ours: { key: "LTAIconfigKey" } }),
  () => ({
    name: "env OSS_ACCESS_KEY_ID only",
    config: {},
    env: envKeys("OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET", "LTAIenvOss"),
    ours: { key: "LTAIenvOss" },
    alicloud: { fails: /no valid credential sources/ },
    differs: "OSS_* are the OSS SDKs' variables, not alicloud's; this provider keeps its default chain when no alicloud setting is made",
  }),
  () => ({ name: "config profile ci", config: { "alicloud:profile": "ci" }, ours: { key: "LTAIprofileCi" } }),
  () => ({ name: "env ALICLOUD_PROFILE=ci", config: {}, env: { ALICLOUD_PROFILE: "ci" }, ours: { key: "LTAIprofileCi" } }),
  () => ({ name: "env ALIBABA_CLOUD_PROFILE=ci", config: {}, env: { ALIBABA_CLOUD_PROFILE: "ci" }, ours: { key: "LTAIprofileCi" } }),
  () => ({ name: "profile ci + env ALICLOUD_ACCESS_KEY (env beats profile)", config: { "alicloud:profile": "ci" }, env: envKeys("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "LTAIenvAlicloud"), ours: { key: "LTAIenvAlicloud" } }),
  () => ({ name: "profile ci + sharedCredentialsFile", config: { "alicloud:profile": "ci", "alicloud:sharedCredentialsFile": otherFile }, ours: { key: "LTAIotherFile" } }),
  () => ({ name: "profile ci + env ALICLOUD_SHARED_CREDENTIALS_FILE", config: { "alicloud:profile": "ci" }, env: { ALICLOUD_SHARED_CREDENTIALS_FILE: otherFile }, ours: { key: "LTAIotherFile" } }),
  () => ({ name: "profile sts (StsToken mode)", config: { "alicloud:profile": "sts" }, ours: { key: "LTAIprofileSts" } }),
  () => ({ name: "profile role (RamRoleArn mode)", config: { "alicloud:profile": "role", ...stsEndpoint() }, ours: { sts: "AssumeRole", roleArn: ROLE_ARN, caller: CALLER_ID } }),
  () => ({ name: "assumeRole over config keys", config: { ...keys(CALLER_ID), "alicloud:assumeRole": { roleArn: ROLE_ARN }, ...stsEndpoint() }, ours: { sts: "AssumeRole", roleArn: ROLE_ARN, caller: CALLER_ID } }),
  () => ({
    name: "assumeRole over env ALICLOUD_ACCESS_KEY",
    config: { "alicloud:assumeRole": { roleArn: ROLE_ARN, sessionName: "ci-job" }, ...stsEndpoint() },
    env: envKeys("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", CALLER_ID),
    ours: { sts: "AssumeRole", roleArn: ROLE_ARN, caller: CALLER_ID },
  }),
  () => ({
    name: "assumeRole with externalId",
    config: { ...keys(CALLER_ID), "alicloud:assumeRole": { roleArn: EXTERNAL_ROLE_ARN, externalId: EXTERNAL_ID, sessionExpiration: 900 }, ...stsEndpoint() },
    ours: { sts: "AssumeRole", roleArn: EXTERNAL_ROLE_ARN, caller: CALLER_ID },
  }),
  () => ({
    name: "assumeRole roleArn from env ALIBABA_CLOUD_ROLE_ARN",
    config: { ...keys(CALLER_ID), "alicloud:assumeRole": {}, ...stsEndpoint() },
    env: { ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN },
    ours: { sts: "AssumeRole", roleArn: ROLE_ARN, caller: CALLER_ID },
  }),
  () => ({
    name: "assumeRoleWithOidc token file",
    config: { "alicloud:assumeRoleWithOidc": { roleArn: ROLE_ARN, oidcProviderArn: OIDC_PROVIDER_ARN, oidcTokenFile: tokenFile }, ...stsEndpoint() },
    ours: { sts: "AssumeRoleWithOIDC", roleArn: ROLE_ARN },
  }),
  () => ({
    name: "assumeRoleWithOidc inline token",
    config: { "alicloud:assumeRoleWithOidc": { roleArn: ROLE_ARN, oidcProviderArn: OIDC_PROVIDER_ARN, oidcToken: mintJwt(fx.oidcKey) }, ...stsEndpoint() },
    ours: { sts: "AssumeRoleWithOIDC", roleArn: ROLE_ARN },
  }),
  () => ({
    name: "assumeRoleWithOidc fields from ALIBABA_CLOUD_* env",
    config: { "alicloud:assumeRoleWithOidc": {}, ...stsEndpoint() },
    env: { ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile },
    ours: { sts: "AssumeRoleWithOIDC", roleArn: ROLE_ARN },
  }),
  () => ({
    name: "config keys beat assumeRoleWithOidc",
    config: { ...keys("LTAIconfigKey"), "alicloud:assumeRoleWithOidc": { roleArn: ROLE_ARN, oidcProviderArn: OIDC_PROVIDER_ARN, oidcTokenFile: tokenFile }, ...stsEndpoint() },
    ours: { key: "LTAIconfigKey" },
  }),
  () => ({ name: "config credentialsUri", config: { "alicloud:credentialsUri": fx.uri.uri }, ours: { uri: true } }),
  () => ({ name: "env ALIBABA_CLOUD_CREDENTIALS_URI", config: {}, env: { ALIBABA_CLOUD_CREDENTIALS_URI: fx.uri.uri }, ours: { uri: true } }),
  () => ({ name: "profile beats credentialsUri", config: { "alicloud:profile": "ci", "alicloud:credentialsUri": fx.uri.uri }, ours: { key: "LTAIprofileCi" } }),
];

function describeIdentity(i: Identity): string {
  if ("key" in i) return i.key;
  if ("uri" in i) return "STS.* from the credentials URI";
  if ("fails" in i) return `error ${String(i.fails)}`;
  return `STS.* from ${i.sts} of ${i.roleArn.replace(/^.*:role\//, "role/")}${"caller" in i ? ` by ${i.caller}` : ""}`;
}

/** check + create with a fresh provider; the AccessKeyIds the server saw and the STS calls made meanwhile. */
async function deploy(row: Row, oss: LocalOss, recorder: KeyRecorder) {
  const provider = createSymlinkProvider({ env: { HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true", ...row.env }, homeDir: home, log: () => undefined });
  const stsBefore = fx.sts.calls().length;
  const uriBefore = fx.uri.requests();
  const config: Record<string, string> = { "alicloud:region": oss.region, "pulumi-oss-symlink:endpoint": recorder.endpoint };
  for (const [k, v] of Object.entries(row.config)) config[k] = typeof v === "string" ? v : JSON.stringify(v);
  try {
    await provider.configure({ config: new Config(config, "proj") });
    const checked = await provider.check({}, { bucket: BUCKET, key: `identity/${row.name.replace(/\W+/g, "-")}`, target: "t.txt", ownerId: "0123456789abcdef" });
    expect(checked.failures).toEqual([]);
    await provider.create(checked.inputs);
  } finally {
    await provider.shutdown();
  }
  return { seen: [...new Set(recorder.seen())], sts: fx.sts.calls().slice(stsBefore), uriRequests: fx.uri.requests() - uriBefore };
}

describe.each(ROWS.map((make, i) => [i + 1, make] as const))("row %i", (_n, make) => {
  test("the identity that reaches OSS is the documented one", async () => {
    const row = make();
    const expected = row.ours;
    const staticKey = "key" in expected ? expected.key : undefined;
    const oss = await startLocalOss({
      buckets: [BUCKET],
      temporaryCredentials: fx.store,
      ...(staticKey !== undefined ? { accessKeyId: staticKey, accessKeySecret: SECRET_OF[staticKey] as string } : {}),
      ...(staticKey === "LTAIprofileSts" ? { securityToken: PROFILE_STS_TOKEN } : {}),
    });
    const recorder = await startKeyRecorder(oss.endpoint);
    try {
      const { seen, sts, uriRequests } = await deploy(row, oss, recorder);
      let saw: string;
      if ("key" in expected) {
        expect(seen).toEqual([expected.key]);
        saw = seen[0] as string;
      } else if ("uri" in expected) {
        expect(seen).toHaveLength(1);
        expect(fx.store.lookup(seen[0] as string)).toBeDefined();
        expect(uriRequests).toBeGreaterThan(0);
        expect(sts).toEqual([]);
        saw = `${(seen[0] as string).slice(0, 6)}… (issued by the credentials URI)`;
      } else if ("sts" in expected) {
        const call = sts.find((c) => c.action === expected.sts && c.roleArn === expected.roleArn && c.code === "Success" && (!("caller" in expected) || c.callerAccessKeyId === expected.caller));
        expect(call).toBeDefined();
        expect(seen).toEqual([call?.issuedAccessKeyId]);
        saw = `${(seen[0] as string).slice(0, 6)}… (issued by ${call?.action} of ${call?.roleArn}${call?.callerAccessKeyId ? ` by ${call.callerAccessKeyId}` : ""}, session ${call?.roleSessionName ?? "-"})`;
      } else {
        throw new Error("a row's own expectation cannot be a failure here");
      }
      table.push([row.name, saw, row.alicloud === undefined ? `same: ${describeIdentity(expected)}` : `${describeIdentity(row.alicloud)} (differs: ${row.differs ?? ""})`]);
    } finally {
      await recorder.close();
      await oss.close();
    }
  });
});
