// alicloud:assumeRole under the real Pulumi engine: the provider plugin process assumes the role
// through @alicloud/credentials against the embedded https STS (trusting the test CA only through
// NODE_EXTRA_CA_CERTS, which the CLI passes on to it), and every OSS request carries the
// temporary AccessKeyId that STS issued. The caller's secret never reaches state or output.
import * as fs from "node:fs";
import * as path from "node:path";
import { expectOk, readStateFiles, runEngine, type EngineJob } from "./support/engine";
import { SYMLINKS_PROGRAM, readBody, useEngineOss } from "./support/symlinkStack";
import type { LocalOssOptions } from "../../server";
import { startKeyRecorder, type KeyRecorder } from "../integration/sts/keyRecorder";
import { CALLER_ID, CALLER_SECRET, ROLE_ARN, startStsFixture, type StsFixture } from "../integration/sts/stsFixture";

jest.setTimeout(240_000);

const BUCKET = "engine-assume-role";
const TARGET = { key: "targets/v1.txt", body: "assumed" };
let fx: StsFixture;
let recorder: KeyRecorder;
// Filled before useEngineOss's beforeAll starts the OSS server: it accepts what the STS issues.
const serverOptions: LocalOssOptions = {};
beforeAll(async () => {
  fx = await startStsFixture(false);
  serverOptions.temporaryCredentials = fx.store;
});
const local = useEngineOss({ projectName: "assumerole", bucket: BUCKET, objects: [TARGET], server: serverOptions });
let job: Omit<EngineJob, "op">;
let yamlJob: Omit<EngineJob, "op">;
beforeAll(async () => {
  recorder = await startKeyRecorder(local.oss.endpoint);
  const base = local.job();
  const { "alicloud:securityToken": _token, ...config } = base.config ?? {};
  job = {
    ...base,
    config: {
      ...config,
      "pulumi-oss-symlink:endpoint": { value: recorder.endpoint },
      "alicloud:accessKey": { value: CALLER_ID },
      "alicloud:secretKey": { value: CALLER_SECRET, secret: true },
      "alicloud:assumeRole": { value: JSON.stringify({ roleArn: ROLE_ARN, sessionName: "engine-test" }) },
      "alicloud:endpoints": { value: JSON.stringify([{ sts: fx.sts.hostPort }]) },
    },
    env: { NODE_EXTRA_CA_CERTS: fx.cert.caFile, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" },
  };
});
afterAll(async () => {
  await recorder?.close();
  await fx?.close();
});

const program = (): EngineJob["program"] => ({ module: SYMLINKS_PROGRAM, args: { links: [{ name: "assumed", bucket: BUCKET, key: "links/assumed", target: TARGET.key }] } });

test("up assumes the role once and writes with the STS credentials it got", async () => {
  const up = expectOk(await runEngine({ ...job, op: "up", program: program() }));
  expect(up.resourceChanges).toEqual({ create: 2 });
  const assumed = fx.sts.calls().filter((c) => c.action === "AssumeRole");
  expect(assumed.map((c) => [c.code, c.callerAccessKeyId, c.roleArn, c.roleSessionName])).toEqual([["Success", CALLER_ID, ROLE_ARN, "engine-test"]]);
  const seen = [...new Set(recorder.seen())];
  console.log(`engine assumeRole: STS issued ${assumed[0]?.issuedAccessKeyId?.slice(0, 8)}…, OSS saw ${seen.map((k) => `${k.slice(0, 8)}…`).join(", ")} on ${recorder.seen().length} request(s)`);
  expect(seen).toEqual([assumed[0]?.issuedAccessKeyId]);
  expect(await readBody(local.client, BUCKET, "links/assumed")).toBe(TARGET.body);
  const raw = readStateFiles(job.stateDir) + JSON.stringify(up);
  expect(raw).not.toContain(CALLER_SECRET);
});

test("the same settings written as YAML maps in Pulumi.<stack>.yaml reach the provider", async () => {
  // What a user writes by hand or with `pulumi config set --path`: a map and a list, which the
  // engine hands to the provider as JSON text.
  const stackFile = path.join(job.stateDir, "workspaces", job.projectName, `Pulumi.${job.stackName}.yaml`);
  const text = fs.readFileSync(stackFile, "utf8").split("\n").filter((l) => !/^ {2}alicloud:(assumeRole|endpoints):/.test(l)).join("\n");
  const maps = [
    "  alicloud:assumeRole:",
    `    roleArn: ${ROLE_ARN}`,
    "    sessionName: yaml-map",
    "  alicloud:endpoints:",
    `    - sts: ${fx.sts.hostPort}`,
  ].join("\n");
  fs.writeFileSync(stackFile, text.replace(/^config:\n/m, `config:\n${maps}\n`));
  const { "alicloud:assumeRole": _role, "alicloud:endpoints": _endpoints, ...config } = job.config ?? {};
  yamlJob = { ...job, config };
  recorder.reset();
  const before = fx.sts.calls().length;
  const two: EngineJob["program"] = { module: SYMLINKS_PROGRAM, args: { links: [{ name: "assumed", bucket: BUCKET, key: "links/assumed", target: TARGET.key }, { name: "second", bucket: BUCKET, key: "links/second", target: TARGET.key }] } };
  const up = expectOk(await runEngine({ ...yamlJob, op: "up", program: two }));
  expect(up.resourceChanges).toMatchObject({ create: 1 });
  const assumed = fx.sts.calls().slice(before);
  expect(assumed.map((c) => [c.code, c.roleArn, c.roleSessionName])).toEqual([["Success", ROLE_ARN, "yaml-map"]]);
  expect([...new Set(recorder.seen())]).toEqual([assumed[0]?.issuedAccessKeyId]);
  expect(await readBody(local.client, BUCKET, "links/second")).toBe(TARGET.body);
});

test("destroy works with a fresh AssumeRole in a new provider process", async () => {
  recorder.reset();
  const before = fx.sts.calls().length;
  expectOk(await runEngine({ ...yamlJob, op: "destroy", program: program() }));
  const assumed = fx.sts.calls().slice(before);
  expect(assumed.map((c) => c.code)).toEqual(["Success"]);
  expect([...new Set(recorder.seen())]).toEqual([assumed[0]?.issuedAccessKeyId]);
});
