/**
 * The lookup behind the SDK's `getSymlink`: reads a live link with the resource's configuration
 * rules and client. It runs in the program process, not in the provider host: the SDK hands it the
 * stack config (the same keys `configure` reads, provider/config.ts) and the environment, so
 * region, endpoint and credentials resolve exactly as for a Symlink. Arguments are checked by the
 * schema's own rules (lifecycle/schema.ts); failures read like the resource's.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { resolveSignVersion, type ConfigSource, type Env } from "./config";
import { chosenCredentials, readProviderConfig, settingsContext, type SettingsFiles } from "./configCredentials";
import { checkSettings, type CheckContext } from "./lifecycle/check";
import { lookupLink } from "./lifecycle/effects/lookupLink";
import { SymlinkProviderError } from "./lifecycle/errors";
import { splitMetadata } from "./lifecycle/readMapping";
import { SYMLINK_SCHEMA, type CheckFailure } from "./lifecycle/schema";
import { symlinkId } from "./lifecycle/readMapping";
import { createOssClient } from "./oss/client";
import type { OssClientApi, OssClientOptions } from "./oss/clientTypes";
import type { ObjectAcl } from "./oss/constants";
import { withErrors } from "./withErrors";

/** Which link to read. */
interface SymlinkLookup {
  bucket: string;
  key: string;
  /** A version of the link on a versioned bucket; default the current one. */
  versionId?: string;
  /** Default: as for a Symlink (config `alicloud:region`, then the environment). */
  region?: string;
  /** Default: as for a Symlink (docs/configuration.md: `pulumi-oss-symlink:endpoint`, `alicloud:endpoints` oss, then `OSS_ENDPOINT`, then the region's public endpoint). */
  endpoint?: string;
}

/** A live link as read. */
export interface LookedUpSymlink {
  /** `bucket/key`, the ID a Symlink resource for it has. */
  id: string;
  bucket: string;
  key: string;
  target: string;
  /** The link's own ACL (`default`: the bucket's). */
  acl: ObjectAcl;
  /** The link's storage class; undefined when `versionId` names a version that is not the current one (OSS lists only current versions). */
  storageClass?: string;
  /** User metadata, names lower case, without the provider's `pulumi-owner` entry. */
  metadata: Record<string, string>;
  /** Whether the link carries a Symlink resource's ownership token (`x-oss-meta-pulumi-owner`). */
  managedByPulumi: boolean;
  cacheControl?: string;
  contentDisposition?: string;
  contentType?: string;
  etag: string;
  versionId?: string;
  lastModified?: string;
  region: string;
  endpoint?: string;
  /** Public (unsigned) URL of the link. */
  url: string;
}

/** Where the lookup takes its configuration and client from. */
interface LookupContext {
  /** The stack config, read the way a dynamic provider's `configure` reads it. */
  config: ConfigSource;
  env: Env;
  /** Default `createOssClient`. */
  createClient?: (options: OssClientOptions) => OssClientApi;
  /** The files the settings may name. Default: this process's home directory and file system. */
  files?: SettingsFiles;
}

/** The argument and settings errors of `request`, as `property: reason` lines, plus the resolved region and endpoint. */
function checked(request: SymlinkLookup, ctx: CheckContext): {
  failures: CheckFailure[];
  region?: string;
  endpoint?: string;
} {
  const news = request as unknown as Record<string, unknown>;
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  for (const field of ["bucket", "key", "region", "endpoint"] as const) {
    const result = SYMLINK_SCHEMA[field].check(news[field], news, ctx);
    failures.push(...(result.failures ?? []));
    if (result.value !== undefined) inputs[field] = result.value;
  }
  failures.push(...checkSettings(news, inputs, ctx));
  const v = request.versionId;
  if (v !== undefined && (typeof v !== "string" || v === "")) failures.push({ property: "versionId", reason: "versionId must be a non-empty string, or left out for the current version" });
  return {
    failures,
    ...(typeof inputs.region === "string" ? { region: inputs.region } : {}),
    ...(typeof inputs.endpoint === "string" ? { endpoint: inputs.endpoint } : {}),
  };
}

/** Reads the link `request` names. Throws one line naming `oss://bucket/key` for a missing key, a normal object or any OSS failure. */
export async function lookupSymlink(request: SymlinkLookup, context: LookupContext): Promise<LookedUpSymlink> {
  const files = context.files ?? { homeDir: os.homedir(), readFile: (f: string) => fs.readFileSync(f, "utf8"), fileExists: fs.existsSync };
  const config = readProviderConfig(context.config, context.env, files);
  const { failures, region, endpoint } = checked(request, settingsContext(config, context.env, files, Math.floor(Date.now() / 1000)));
  if (failures.length > 0 || region === undefined) {
    const where = typeof request.bucket === "string" && typeof request.key === "string" ? ` oss://${request.bucket}/${request.key}` : "";
    throw new SymlinkProviderError(`getSymlink${where}: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`, "InvalidArgument");
  }
  const identity = chosenCredentials(config, context.env, files);
  const signatureVersion = resolveSignVersion(config, []);
  const client = (context.createClient ?? createOssClient)({
    region,
    ...(endpoint !== undefined ? { endpoint } : {}),
    credentials: identity.credentials,
    ...(signatureVersion !== undefined ? { signatureVersion } : {}),
  });
  const { bucket, key, versionId } = request;
  try {
    const where = { bucket, key, region, ...(endpoint !== undefined ? { endpoint } : {}) };
    const live = await withErrors(client, "getSymlink", where, () => lookupLink(client, bucket, key, versionId));
    const { user, ownerToken } = splitMetadata(live.link.metadata);
    return {
      id: symlinkId(bucket, key),
      bucket,
      key,
      target: live.link.target,
      // GetObjectACL answers for every readable link; only a race with a delete leaves it out.
      acl: live.acl ?? "default",
      ...(live.storageClass !== undefined ? { storageClass: live.storageClass } : {}),
      metadata: user,
      managedByPulumi: ownerToken !== undefined,
      ...(live.link.cacheControl !== undefined ? { cacheControl: live.link.cacheControl } : {}),
      ...(live.link.contentDisposition !== undefined ? { contentDisposition: live.link.contentDisposition } : {}),
      ...(live.link.contentType !== undefined ? { contentType: live.link.contentType } : {}),
      etag: live.link.etag,
      ...(live.link.versionId !== undefined ? { versionId: live.link.versionId } : {}),
      ...(live.link.lastModified !== undefined ? { lastModified: live.link.lastModified } : {}),
      region,
      ...(endpoint !== undefined ? { endpoint } : {}),
      url: client.objectUrl(bucket, key),
    };
  } finally {
    await client.close().catch(() => undefined);
    identity.dispose();
  }
}
