/**
 * The Symlink provider implementation. The stored `__provider` line (index.ts) loads this module
 * by package name (`pulumi-oss-symlink/provider-impl`) when the host runs it, so the code that runs
 * is whatever version is installed, also for refresh and delete of resources created earlier.
 *
 * Decisions live in `lifecycle/*` (pure), effects in `lifecycle/effects/*` (take an
 * `OssClientApi`). {@link createSymlinkProvider} wires them to the dynamic-provider method shapes;
 * each provider it builds keeps its own state: the configuration from `configure`, and one client
 * per (region, endpoint). Tests build their own (clients and environment injected); the module's
 * exported methods are those of the default one, which the host calls.
 */
import type { dynamic } from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as os from "node:os";
import type { CredentialsProvider, OssClientApi, OssClientOptions, PutResult } from "./oss/clientTypes";
import type { createOssClient as CreateOssClient } from "./oss/client";
import { possibleCredentialSources } from "./oss/credentials";
import {
  CONFIG_KEYS,
  hasConfigCredentials,
  providerConfigFrom,
  resolveEndpoint,
  resolveRegion,
  type ConfigSource,
  type Env,
  type ProviderConfig,
} from "./config";
import { checkSymlink } from "./lifecycle/check";
import { diffSymlink } from "./lifecycle/diff";
import { CREDENTIAL_ERROR_CODES } from "./lifecycle/errorHints";
import { actionableError, ossErrorCode, SymlinkProviderError } from "./lifecycle/errors";
import { createLink } from "./lifecycle/effects/createLink";
import { deleteLink } from "./lifecycle/effects/deleteLink";
import { readLink } from "./lifecycle/effects/readLink";
import { updateLink } from "./lifecycle/effects/updateLink";
import { newOwnerToken, withOwnerId } from "./lifecycle/ownerToken";
import { outputsAfterWrite, withExplicitNulls, withoutNulls } from "./lifecycle/outputs";
import { parseId, stateFromLive, symlinkId } from "./lifecycle/readMapping";
import { withDefaults, withoutDefaults } from "./lifecycle/storedInputs";
import { fieldsWhere } from "./lifecycle/schema";
import { PROVIDER_KEY, type SymlinkInputs, type SymlinkOutputs } from "./lifecycle/types";

/** What a provider built by {@link createSymlinkProvider} takes from its surroundings; every field has a default. */
export interface SymlinkProviderDeps {
  /** Builds the client for one region and endpoint. Default: `createOssClient`. */
  createClient?: (options: OssClientOptions) => OssClientApi;
  /** Environment for region/endpoint fallbacks and the offline credential check. Default: `process.env`. */
  env?: Env;
  /** Home directory holding the CLI credential files. Default: `os.homedir()`. */
  homeDir?: string;
  /** Whether a file exists (the offline credential check). Default: `fs.existsSync`. */
  fileExists?: (file: string) => boolean;
  /** Where the provider reports what it left in place. Default: `console.log` (shown by the engine). */
  log?: (line: string) => void;
}

/** The dynamic-provider methods of one Symlink provider, plus `shutdown` to close its clients. */
export interface SymlinkProvider {
  configure(req: dynamic.ConfigureRequest | { config: ConfigSource }): Promise<void>;
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult>;
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult>;
  create(inputs: Record<string, unknown>): Promise<dynamic.CreateResult>;
  read(id: string, props?: Record<string, unknown>): Promise<dynamic.ReadResult>;
  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Record<string, unknown>): Promise<void>;
  shutdown(): Promise<void>;
}

/** Changing only these is recorded in state without a request (the schema's `record` fields). */
const RECORD_ONLY_FIELDS: ReadonlySet<string> = new Set(fieldsWhere("record"));

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

