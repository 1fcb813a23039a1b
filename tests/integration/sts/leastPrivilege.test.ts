/**
 * The RAM policy that docs/ci.md publishes is enough for every call the provider makes, and each
 * of its actions is needed. Temporary credentials come from AssumeRole through
 * @alicloud/credentials with that policy as the session policy; the embedded OSS server holds
 * them to it (docs/server.md, "Temporary credentials on the OSS server"). The provider then runs
 * create, update, refresh and delete, with `verifyTarget` (so its HeadObject calls are covered
 * too), on an unversioned and a versioned bucket.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as alibaba from "@alicloud/credentials";
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import * as impl from "../../../provider/impl";
import { createOssClient } from "../../../provider/oss/client";
import { startLocalOss, type LocalOss } from "../../../server";
import { CALLER_ID, CALLER_SECRET, ROLE_ARN, startStsFixture, type StsFixture } from "./stsFixture";

const PLAIN = "policy-plain";
const VERSIONED = "policy-versioned";
const DOC_BUCKET = "my-releases";
const OWNER = "feedc0de12345678";
const SHIM = "serialized-shim";

interface PolicyDocument {
  Version: string;
  Statement: Array<{ Effect: string; Action: string[]; Resource: string[] }>;
}

/** The JSON block under "## Least-privilege RAM policy" in docs/ci.md. */
function publishedPolicy(): PolicyDocument {
  const text = readFileSync(join(__dirname, "../../../docs/ci.md"), "utf8");
  const section = text.slice(text.indexOf("## Least-privilege RAM policy"));
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error("docs/ci.md has no ```json block under \"## Least-privilege RAM policy\"");
  return JSON.parse(block[1] as string) as PolicyDocument;
}

/** The published policy for this test's buckets (its resource names `my-releases`). */
function forBuckets(doc: PolicyDocument, without?: string): string {
  const statements = doc.Statement.map((s) => ({
    ...s,
    Action: s.Action.filter((a) => a !== without),
    Resource: s.Resource.flatMap((r) => [PLAIN, VERSIONED].map((b) => r.replace(DOC_BUCKET, b))),
  })).filter((s) => s.Action.length > 0);
  return JSON.stringify({ ...doc, Statement: statements });
}

let fx: StsFixture;
let oss: LocalOss;
let seq = 0;

beforeAll(async () => {
  fx = await startStsFixture(true);
  oss = await startLocalOss({ buckets: [PLAIN], versionedBuckets: [VERSIONED], temporaryCredentials: fx.store, region: "cn-hangzhou" });
  const owner = createOssClient({ region: oss.region, endpoint: oss.endpoint, credentials: { accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret } });
  for (const bucket of [PLAIN, VERSIONED]) {
    await owner.putObject({ bucket, key: "releases/v1/app.js", body: "v1" });
    await owner.putObject({ bucket, key: "releases/v2/app.js", body: "v2" });
  }
  await owner.close();
});

afterAll(async () => {
  await impl.shutdown();
  await oss.close();
  await fx.close();
});

/** Temporary credentials for the deployer role limited to `policy`, through the credentials library. */
async function assumeWith(policy: string): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken: string }> {
  const c = await new alibaba.default(new alibaba.Config({
    type: "ram_role_arn", accessKeyId: CALLER_ID, accessKeySecret: CALLER_SECRET, roleArn: ROLE_ARN,
    roleSessionName: "least-privilege", policy, stsEndpoint: fx.sts.hostPort,
  })).getCredential();
  return { accessKeyId: c.accessKeyId as string, accessKeySecret: c.accessKeySecret as string, securityToken: c.securityToken as string };
}

interface Run {
  steps: string[];
  key: string;
  /** Version ids that create and update wrote (versioned bucket). */
  versions: string[];
}

