// Shared pieces of the Symlink engine tests (tests/engine/symlink*.test.ts and the engine-level
// reliability tests): a local OSS server with distinctive fake credentials, the stack config that
// points the provider at it, an OSS client for checks and out-of-band changes, the per-file setup
// that ties them together, and a poller that reads through links while the engine runs.
import OSS = require("ali-oss");
import * as fs from "node:fs";
import * as path from "node:path";
import { createOssClient } from "../../../provider/oss/client";
import type { OssClientApi } from "../../../provider/oss/clientTypes";
import { OssError } from "../../../provider/oss/ossError";
import { startLocalOss, type LocalOss, type LocalOssOptions } from "../../../server";
import type { ConfigEntry, EngineJob, EngineResult, EngineStep } from "./engine";
import { REPO_ROOT, makeTempDir } from "./engine";

/** The type token of a Symlink (module `pulumi-oss-symlink`, type `Symlink`) in state and in engine events. */
export const SYMLINK_TOKEN = "pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink";

/** The program module that declares `args.links` as Symlinks (path relative to the repo root). */
export const SYMLINKS_PROGRAM = "./tests/engine/programs/symlinks.js";
/** The same program as an absolute path (for copies into other project folders). */
export const SYMLINKS_PROGRAM_FILE = path.join(REPO_ROOT, "tests", "engine", "programs", "symlinks.js");

/**
 * Credentials the local server is configured with. Distinctive, so a test can grep the raw state
 * files and the engine's output for them: any hit means a secret leaked.
 */
export const FAKE_CREDENTIALS = {
  accessKeyId: "LTAIengineTestKeyId7Q",
  accessKeySecret: "engine-test-SECRET-do-not-store-4f9c1b7e",
  securityToken: "engine-test-STS-TOKEN-do-not-store-a83d55e0",
} as const;

/** Starts a local OSS server on 127.0.0.1:0 that accepts {@link FAKE_CREDENTIALS} (token included) unless `options` say otherwise. */
export function startEngineOss(options: LocalOssOptions = {}): Promise<LocalOss> {
  return startLocalOss({ ...FAKE_CREDENTIALS, ...options });
}

/** Stack config that points the Symlink provider at `oss`, with the credentials as config (secrets flagged) unless `withCredentials` is false. */
export function ossStackConfig(oss: LocalOss, withCredentials = true): Record<string, ConfigEntry> {
  const config: Record<string, ConfigEntry> = {
    "alicloud:region": { value: oss.region },
    "pulumi-oss-symlink:endpoint": { value: oss.endpoint },
  };
  if (withCredentials) {
    config["alicloud:accessKey"] = { value: FAKE_CREDENTIALS.accessKeyId };
    config["alicloud:secretKey"] = { value: FAKE_CREDENTIALS.accessKeySecret, secret: true };
    config["alicloud:securityToken"] = { value: FAKE_CREDENTIALS.securityToken, secret: true };
  }
  return config;
}

/** The library's own client against `oss`, one attempt per call so no failure is retried away. */
export function checkClient(oss: LocalOss): OssClientApi {
  return createOssClient({
    region: oss.region,
    endpoint: oss.endpoint,
    credentials: { ...FAKE_CREDENTIALS },
    maxAttempts: 1,
  });
}

/** What {@link useEngineOss} gives a test file; the fields are set once its `beforeAll` has run. */
export interface EngineOssFixture {
  oss: LocalOss;
  /** {@link checkClient} against `oss`. */
  client: OssClientApi;
  /** The file's temp dir (backend state, project folders), removed after its tests. */
  tmp: string;
  /** The job of stack `stackName` (default `dev`): backend in `<tmp>/state`, {@link ossStackConfig} as config. */
  job(stackName?: string): Omit<EngineJob, "op">;
}

/**
 * The setup every Symlink engine test file needs, as jest hooks: before its tests, a server from
 * {@link startEngineOss} holding `bucket` (plus any other `server` options), its check client, the
 * `objects` put into `bucket`, and a temp dir; after them, all closed and removed. Call it at the
 * top of the file or describe block, before the hooks that use it.
 */
