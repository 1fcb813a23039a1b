/**
 * Provider-level configuration: what `configure(req)` receives from the stack config, plus the
 * environment fallbacks, and the precedence rules that turn them into a region and an endpoint.
 *
 * Kept in memory only (module state of impl.ts). Secret config values arrive here decrypted;
 * they are never copied into inputs, outputs or error messages.
 */

/** Stack config keys read by `configure`. The `alicloud:*` keys are the ones `@pulumi/alicloud` uses. */
export const CONFIG_KEYS = {
  region: "alicloud:region",
  accessKey: "alicloud:accessKey",
  secretKey: "alicloud:secretKey",
  securityToken: "alicloud:securityToken",
  /** Un-prefixed: resolves to `<project>:endpoint`. */
  endpoint: "endpoint",
} as const;

/** Environment variables consulted, in precedence order, when neither input nor config sets a value. */
const REGION_ENV_VARS = ["ALIBABA_CLOUD_REGION", "ALICLOUD_REGION", "OSS_REGION"] as const;
const ENDPOINT_ENV_VARS = ["OSS_ENDPOINT"] as const;

/** What `configure` keeps. */
export interface ProviderConfig {
  region?: string;
  endpoint?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
}

/** The part of Pulumi's dynamic `Config` we use. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads the provider configuration from a `ConfigureRequest.config`. Empty strings count as unset. */
export function providerConfigFrom(config: ConfigSource): ProviderConfig {
  const get = (key: string): string | undefined => {
    let value: string | undefined;
    try {
      value = config.get(key);
    } catch {
      // The host's Config indexes a raw map that is undefined if Configure never ran.
      value = undefined;
    }
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const out: ProviderConfig = {};
  const region = get(CONFIG_KEYS.region);
  const endpoint = get(CONFIG_KEYS.endpoint);
  const accessKeyId = get(CONFIG_KEYS.accessKey);
  const accessKeySecret = get(CONFIG_KEYS.secretKey);
  const securityToken = get(CONFIG_KEYS.securityToken);
  if (region !== undefined) out.region = region;
  if (endpoint !== undefined) out.endpoint = endpoint;
  if (accessKeyId !== undefined) out.accessKeyId = accessKeyId;
  if (accessKeySecret !== undefined) out.accessKeySecret = accessKeySecret;
  if (securityToken !== undefined) out.securityToken = securityToken;
  return out;
}

/** A resolved setting and where it came from (for messages: never the value of a secret). */
interface Resolved {
  value: string;
  source: string;
}

function firstEnv(env: Env, names: readonly string[]): Resolved | undefined {
  for (const name of names) {
    const v = env[name];
    if (typeof v === "string" && v.trim() !== "") return { value: v.trim(), source: `env ${name}` };
  }
  return undefined;
}

/** Region precedence: resource input → config `alicloud:region` → env ALIBABA_CLOUD_REGION / ALICLOUD_REGION / OSS_REGION. */
export function resolveRegion(input: string | undefined, config: ProviderConfig, env: Env): Resolved | undefined {
  if (input !== undefined && input !== "") return { value: input, source: "input region" };
  if (config.region !== undefined) return { value: config.region, source: `config ${CONFIG_KEYS.region}` };
  return firstEnv(env, REGION_ENV_VARS);
}

/** Endpoint precedence: resource input → config `<project>:endpoint` → env OSS_ENDPOINT; undefined = public endpoint. */
export function resolveEndpoint(input: string | undefined, config: ProviderConfig, env: Env): Resolved | undefined {
  if (input !== undefined && input !== "") return { value: input, source: "input endpoint" };
  if (config.endpoint !== undefined) return { value: config.endpoint, source: `config <project>:${CONFIG_KEYS.endpoint}` };
  return firstEnv(env, ENDPOINT_ENV_VARS);
}

/** True when configure got an access key pair from stack config. */
export function hasConfigCredentials(config: ProviderConfig): boolean {
  return config.accessKeyId !== undefined && config.accessKeySecret !== undefined;
}

/** How the user can set a region, for check failures. */
export const HOW_TO_SET_REGION =
  "set the `region` input, or `pulumi config set alicloud:region <region>`, or the env var ALIBABA_CLOUD_REGION (e.g. cn-hangzhou)";
