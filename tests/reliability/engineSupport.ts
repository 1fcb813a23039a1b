// Shared pieces of the engine-level reliability tests (tests/reliability/engine*.test.ts): the
// program that declares the links, a local OSS server with distinctive credentials, the stack
// config that points the provider at it, and the checks that compare what the server holds with
// what the stack declares. See docs/reliability-engine.md.
import * as fs from "node:fs";
import * as path from "node:path";
import { createOssClient } from "../../provider/oss/client";
import type { ListedObject, OssClientApi } from "../../provider/oss/clientTypes";
import { startLocalOss, type LocalOss, type LocalOssOptions } from "../../server";
import type { ConfigEntry, EngineResult } from "../engine/support/engine";

/** The program: one Symlink per entry of `args.links`, every other field passed through as an input. */
export const LINKS_PROGRAM = "./tests/engine/programs/reliabilityLinks.js";

/** Type token of a Symlink in state and in engine events. */
export const SYMLINK_TOKEN = "pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink";

/** Distinctive credentials: any occurrence outside the provider's memory is a leak. */
export const REL_CREDENTIALS = {
  accessKeyId: "LTAIrelEngineKey5Zq",
  accessKeySecret: "rel-engine-SECRET-7c1e9d40b2a64f35",
  securityToken: "rel-engine-STSTOKEN-e58b2f0a93d17c46",
} as const;

/** One link as the program takes it. */
export interface LinkSpec {
  name: string;
  key?: unknown;
  target?: unknown;
  [input: string]: unknown;
}

/** The program spec for `links` in `bucket`. */
export function linksProgram(bucket: string | undefined, links: LinkSpec[]): { module: string; args: unknown } {
  return { module: LINKS_PROGRAM, args: bucket === undefined ? { links } : { bucket, links } };
}

/** Starts a local OSS server on 127.0.0.1:0 accepting {@link REL_CREDENTIALS} (token included). */
export function startRelOss(options: LocalOssOptions = {}): Promise<LocalOss> {
  return startLocalOss({
    accessKeyId: REL_CREDENTIALS.accessKeyId,
    accessKeySecret: REL_CREDENTIALS.accessKeySecret,
    securityToken: REL_CREDENTIALS.securityToken,
    ...options,
  });
}

/** Stack config pointing the provider at `oss`, with the credentials as config (secrets flagged). */
export function relStackConfig(oss: LocalOss, withCredentials = true): Record<string, ConfigEntry> {
  const config: Record<string, ConfigEntry> = {
    "alicloud:region": { value: oss.region },
    endpoint: { value: oss.endpoint },
  };
  if (withCredentials) {
    config["alicloud:accessKey"] = { value: REL_CREDENTIALS.accessKeyId };
    config["alicloud:secretKey"] = { value: REL_CREDENTIALS.accessKeySecret, secret: true };
    config["alicloud:securityToken"] = { value: REL_CREDENTIALS.securityToken, secret: true };
  }
  return config;
}

/** The library's client against `oss`, one attempt per call (use it with faults cleared). */
export function relClient(oss: LocalOss): OssClientApi {
  return createOssClient({ region: oss.region, endpoint: oss.endpoint, credentials: { ...REL_CREDENTIALS }, maxAttempts: 1 });
}

/** Every object in `bucket`, following continuation tokens. */
export async function listBucket(client: OssClientApi, bucket: string): Promise<ListedObject[]> {
  const all: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await client.listObjectsV2({ bucket, maxKeys: 1000, ...(token !== undefined ? { continuationToken: token } : {}) });
    all.push(...page.objects);
    token = page.isTruncated ? page.nextContinuationToken : undefined;
  } while (token !== undefined);
  return all;
}

/** Runs `fn` with the server's faults cleared, then puts the previous fault settings back. */
export async function withoutFaults<T>(oss: LocalOss, fn: () => Promise<T>): Promise<T> {
  const saved = oss.faults.get();
  oss.faults.clear();
  try {
    return await fn();
  } finally {
    oss.faults.set(saved);
  }
}

/** Everything an engine run showed the user: console output, diagnostics, error, driver output. */
export function engineText(r: EngineResult): string {
  return [
    r.stdout,
    r.stderr,
    r.error?.message ?? "",
    r.error?.stdout ?? "",
    r.error?.stderr ?? "",
    ...r.diagnostics.map((d) => d.message),
    r.programOutput,
    r.driverStderr,
  ].join("\n");
}

/** A short reason for a failed run, for reports: the engine's error diagnostics, else its error. */
export function failureSummary(r: EngineResult): string {
  const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message.trim().split("\n")[0] ?? "");
  if (errors.length > 0) return errors.join(" | ");
  return (r.error?.message ?? "unknown failure").split("\n").slice(0, 3).join(" ");
}

/** Every regular file under `dir`, recursively (symlinks not followed). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  walk(dir);
  return out;
}
