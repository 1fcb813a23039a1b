// Opt-in: the core Symlink scenarios under the real Pulumi engine against a real OSS bucket.
//
// Runs when OSS_TEST_BUCKET, OSS_REGION and a credential pair (OSS_ACCESS_KEY_ID /
// OSS_ACCESS_KEY_SECRET, or ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET; an STS
// token in OSS_SESSION_TOKEN / ALIBABA_CLOUD_SECURITY_TOKEN; OSS_ENDPOINT optional) are set.
// Otherwise it prints a banner naming what is missing and is reported as skipped — never as passed.
//
// Every object it writes lives under one unique prefix, `pulumi-oss-symlink-live/<time>-<random>/`,
// and the clean-up deletes only keys it lists under that prefix.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { createOssClient } from "../../provider/oss/client";
import type { OssClientApi } from "../../provider/oss/clientTypes";
import type { ConfigEntry, EngineJob } from "../engine/support/engine";
import { expectOk, makeTempDir, runEngine, stateResources } from "../engine/support/engine";
import {
  SYMLINK_TOKEN,
  SYMLINKS_PROGRAM,
  pollLinks,
  readBody,
  stepOps,
  symlinkUrn,
  whilePolling,
} from "../engine/support/symlinkStack";
import { liveSettings, skipBanner, type LiveSettings } from "./liveEnv";

const outcome = liveSettings(process.env);
if (!outcome.ok) process.stderr.write(`\n${skipBanner(outcome.missing)}\n\n`);
const describeLive = outcome.ok ? describe : describe.skip; // skip ONLY when the live env is missing; the banner above says what to set

// Real OSS and a real engine: generous per-test time.
const TEST_TIMEOUT_MS = 300_000;
const RUN = `${Date.now()}-${randomBytes(4).toString("hex")}`;
const PREFIX = `pulumi-oss-symlink-live/${RUN}/`;
const V1 = { key: `${PREFIX}targets/v1.txt`, body: `live v1 ${RUN}` };
const V2 = { key: `${PREFIX}targets/v2.txt`, body: `live v2 ${RUN}` };
const LINK_KEYS = { main: `${PREFIX}links/main`, extra: `${PREFIX}links/extra` } as const;

