/**
 * The Symlink provider implementation. The serialized shim (index.ts) loads this module by
 * package name (`pulumi-oss-symlink/provider-impl`) inside each method, so the code that runs
 * is whatever version is installed, also for refresh and delete of resources created earlier.
 *
 * Decisions live in `lifecycle/*` (pure), effects in `lifecycle/effects/*` (take an
 * `OssClientApi`). This file wires them to the dynamic-provider method shapes and keeps two
 * pieces of per-process state: the configuration from `configure`, and one client per
 * (region, endpoint).
 */
import type { dynamic } from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as os from "node:os";
import type { CredentialsProvider, OssClientApi, PutResult } from "./oss/clientTypes";
import { createOssClient } from "./oss/client";
import { possibleCredentialSources } from "./oss/credentials";
import {
  CONFIG_KEYS,
  hasConfigCredentials,
  providerConfigFrom,
  resolveEndpoint,
  resolveRegion,
  type ConfigSource,
  type ProviderConfig,
} from "./config";
import { checkSymlink } from "./lifecycle/check";
import { diffSymlink } from "./lifecycle/diff";
import { actionableError, CREDENTIAL_ERROR_CODES, ossErrorCode, SymlinkProviderError } from "./lifecycle/errors";
import { createLink } from "./lifecycle/effects/createLink";
import { deleteLink } from "./lifecycle/effects/deleteLink";
import { readLink } from "./lifecycle/effects/readLink";
import { updateLink } from "./lifecycle/effects/updateLink";
import { newOwnerToken, withOwnerId } from "./lifecycle/ownerToken";
import { outputsAfterWrite } from "./lifecycle/outputs";
import { parseId, stateFromLive, symlinkId } from "./lifecycle/readMapping";
import { PROVIDER_KEY, type SymlinkInputs, type SymlinkOutputs } from "./lifecycle/types";

let providerConfig: ProviderConfig = {};
const CREATE_ONLY_FIELDS: ReadonlySet<string> = new Set(["forbidOverwrite", "adopt"]);
const clients = new Map<string, OssClientApi>();

function clientKey(region: string, endpoint: string | undefined): string {
  return `${region}\n${endpoint ?? ""}`;
}

function configCredentials(config: ProviderConfig): CredentialsProvider | undefined {
  if (!hasConfigCredentials(config)) return undefined;
  const credentials = {
    accessKeyId: config.accessKeyId as string,
    accessKeySecret: config.accessKeySecret as string,
    ...(config.securityToken !== undefined ? { securityToken: config.securityToken } : {}),
  };
  const source = `stack config ${CONFIG_KEYS.accessKey} / ${CONFIG_KEYS.secretKey}${config.securityToken !== undefined ? ` / ${CONFIG_KEYS.securityToken}` : ""}`;
  return { getCredentials: async () => credentials, describe: () => source };
}

/** The cached client for a region and endpoint, created on first use. */
function clientFor(region: string, endpoint: string | undefined): OssClientApi {
  const key = clientKey(region, endpoint);
  let client = clients.get(key);
  if (client === undefined) {
    const credentials = configCredentials(providerConfig);
    client = createOssClient({
      region,
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(credentials !== undefined ? { credentials } : {}),
    });
    clients.set(key, client);
  }
  return client;
}

/** Runs an effect and turns failures into actionable errors (naming the credential source on auth errors). */
async function withErrors<T>(
  client: OssClientApi,
  operation: string,
  where: { bucket: string; key: string; region?: string; endpoint?: string },
  effect: () => Promise<T>,
): Promise<T> {
  try {
    return await effect();
  } catch (err) {
    const code = ossErrorCode(err);
    let credentialSource: string | undefined;
    if (code !== undefined && CREDENTIAL_ERROR_CODES.has(code)) {
      credentialSource = await client.credentialSource().catch(() => undefined);
    }
    throw actionableError(err, {
      operation,
      bucket: where.bucket,
      key: where.key,
      ...(where.region !== undefined ? { region: where.region } : {}),
      ...(where.endpoint !== undefined ? { endpoint: where.endpoint } : {}),
      ...(credentialSource !== undefined ? { credentialSource } : {}),
    });
  }
}