export function useEngineOss(setup: {
  projectName: string;
  bucket: string;
  objects?: Array<{ key: string; body: string }>;
  server?: LocalOssOptions;
}): EngineOssFixture {
  const fixture = {
    job(stackName = "dev") {
      return { stateDir: path.join(fixture.tmp, "state"), projectName: setup.projectName, stackName, config: ossStackConfig(fixture.oss) };
    },
  } as EngineOssFixture;
  beforeAll(async () => {
    fixture.tmp = makeTempDir(`${setup.projectName}-`);
    fixture.oss = await startEngineOss({ buckets: [setup.bucket], ...setup.server });
    fixture.client = checkClient(fixture.oss);
    for (const { key, body } of setup.objects ?? []) await fixture.client.putObject({ bucket: setup.bucket, key, body });
  });
  afterAll(async () => {
    await fixture.client?.close();
    await fixture.oss?.close();
    if (!fixture.tmp) return;
    // REL_ENGINE_KEEP=1 keeps the temp dir (backend state, workspaces) for inspection after a failure.
    if (process.env.REL_ENGINE_KEEP === "1") console.log(`kept ${fixture.tmp}`);
    else fs.rmSync(fixture.tmp, { recursive: true, force: true });
  });
  return fixture;
}

/** DeleteObject requests `oss` has received (since its last stats reset). */
export function deleteCount(oss: LocalOss): number {
  return oss.stats().byOperation["DeleteObject"] ?? 0;
}

/** An `ali-oss` client against `oss` (an independent implementation, for out-of-band changes). */
export function aliClient(oss: LocalOss, bucket: string): OSS {
  // IP endpoint: ali-oss connects to the IP and names the bucket in Host (see tests/conformance/aliOss.test.ts).
  // No STS token: the server accepts plain keys too, and ali-oss warns on every client given a token.
  return new OSS({
    endpoint: oss.endpoint,
    cname: false,
    region: `oss-${oss.region}`,
    accessKeyId: FAKE_CREDENTIALS.accessKeyId,
    accessKeySecret: FAKE_CREDENTIALS.accessKeySecret,
    bucket,
  } as OSS.Options);
}

/** The URN of the Symlink `name` in a stack. */
export function symlinkUrn(job: Pick<EngineJob, "projectName" | "stackName">, name: string): string {
  return `urn:pulumi:${job.stackName}::${job.projectName}::${SYMLINK_TOKEN}::${name}`;
}

/** The ops of the engine's `pre` steps for one resource name, in order (e.g. ["create-replacement", "replace", "delete-replaced"]). */
export function stepOps(result: EngineResult, name: string): string[] {
  return result.steps
    .filter((s: EngineStep) => s.phase === "pre" && s.type === SYMLINK_TOKEN && s.urn.endsWith(`::${name}`))
    .map((s) => s.op);
}

/** The body of `key` read through OSS, or the OSS error code when the read failed. */
export async function readBody(client: OssClientApi, bucket: string, key: string): Promise<string> {
  try {
    return (await client.getObject({ bucket, key })).body.toString("utf8");
  } catch (err) {
    if (err instanceof OssError) return `<${err.code}>`;
    throw err;
  }
}

/** What a {@link LinkPoller} saw. */
export interface PollReport {
  /** Completed GETs through any link. */
  polls: number;
  /** Every answer that was not one of the link's allowed bodies, with the link key. */
  bad: { key: string; got: string }[];
  /** Distinct bodies seen per link key. */
  seen: Record<string, string[]>;
}

/** Reads through links in a loop until stopped. */
export interface LinkPoller {
  stop(): Promise<PollReport>;
}

/**
 * GETs through each link in `allowed` in turn (a short pause between rounds) until `stop()`; any
 * answer other than one of the link's allowed bodies (a 404, a wrong target) is recorded as bad.
 */
export function pollLinks(client: OssClientApi, bucket: string, allowed: Record<string, string[]>, pauseMs = 5): LinkPoller {
  const report: PollReport = { polls: 0, bad: [], seen: {} };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const [key, bodies] of Object.entries(allowed)) {
        const got = await readBody(client, bucket, key);
        report.polls++;
        const seen = (report.seen[key] ??= []);
        if (!seen.includes(got)) seen.push(got);
        if (!bodies.includes(got)) report.bad.push({ key, got });
      }
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return report;
    },
  };
}

/** Runs `work` while `poller` reads, then stops the poller (also when `work` throws). */
export async function whilePolling<T>(poller: LinkPoller, work: () => Promise<T>): Promise<[T, PollReport]> {
  const outcome = await work().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  // Stop in any case, so the loop never outlives the test.
  const report = await poller.stop();
  if (!outcome.ok) throw outcome.error;
  return [outcome.value, report];
}

/**
 * The Symlink `name`'s outputs as the engine recorded them in this operation (the last completed
 * step that produced outputs: create, update, same, or the replacement's create), or undefined.
 */
export function recordedOutputs(result: EngineResult, name: string): Record<string, unknown> | undefined {
  const done = result.steps.filter(
    (s: EngineStep) => s.phase === "done" && s.type === SYMLINK_TOKEN && s.urn.endsWith(`::${name}`) && s.new?.outputs !== undefined,
  );
  return done[done.length - 1]?.new?.outputs;
}