describeLive("Symlink against real OSS (opt-in live suite)", () => {
  // Only reached when outcome.ok (describe.skip does not run the body's hooks or tests).
  const settings = (outcome as { ok: true; settings: LiveSettings }).settings;
  let client: OssClientApi;
  let tmp: string;
  let job: Omit<EngineJob, "op">;

  function program(main: Record<string, unknown>): EngineJob["program"] {
    const links = [
      { name: "main", bucket: settings.bucket, key: LINK_KEYS.main, target: V1.key, metadata: { suite: "live" }, ...main },
      { name: "extra", bucket: settings.bucket, key: LINK_KEYS.extra, target: V1.key },
    ];
    return { module: SYMLINKS_PROGRAM, args: { links } };
  }

  beforeAll(async () => {
    process.stderr.write(
      `live OSS suite: bucket ${settings.bucket}, region ${settings.region}` +
        `${settings.endpoint !== undefined ? `, endpoint ${settings.endpoint}` : ""}, credentials from ${settings.credentialSource}, prefix ${PREFIX}\n`,
    );
    client = createOssClient({
      region: settings.region,
      ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
      credentials: {
        accessKeyId: settings.accessKeyId,
        accessKeySecret: settings.accessKeySecret,
        ...(settings.securityToken !== undefined ? { securityToken: settings.securityToken } : {}),
      },
    });
    await client.putObject({ bucket: settings.bucket, key: V1.key, body: V1.body });
    await client.putObject({ bucket: settings.bucket, key: V2.key, body: V2.body });
    tmp = makeTempDir("live-");
    const config: Record<string, ConfigEntry> = {
      "alicloud:region": { value: settings.region },
      "alicloud:accessKey": { value: settings.accessKeyId },
      "alicloud:secretKey": { value: settings.accessKeySecret, secret: true },
    };
    if (settings.securityToken !== undefined) config["alicloud:securityToken"] = { value: settings.securityToken, secret: true };
    if (settings.endpoint !== undefined) config["endpoint"] = { value: settings.endpoint };
    job = { stateDir: path.join(tmp, "state"), projectName: "ossymlinklive", stackName: `live${RUN.replace(/-/g, "")}`, config };
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    if (job !== undefined) {
      // Best effort if a test failed midway; the prefix sweep below catches what it leaves.
      await runEngine({ ...job, op: "destroy" }).catch(() => undefined);
    }
    if (client !== undefined) {
      let token: string | undefined;
      do {
        const page = await client.listObjectsV2({
          bucket: settings.bucket,
          prefix: PREFIX,
          ...(token !== undefined ? { continuationToken: token } : {}),
        });
        for (const o of page.objects) {
          // The listing was by prefix; the check makes "never outside the prefix" explicit.
          if (o.key.startsWith(PREFIX)) await client.deleteObject({ bucket: settings.bucket, key: o.key });
        }
        token = page.isTruncated ? page.nextContinuationToken : undefined;
      } while (token !== undefined);
      await client.close();
    }
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
  }, TEST_TIMEOUT_MS);

  test(
    "up creates the links and a GET through each returns the target's bytes",
    async () => {
      const up = expectOk(await runEngine({ ...job, op: "up", program: program({}) }));
      expect(up.resourceChanges).toEqual({ create: 3 });
      for (const key of Object.values(LINK_KEYS)) {
        expect(await readBody(client, settings.bucket, key)).toBe(V1.body);
        expect((await client.getSymlink({ bucket: settings.bucket, key })).target).toBe(V1.key);
      }
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "retargeting replaces the link with no gap for readers",
    async () => {
      const poller = pollLinks(client, settings.bucket, { [LINK_KEYS.main]: [V1.body, V2.body] }, 20);
      const [up, report] = await whilePolling(poller, () => runEngine({ ...job, op: "up", program: program({ target: V2.key }) }));
      expectOk(up);
      expect(stepOps(up, "main")).toEqual(["create-replacement", "replace", "delete-replaced"]);
      expect(report.polls).toBeGreaterThan(0);
      expect(report.bad).toEqual([]);
      expect(await readBody(client, settings.bucket, LINK_KEYS.main)).toBe(V2.body);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "a metadata change updates the link in place",
    async () => {
      const up = expectOk(await runEngine({ ...job, op: "up", program: program({ target: V2.key, metadata: { suite: "live-updated" } }) }));
      expect(up.resourceChanges).toEqual({ update: 1, same: 2 });
      expect(stepOps(up, "main")).toEqual(["update"]);
      const live = await client.getSymlink({ bucket: settings.bucket, key: LINK_KEYS.main });
      expect(live.metadata["suite"]).toBe("live-updated");
      expect(live.target).toBe(V2.key);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "refresh picks up an out-of-band retarget and an out-of-band delete; up restores both",
    async () => {
      await client.putSymlink({ bucket: settings.bucket, key: LINK_KEYS.main, target: V1.key });
      await client.deleteObject({ bucket: settings.bucket, key: LINK_KEYS.extra });
      expectOk(await runEngine({ ...job, op: "refresh" }));
      const state = stateResources(expectOk(await runEngine({ ...job, op: "export" })), SYMLINK_TOKEN);
      expect(state.find((r) => r.urn === symlinkUrn(job, "main"))?.outputs?.["target"]).toBe(V1.key);
      expect(state.find((r) => r.urn === symlinkUrn(job, "extra"))).toBeUndefined();

      const desired = program({ target: V2.key, metadata: { suite: "live-updated" } });
      const up = expectOk(await runEngine({ ...job, op: "up", program: desired }));
      expect(up.resourceChanges).toEqual({ replace: 1, create: 1, same: 1 });
      expect(await readBody(client, settings.bucket, LINK_KEYS.main)).toBe(V2.body);
      expect(await readBody(client, settings.bucket, LINK_KEYS.extra)).toBe(V1.body);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "destroy removes the links and keeps the targets",
    async () => {
      expectOk(await runEngine({ ...job, op: "destroy" }));
      for (const key of Object.values(LINK_KEYS)) expect(await readBody(client, settings.bucket, key)).toBe("<NoSuchKey>");
      expect(await readBody(client, settings.bucket, V1.key)).toBe(V1.body);
      expect(await readBody(client, settings.bucket, V2.key)).toBe(V2.body);
    },
    TEST_TIMEOUT_MS,
  );
});