function withoutProvider<T extends object>(props: T): T {
  const copy = { ...props } as Record<string, unknown>;
  delete copy[PROVIDER_KEY];
  return copy as T;
}

/** Outputs after a PutSymlink. PutSymlink returns no Last-Modified, so it is the provider's clock. */
function outputsAfter(client: OssClientApi, inputs: SymlinkInputs, write: PutResult, ownerToken: string): SymlinkOutputs {
  return outputsAfterWrite(
    inputs,
    { etag: write.etag, versionId: write.versionId, lastModified: new Date().toUTCString() },
    ownerToken,
    client.objectUrl(inputs.bucket, inputs.key),
  );
}

/** Empties the client cache and closes the clients; close() lets in-flight requests finish. */
async function closeClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.close().catch(() => undefined)));
}

/**
 * Stores the stack configuration for this process (`alicloud:region`, `alicloud:accessKey`,
 * `alicloud:secretKey`, `alicloud:securityToken`, `<project>:endpoint`). Called by the host once
 * per serialized provider text, before its first method call. Resets the client cache when
 * the configuration changed.
 */
export async function configure(req: dynamic.ConfigureRequest | { config: ConfigSource }): Promise<void> {
  const next = providerConfigFrom(req.config);
  if (JSON.stringify(next) === JSON.stringify(providerConfig)) return;
  providerConfig = next;
  await closeClients();
}

/** Validates and normalizes inputs (no network): defaults filled, region/endpoint resolved. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  // Other credential sources only matter when stack config supplies none.
  const credentialSources = hasConfigCredentials(providerConfig) ? undefined : possibleCredentialSources(process.env, os.homedir(), fs.existsSync);
  const outcome = checkSymlink(news, { config: providerConfig, env: process.env, ...(credentialSources !== undefined ? { credentialSources } : {}) });
  return { inputs: outcome.inputs, failures: outcome.failures };
}

/** Replace vs update vs nothing (no network). Never asks for delete-before-replace. */
export async function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<dynamic.DiffResult> {
  const d = diffSymlink(olds, news);
  return { changes: d.changes, replaces: d.replaces };
}

/** PutSymlink with a fresh ownership token (plus the forbidOverwrite / adopt paths). */
export async function create(inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
  const news = withoutProvider(inputs) as unknown as SymlinkInputs;
  const client = clientFor(news.region, news.endpoint);
  const ownerToken = newOwnerToken(news.ownerId);
  const write = await withErrors(client, "PutSymlink", news, () => createLink(client, news, ownerToken));
  return { id: symlinkId(news.bucket, news.key), outs: outputsAfter(client, news, write, ownerToken) };
}

/**
 * Rewrites the link in place (one PutSymlink, same ownership token). A change of only
 * `forbidOverwrite`/`adopt` (create-time switches) is recorded without a request. When nothing but the
 * serialized provider changed, returns the old outputs without calling OSS: the host attaches
 * the new `__provider`, so one `pulumi up` moves a stack onto new code.
 */
