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
import type { OssClientApi, OssClientOptions, PutResult } from "./oss/clientTypes";
import type { createOssClient as CreateOssClient } from "./oss/client";
import {
  resolveEndpoint,
  resolveRegion,
  resolveSignVersion,
  type ConfigSource,
  type Env,
  type ProviderConfig,
} from "./config";
import { checkSymlink, type CheckContext } from "./lifecycle/check";
import { diffSymlink } from "./lifecycle/diff";
import { SymlinkProviderError } from "./lifecycle/errors";
import { createLink } from "./lifecycle/effects/createLink";
import { deleteLink } from "./lifecycle/effects/deleteLink";
import { lookupKey } from "./lifecycle/effects/lookupKey";
import { readLink } from "./lifecycle/effects/readLink";
import { probeTarget } from "./lifecycle/effects/verifyTarget";
import { updateLink } from "./lifecycle/effects/updateLink";
import { newOwnerToken, withOwnerId } from "./lifecycle/ownerToken";
import { outputsAfterWrite, withExplicitNulls, withoutNulls } from "./lifecycle/outputs";
import { parseId, stateFromLive, symlinkId } from "./lifecycle/readMapping";
import { withDefaults, withoutDefaults } from "./lifecycle/storedInputs";
import { fieldsWhere } from "./lifecycle/schema";
import { targetProblemNote } from "./lifecycle/targetPlan";
import { PROVIDER_KEY, type SymlinkInputs, type SymlinkOutputs } from "./lifecycle/types";
import { chosenCredentials, readProviderConfig, settingsContext, type ChosenCredentials } from "./configCredentials";
import { withErrors } from "./withErrors";

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
  /** Reads a file the configuration names (profile file, OIDC token file). Default: `fs.readFileSync(file, "utf8")`. */
  readFile?: (file: string) => string;
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

/** Props from the engine without the serialized provider, and without the nulls {@link withExplicitNulls} stored. */
function withoutProvider<T extends object>(props: T): T {
  const copy = withoutNulls({ ...props } as Record<string, unknown>);
  delete copy[PROVIDER_KEY];
  return copy as T;
}