/** Props from the engine without the serialized provider, and without the nulls {@link withExplicitNulls} stored. */
function withoutProvider<T extends object>(props: T): T {
  const copy = withoutNulls({ ...props } as Record<string, unknown>);
  delete copy[PROVIDER_KEY];
  return copy as T;
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

/**
 * `createOssClient`, loaded on the first client a provider builds. Why not a top-level import: the
 * client brings undici and the XML parser, 171 of the 182 ms it takes to load this module and
 * ~30 MB of the provider process's memory (`require` timing, docs/performance.md), and a preview
 * (`check` and `diff` only) never sends a request, so it never needs them.
 */
function loadClientFactory(options: OssClientOptions): OssClientApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createOssClient } = require("./oss/client") as { createOssClient: typeof CreateOssClient };
  return createOssClient(options);
}

/**
 * Builds a Symlink provider. Each one has its own configuration and client cache, so tests can
 * run several side by side with injected clients and environment.
 */
export function createSymlinkProvider(deps: SymlinkProviderDeps = {}): SymlinkProvider {
  const createClient = deps.createClient ?? loadClientFactory;
  const env = deps.env ?? process.env;
  const homeDir = deps.homeDir ?? os.homedir();
  const fileExists = deps.fileExists ?? fs.existsSync;
  const log = deps.log ?? ((line: string) => console.log(line));
  let providerConfig: ProviderConfig = {};
  const clients = new Map<string, OssClientApi>();

  /** The cached client for a region and endpoint, created on first use. */
  function clientFor(region: string, endpoint: string | undefined): OssClientApi {
    const key = clientKey(region, endpoint);
    let client = clients.get(key);
    if (client === undefined) {
      const credentials = configCredentials(providerConfig);
      client = createClient({
        region,
        ...(endpoint !== undefined ? { endpoint } : {}),
        ...(credentials !== undefined ? { credentials } : {}),
      });
      clients.set(key, client);
    }
    return client;
  }

  /**
   * Outputs after a PutSymlink. PutSymlink returns no Last-Modified, so `lastModified` stays
   * without a value until a refresh reads OSS's (the provider's own clock, stored before, was
   * not the link's time and cost 30 bytes of state per link; docs/performance.md, "State").
   */
  function outputsAfter(client: OssClientApi, inputs: SymlinkInputs, write: PutResult, ownerToken: string): SymlinkOutputs {
    return outputsAfterWrite(inputs, { etag: write.etag, versionId: write.versionId }, ownerToken, client.objectUrl(inputs.bucket, inputs.key));
  }

  /** Empties the client cache and closes the clients; close() lets in-flight requests finish. */
  async function closeClients(): Promise<void> {
    const all = [...clients.values()];
    clients.clear();
    await Promise.all(all.map((c) => c.close().catch(() => undefined)));
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
    const region = resolveRegion(undefined, providerConfig, env);
    if (region === undefined) {
      throw new SymlinkProviderError(`no region for symlink "${id}": set alicloud:region or ALIBABA_CLOUD_REGION`, "MissingRegion");
    }
    const endpoint = resolveEndpoint(undefined, providerConfig, env);
    return { bucket, key, region: region.value, ...(endpoint !== undefined ? { endpoint: endpoint.value } : {}) };
  }

  return {
    /**
     * Stores the stack configuration (`alicloud:region`, `alicloud:accessKey`, `alicloud:secretKey`,
     * `alicloud:securityToken`, `<project>:endpoint`). Called by the host once per serialized
     * provider text, before its first method call. Resets the client cache when it changed.
     */
    async configure(req) {
      const next = providerConfigFrom(req.config);
      if (JSON.stringify(next) === JSON.stringify(providerConfig)) return;
      providerConfig = next;
      await closeClients();
    },

    /** Validates and normalizes inputs (no network): defaults filled, region/endpoint resolved. */
    async check(_olds, news) {
      // Other credential sources only matter when stack config supplies none.
      const credentialSources = hasConfigCredentials(providerConfig) ? undefined : possibleCredentialSources(env, homeDir, fileExists);
      const outcome = checkSymlink(news, { config: providerConfig, env, ...(credentialSources !== undefined ? { credentialSources } : {}) });
      // Stored without the inputs at their default (storedInputs.ts); create and update refill them.
      return { inputs: withoutDefaults(outcome.inputs), failures: outcome.failures };
    },

    /** Replace vs update vs nothing (no network). Never asks for delete-before-replace. */
    async diff(_id, olds, news) {
      const d = diffSymlink(olds, news);
      return { changes: d.changes, replaces: d.replaces };
    },

    /** PutSymlink with a fresh ownership token (plus the forbidOverwrite / adopt paths). */
    async create(inputs) {
      const news = withDefaults(withoutProvider(inputs)) as unknown as SymlinkInputs;
      const client = clientFor(news.region, news.endpoint);
      const ownerToken = newOwnerToken(news.ownerId);
      const write = await withErrors(client, "PutSymlink", news, () => createLink(client, news, ownerToken));
      return { id: symlinkId(news.bucket, news.key), outs: withExplicitNulls(outputsAfter(client, news, write, ownerToken)) };
    },

    /**
     * Rewrites the link in place (one PutSymlink, same ownership token). A change of only the
     * schema's `record` inputs (`forbidOverwrite`, `adopt`: create-time switches) is recorded
     * without a request. When nothing but the serialized provider changed, returns the old outputs
     * without calling OSS: the host attaches the new `__provider`, so one `pulumi up` moves a stack
     * onto new code.
     */
    async update(_id, olds, news) {
      const d = diffSymlink(olds, news);
      const previous = withoutProvider(olds) as unknown as SymlinkOutputs;
      if (d.changed.length === 0) return { outs: withExplicitNulls(previous) };
      const next = withDefaults(withoutProvider(news)) as unknown as SymlinkInputs;
      if (d.changed.every((f) => RECORD_ONLY_FIELDS.has(f))) {
        const recorded = Object.fromEntries([...RECORD_ONLY_FIELDS].map((f) => [f, (next as unknown as Record<string, unknown>)[f]]));
        return { outs: withExplicitNulls({ ...previous, ...recorded }) };
      }
      const ownerToken = previous.ownerToken !== undefined ? withOwnerId(previous.ownerToken, next.ownerId) : newOwnerToken(next.ownerId);
      const client = clientFor(next.region, next.endpoint);
      const write = await withErrors(client, "PutSymlink", next, () => updateLink(client, next, ownerToken));
      return { outs: withExplicitNulls(outputsAfter(client, next, write, ownerToken)) };
    },

    /**
     * Refresh: GetSymlink + GetObjectACL + ListObjectsV2 concurrently. A link that is gone (or is
     * now a normal object) returns no id, so it drops out of state. Otherwise returns the live
     * values as both `props` and `inputs`, so the next `up` sees drift.
     */
    async read(id, props) {
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
      return { id: symlinkId(where.bucket, where.key), props: withExplicitNulls(newProps), inputs: withoutDefaults(inputs as unknown as Record<string, unknown>) };
    },

    /**
     * Deletes the link only if it is still ours (its `x-oss-meta-pulumi-owner` equals our token):
     * after a same-key replacement the live link belongs to the successor and stays. A normal
     * object at the key is never deleted; a missing link counts as deleted.
     */
    async delete(id, props) {
      const where = locate(id, withoutNulls(props));
      const client = clientFor(where.region, where.endpoint);
      const ownerToken = typeof props.ownerToken === "string" ? props.ownerToken : undefined;
      const decision = await withErrors(client, "delete", where, () => deleteLink(client, where.bucket, where.key, ownerToken));
      if (decision === "notSymlink") {
        log(`pulumi-oss-symlink: oss://${where.bucket}/${where.key} is now a normal object, not our symlink; left it in place`);
      }
    },

    /** Closes every cached client (tests, or a host that wants a clean exit). */
    async shutdown() {
      await closeClients();
    },
  };
}

/** The provider the stored `__provider` line hands the host (index.ts). */
const defaultProvider = createSymlinkProvider();

/** The default provider's methods: what `require("pulumi-oss-symlink/provider-impl")` offers the host. */
export const { configure, check, diff, create, read, update, shutdown } = defaultProvider;
const deleteSymlink = defaultProvider.delete;
export { deleteSymlink as delete };