export async function update(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<dynamic.UpdateResult> {
  const d = diffSymlink(olds, news);
  const previous = withoutProvider(olds) as unknown as SymlinkOutputs;
  if (d.changed.length === 0) return { outs: previous };
  const next = withoutProvider(news) as unknown as SymlinkInputs;
  // forbidOverwrite and adopt only steer create: flipping them changes nothing on the object.
  if (d.changed.every((f) => CREATE_ONLY_FIELDS.has(f))) {
    return { outs: { ...previous, forbidOverwrite: next.forbidOverwrite, adopt: next.adopt } };
  }
  const ownerToken = previous.ownerToken !== undefined ? withOwnerId(previous.ownerToken, next.ownerId) : newOwnerToken(next.ownerId);
  const client = clientFor(next.region, next.endpoint);
  const write = await withErrors(client, "PutSymlink", next, () => updateLink(client, next, ownerToken));
  return { outs: outputsAfter(client, next, write, ownerToken) };
}

/**
 * Where a stored resource lives. A state written by create/update always holds `region`, and holds
 * `endpoint` exactly when a custom endpoint was used (absent = the region's public endpoint), so
 * both come from it even if config or env changed since. Only props without a region (hand-written)
 * fall back to the ID and the current config.
 */
function locate(id: string, props: Record<string, unknown> | undefined): { bucket: string; key: string; region: string; endpoint?: string } {
  const fromId = parseId(id);
  const bucket = typeof props?.bucket === "string" ? props.bucket : fromId?.bucket;
  const key = typeof props?.key === "string" ? props.key : fromId?.key;
  if (bucket === undefined || key === undefined) {
    throw new SymlinkProviderError(`cannot locate symlink "${id}": expected an ID of the form bucket/key`, "InvalidId");
  }
  if (typeof props?.region === "string" && props.region !== "") {
    const endpoint = typeof props.endpoint === "string" && props.endpoint !== "" ? props.endpoint : undefined;
    return { bucket, key, region: props.region, ...(endpoint !== undefined ? { endpoint } : {}) };
  }
  const region = resolveRegion(undefined, providerConfig, process.env);
  if (region === undefined) {
    throw new SymlinkProviderError(`no region for symlink "${id}": set alicloud:region or ALIBABA_CLOUD_REGION`, "MissingRegion");
  }
  const endpoint = resolveEndpoint(undefined, providerConfig, process.env);
  return { bucket, key, region: region.value, ...(endpoint !== undefined ? { endpoint: endpoint.value } : {}) };
}

/**
 * Refresh: GetSymlink + GetObjectACL + ListObjectsV2 concurrently. A link that is gone (or is
 * now a normal object) returns no id, so it drops out of state. Otherwise returns the live
 * values as both `props` and `inputs`, so the next `up` sees drift.
 */
export async function read(id: string, props?: Record<string, unknown>): Promise<dynamic.ReadResult> {
  const where = locate(id, props);
  const client = clientFor(where.region, where.endpoint);
  const live = await withErrors(client, "refresh", where, () => readLink(client, where.bucket, where.key));
  if (live === undefined) return {};
  const stored = {
    ...withoutProvider(props ?? {}),
    bucket: where.bucket,
    key: where.key,
    region: where.region,
    ...(where.endpoint !== undefined ? { endpoint: where.endpoint } : {}),
  } as unknown as SymlinkOutputs;
  if (stored.url === undefined) stored.url = client.objectUrl(where.bucket, where.key);
  const { props: newProps, inputs } = stateFromLive(stored, live);
  return { id: symlinkId(where.bucket, where.key), props: newProps, inputs };
}

/**
 * Deletes the link only if it is still ours (its `x-oss-meta-pulumi-owner` equals our token):
 * after a same-key replacement the live link belongs to the successor and stays. A normal
 * object at the key is never deleted; a missing link counts as deleted.
 */
async function deleteSymlink(id: string, props: Record<string, unknown>): Promise<void> {
  const where = locate(id, props);
  const client = clientFor(where.region, where.endpoint);
  const ownerToken = typeof props.ownerToken === "string" ? props.ownerToken : undefined;
  const decision = await withErrors(client, "delete", where, () => deleteLink(client, where.bucket, where.key, ownerToken));
  if (decision === "notSymlink") {
    console.log(`pulumi-oss-symlink: oss://${where.bucket}/${where.key} is now a normal object, not our symlink; left it in place`);
  }
}
export { deleteSymlink as delete };

/** Closes every cached client (tests, or a host that wants a clean exit). */
export async function shutdown(): Promise<void> {
  await closeClients();
}