/** create → update → read → delete of one link, as the engine calls the provider; the first failure is thrown. */
async function lifecycle(bucket: string): Promise<Run> {
  const steps: string[] = [];
  const versions: string[] = [];
  seq += 1;
  const base = { __provider: SHIM, ownerId: OWNER, bucket, key: `app/${seq}/latest.js`, endpoint: oss.endpoint, verifyTarget: true };
  const created = await impl.check({}, { ...base, target: "releases/v1/app.js" });
  expect(created.failures).toEqual([]);
  const made = await impl.create(created.inputs);
  steps.push("create");
  if (typeof made.outs?.versionId === "string") versions.push(made.outs.versionId);
  const olds = { ...(made.outs as Record<string, unknown>), __provider: SHIM };
  const changed = await impl.check(olds, { ...base, target: "releases/v1/app.js", metadata: { release: "v1" } });
  expect((await impl.diff(made.id, olds, changed.inputs)).replaces).toEqual([]);
  const updated = await impl.update(made.id, olds, changed.inputs);
  steps.push("update");
  if (typeof updated.outs?.versionId === "string") versions.push(updated.outs.versionId);
  const newOuts = { ...(updated.outs as Record<string, unknown>), __provider: SHIM };
  const read = await impl.read(made.id, newOuts);
  expect(read.props).toMatchObject({ target: "releases/v1/app.js", metadata: { release: "v1" } });
  steps.push("refresh");
  await impl.delete(made.id, read.props as Record<string, unknown>);
  steps.push("delete");
  return { steps, key: base.key, versions };
}

async function configureWith(policy: string): Promise<string> {
  const creds = await assumeWith(policy);
  await impl.configure({
    config: new Config({
      "alicloud:region": oss.region,
      "alicloud:accessKey": creds.accessKeyId,
      "alicloud:secretKey": creds.accessKeySecret,
      "alicloud:securityToken": creds.securityToken,
    }, "proj"),
  });
  return creds.accessKeySecret;
}

describe("the least-privilege RAM policy of docs/ci.md", () => {
  const doc = publishedPolicy();
  const actions = doc.Statement.flatMap((s) => s.Action);

  it("allows actions on one bucket and its objects, nothing else", () => {
    expect(actions.length).toBeGreaterThan(0);
    const resources = doc.Statement.flatMap((s) => s.Resource);
    expect(doc.Statement.every((s) => s.Effect === "Allow")).toBe(true);
    expect(resources.every((r) => r === `acs:oss:*:*:${DOC_BUCKET}` || r.startsWith(`acs:oss:*:*:${DOC_BUCKET}/`))).toBe(true);
  });

  it("is enough: every step succeeds in an unversioned and a versioned bucket, and nothing is left behind", async () => {
    await configureWith(forBuckets(doc));
    oss.resetStats();
    const plain = await lifecycle(PLAIN);
    const versioned = await lifecycle(VERSIONED);
    expect(plain.steps).toEqual(["create", "update", "refresh", "delete"]);
    expect(versioned.steps).toEqual(["create", "update", "refresh", "delete"]);
    expect(versioned.versions).toHaveLength(2);
    // The calls the table of docs/ci.md lists, and no others.
    expect(Object.keys(oss.stats().byOperation).sort()).toEqual(["DeleteObject", "GetObjectACL", "GetSymlink", "HeadObject", "ListObjectsV2", "PutSymlink"]);
    // Delete removed the link, and in the versioned bucket both versions it wrote.
    const owner = createOssClient({ region: oss.region, endpoint: oss.endpoint, credentials: { accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret } });
    try {
      await expect(owner.getSymlink({ bucket: PLAIN, key: plain.key })).rejects.toMatchObject({ code: "NoSuchKey" });
      for (const versionId of versioned.versions) {
        await expect(owner.getSymlink({ bucket: VERSIONED, key: versioned.key, versionId })).rejects.toMatchObject({ code: "NoSuchVersion" });
      }
    } finally {
      await owner.close();
    }
  });

  it("a policy that does not cover the bucket refuses the first call, AccessDenied, without the secret in the message", async () => {
    const secret = await configureWith(JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: actions, Resource: ["acs:oss:*:*:another-bucket/*"] }] }));
    const failure = await lifecycle(PLAIN).then(() => undefined, (e: unknown) => e as Error);
    expect(failure?.message).toMatch(/AccessDenied/);
    expect(failure?.message).not.toContain(secret);
  });

  it.each(actions)("each action is needed: without %s a step fails with AccessDenied", async (action) => {
    await configureWith(forBuckets(doc, action));
    const outcomes: string[] = [];
    for (const bucket of [PLAIN, VERSIONED]) {
      try {
        await lifecycle(bucket);
        outcomes.push(`${bucket}: all steps passed`);
      } catch (e) {
        outcomes.push(`${bucket}: ${(e as Error).message}`);
      }
    }
    expect(outcomes.some((o) => /AccessDenied/.test(o))).toBe(true);
  });
});