/** Why `Symlink.get` of `bucket/key` found no link (`kind` from a GetSymlink of it). */
function symlinkGetMiss(bucket: string, key: string, kind: "absent" | "notSymlink" | "symlink"): string {
  const what = kind === "notSymlink" ? "holds a normal object, not a symlink" : kind === "absent" ? "does not exist" : "was replaced while it was read";
  return `Symlink.get oss://${bucket}/${key} failed: the key ${what}. Symlink.get reads an existing link: check the ID (bucket/key), or declare a Symlink to create one`;
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
  const readFile = deps.readFile ?? ((file: string) => fs.readFileSync(file, "utf8"));
  const log = deps.log ?? ((line: string) => console.log(line));
  let providerConfig: ProviderConfig = {};
  const clients = new Map<string, OssClientApi>();
  /** The credentials the configuration chooses, built on first use after each configure. */
  let identity: ChosenCredentials | undefined;
  /**
   * How `check` judges the configuration (the files it names read, the default chain's sources
   * looked for): a function of the configuration and this process's environment, so judged once
   * per configure rather than once per resource.
   */
  let settings: CheckContext | undefined;

  /** The cached client for a region and endpoint, created on first use. */
  function clientFor(region: string, endpoint: string | undefined): OssClientApi {
    const key = clientKey(region, endpoint);
    let client = clients.get(key);
    if (client === undefined) {
      // Without an alicloud:* identity setting, the client's default chain, reading this provider's environment.
      identity ??= chosenCredentials(providerConfig, env, { homeDir, readFile });
      const credentials = identity.credentials;
      const signatureVersion = resolveSignVersion(providerConfig, []);
      client = createClient({
        region,
        ...(endpoint !== undefined ? { endpoint } : {}),
        credentials,
        ...(signatureVersion !== undefined ? { signatureVersion } : {}),
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
    identity?.dispose();
    identity = undefined;
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
     * Stores the stack configuration (the `alicloud:*` keys and `pulumi-oss-symlink:endpoint`:
     * docs/configuration.md). Called by the host once per serialized provider text, before its
     * first method call. Resets the client cache and the identity when it changed.
     */
    async configure(req) {
      const next = readProviderConfig(req.config, env, { homeDir, readFile, fileExists });
      if (JSON.stringify(next) === JSON.stringify(providerConfig)) return;
      providerConfig = next;
      settings = undefined;
      await closeClients();
    },

    /** Validates and normalizes inputs (no network): defaults filled, region/endpoint resolved. */
    async check(_olds, news) {
      settings ??= settingsContext(providerConfig, env, { homeDir, readFile, fileExists }, Math.floor(Date.now() / 1000));
      const outcome = checkSymlink(news, settings);
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
     * Rewrites the link in place (one PutSymlink, same ownership token, at the new endpoint). A
     * change of only the schema's `record` inputs (`forbidOverwrite`, `adopt`: create-time
     * switches; `endpoint`: where requests go) is recorded without a request, with the `url` of
     * the new endpoint. When nothing but a provider text that is not this package's changed
     * (diff.ts), returns the old outputs without calling OSS; the host attaches the new `__provider`.
     */
    async update(_id, olds, news) {
      const d = diffSymlink(olds, news);
      const previous = withoutProvider(olds) as unknown as SymlinkOutputs;
      if (d.changed.length === 0) return { outs: withExplicitNulls(previous) };
      const next = withDefaults(withoutProvider(news)) as unknown as SymlinkInputs;
      if (d.changed.every((f) => RECORD_ONLY_FIELDS.has(f))) {
        const recorded = Object.fromEntries([...RECORD_ONLY_FIELDS].map((f) => [f, (next as unknown as Record<string, unknown>)[f]]));
        // `url` follows the endpoint; building it is string work on the client, not a request.
        const url = clientFor(next.region, next.endpoint).objectUrl(next.bucket, next.key);
        return { outs: withExplicitNulls({ ...previous, ...recorded, url }) };
      }
      const ownerToken = previous.ownerToken !== undefined ? withOwnerId(previous.ownerToken, next.ownerId) : newOwnerToken(next.ownerId);
      const client = clientFor(next.region, next.endpoint);
      const write = await withErrors(client, "PutSymlink", next, () => updateLink(client, next, ownerToken));
      return { outs: withExplicitNulls(outputsAfter(client, next, write, ownerToken)) };
    },

    /**
     * Refresh: GetSymlink + GetObjectACL + ListObjectsV2 concurrently (then, with `verifyTarget`,
     * one HeadObject of the live target). A link that is gone (or is now a normal object) returns
     * no id, so it drops out of state. Otherwise returns the live values as both `props` and
     * `inputs`, so the next `up` sees drift.
     */
    async read(id, props) {
      const where = locate(id, props);
      const client = clientFor(where.region, where.endpoint);
      const live = await withErrors(client, "refresh", where, () => readLink(client, where.bucket, where.key));
      if (live === undefined) {
        // Props without a stored ETag come from `Symlink.get` (the SDK's registration), not from
        // state: there, no link is an error. Answering no ID would let the engine go on with a
        // resource that has no outputs (docs/resource.md, "Reading a link this stack does not manage").
        if (typeof props?.etag !== "string") {
          const existing = await withErrors(client, "Symlink.get", where, () => lookupKey(client, where.bucket, where.key));
          throw new SymlinkProviderError(symlinkGetMiss(where.bucket, where.key, existing.kind), "NoSymlink");
        }
        return {};
      }
      const stored = {
        ...withoutProvider(props ?? {}),
        bucket: where.bucket,
        key: where.key,
        region: where.region,
        ...(where.endpoint !== undefined ? { endpoint: where.endpoint } : {}),
      } as unknown as SymlinkOutputs;
      if (stored.url === undefined) stored.url = client.objectUrl(where.bucket, where.key);
      delete stored.targetProblem;
      const { props: newProps, inputs } = stateFromLive(stored, live);
      if (stored.verifyTarget === true) {
        // One HEAD of the live target; a problem is stored in props and inputs, so that the next
        // diff plans an update (diff.ts) and `preview --refresh` shows the note as a change.
        const finding = await withErrors(client, "refresh", where, () => probeTarget(client, where.bucket, live.link.target));
        if (finding.kind !== "ok") {
          const note = targetProblemNote(finding, live.link.target);
          newProps.targetProblem = note;
          const noted = withoutDefaults({ ...(inputs as unknown as Record<string, unknown>), targetProblem: note });
          return { id: symlinkId(where.bucket, where.key), props: withExplicitNulls(newProps), inputs: noted };
        }
      }
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
