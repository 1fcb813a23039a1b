/**
 * Provider-level configuration: what `configure(req)` receives from the stack config, the
 * environment fallbacks, and the precedence rules that turn them into a region, an endpoint, a
 * signature version and an identity. Pure: no I/O (the files a profile or token names are read
 * by provider/oss/configuredIdentity.ts).
 *
 * The `alicloud:*` keys, their shapes, env fallbacks and precedence are `@pulumi/alicloud`'s,
 * which runs terraform-provider-alicloud: its `alicloud/provider.go` (schema `DefaultFunc`s,
 * `providerConfigure`) and `alicloud/connectivity/config.go` (`RefreshAuthCredential`),
 * https://github.com/aliyun/terraform-provider-alicloud; docs/configuration.md has the table.
 *
 * Kept in memory only (module state of impl.ts). Secret config values arrive here decrypted;
 * they are never copied into inputs, outputs or error messages.
 */
import type { AssumeRolePlan, BaseIdentityPlan, IdentityPlan } from "./oss/configuredIdentity";

/** This package's own config namespace (the npm package name). */
const PACKAGE_NAMESPACE = "pulumi-oss-symlink";

/** Stack config keys read by `configure`. The `alicloud:*` keys are the ones `@pulumi/alicloud` uses. */
export const CONFIG_KEYS = {
  region: "alicloud:region",
  accessKey: "alicloud:accessKey",
  secretKey: "alicloud:secretKey",
  securityToken: "alicloud:securityToken",
  profile: "alicloud:profile",
  sharedCredentialsFile: "alicloud:sharedCredentialsFile",
  assumeRole: "alicloud:assumeRole",
  assumeRoleWithOidc: "alicloud:assumeRoleWithOidc",
  ecsRoleName: "alicloud:ecsRoleName",
  credentialsUri: "alicloud:credentialsUri",
  endpoints: "alicloud:endpoints",
  signVersion: "alicloud:signVersion",
  protocol: "alicloud:protocol",
  /** This package's own endpoint key. */
  endpoint: `${PACKAGE_NAMESPACE}:endpoint`,
} as const;

/**
 * The endpoint key of earlier versions, un-prefixed, so `<project>:endpoint`. No longer read: a
 * stack that still sets it, without one of the new keys, fails `check` (docs/configuration.md).
 */
const LEGACY_ENDPOINT_KEY = "endpoint";

type Setting = keyof typeof CONFIG_KEYS;

/**
 * Environment variables each setting falls back to, in order, when config does not set it: the
 * `MultiEnvDefaultFunc`s of terraform-provider-alicloud's provider schema, then this package's
 * own (`OSS_REGION`; `OSS_ENDPOINT` is also alicloud's `<PRODUCT>_ENDPOINT` fallback).
 */
export const ENV_FALLBACKS: { readonly [K in Setting]?: readonly string[] } = {
  region: ["ALICLOUD_REGION", "ALIBABA_CLOUD_REGION", "OSS_REGION"],
  accessKey: ["ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_ID"],
  secretKey: ["ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_ACCESS_KEY_SECRET"],
  securityToken: ["ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABACLOUD_SECURITY_TOKEN"],
  profile: ["ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE"],
  sharedCredentialsFile: ["ALICLOUD_SHARED_CREDENTIALS_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE"],
  ecsRoleName: ["ALICLOUD_ECS_ROLE_NAME", "ALIBABA_CLOUD_ECS_METADATA"],
  credentialsUri: ["ALICLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_CREDENTIALS_URI"],
  endpoint: ["ALIBABA_CLOUD_ENDPOINT_OSS", "OSS_ENDPOINT"],
};

/** Env fallbacks of the fields of `alicloud:assumeRole` and `alicloud:assumeRoleWithOidc` (only read when the object is set). */
const FIELD_ENV = {
  assumeRole: {
    roleArn: ["ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN"],
    sessionName: ["ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME"],
    sessionExpiration: ["ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION"],
  },
  assumeRoleWithOidc: {
    oidcProviderArn: ["ALIBABA_CLOUD_OIDC_PROVIDER_ARN"],
    oidcTokenFile: ["ALIBABA_CLOUD_OIDC_TOKEN_FILE"],
    oidcToken: ["ALIBABA_CLOUD_OIDC_TOKEN"],
    roleArn: ["ALIBABA_CLOUD_ROLE_ARN"],
    roleSessionName: ["ALIBABA_CLOUD_ROLE_SESSION_NAME"],
  },
} as const;

/** The fields each object setting has (`@pulumi/alicloud` types/input.d.ts); any other field is refused. */
const OBJECT_FIELDS = {
  assumeRole: ["roleArn", "sessionName", "externalId", "policy", "sessionExpiration"],
  assumeRoleWithOidc: ["oidcProviderArn", "oidcToken", "oidcTokenFile", "roleArn", "roleSessionName", "policy", "sessionExpiration"],
  signVersion: ["oss", "sls"],
} as const;

/** The session name terraform-provider-alicloud sends when none is set (both AssumeRole and AssumeRoleWithOIDC). */
const DEFAULT_SESSION_NAME = "terraform";
/** terraform-provider-alicloud's default AssumeRole duration, and its accepted range (`IntBetween(900, 43200)`). */
const SESSION_EXPIRATION = { default: 3600, min: 900, max: 43200 } as const;

/** What `configure` keeps: the raw config strings, trimmed; empty strings count as unset. */
export interface ProviderConfig {
  region?: string;
  /** `pulumi-oss-symlink:endpoint`. */
  endpoint?: string;
  /** `<project>:endpoint`, read only to refuse it. */
  legacyEndpoint?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  profile?: string;
  sharedCredentialsFile?: string;
  /** JSON text of `alicloud:assumeRole`. */
  assumeRole?: string;
  /** JSON text of `alicloud:assumeRoleWithOidc`. */
  assumeRoleWithOidc?: string;
  ecsRoleName?: string;
  credentialsUri?: string;
  /** JSON text of `alicloud:endpoints`: a list of objects keyed by service (`oss`, `sts`, …). */
  endpoints?: string;
  /** JSON text of `alicloud:signVersion`: `{ oss?: "v1" | "v4", sls? }`. */
  signVersion?: string;
  protocol?: string;
  /**
   * `region_id` of the profile `alicloud:profile` names, read from its file by `configure` (not a
   * config key): terraform-provider-alicloud's last region fallback.
   */
  profileRegion?: string;
}

/** Which {@link ProviderConfig} field holds which key. */
const FIELD_KEYS: ReadonlyArray<readonly [keyof ProviderConfig, string]> = [
  ["region", CONFIG_KEYS.region],
  ["endpoint", CONFIG_KEYS.endpoint],
  ["legacyEndpoint", LEGACY_ENDPOINT_KEY],
  ["accessKeyId", CONFIG_KEYS.accessKey],
  ["accessKeySecret", CONFIG_KEYS.secretKey],
  ["securityToken", CONFIG_KEYS.securityToken],
  ["profile", CONFIG_KEYS.profile],
  ["sharedCredentialsFile", CONFIG_KEYS.sharedCredentialsFile],
  ["assumeRole", CONFIG_KEYS.assumeRole],
  ["assumeRoleWithOidc", CONFIG_KEYS.assumeRoleWithOidc],
  ["ecsRoleName", CONFIG_KEYS.ecsRoleName],
  ["credentialsUri", CONFIG_KEYS.credentialsUri],
  ["endpoints", CONFIG_KEYS.endpoints],
  ["signVersion", CONFIG_KEYS.signVersion],
  ["protocol", CONFIG_KEYS.protocol],
];

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
  for (const [field, key] of FIELD_KEYS) {
    const value = get(key);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** A resolved setting and where it came from (for messages: never the value of a secret). */
interface Resolved {
  value: string;
  source: string;
}

function firstEnv(env: Env, names: readonly string[] | undefined): Resolved | undefined {
  for (const name of names ?? []) {
    const v = env[name];
    if (typeof v === "string" && v.trim() !== "") return { value: v.trim(), source: `env ${name}` };
  }
  return undefined;
}

/** A setting from config, else its env fallbacks. */
function setting(config: ProviderConfig, env: Env, field: keyof ProviderConfig, name: Setting): Resolved | undefined {
  const value = config[field];
  if (value !== undefined) return { value, source: `config ${CONFIG_KEYS[name]}` };
  return firstEnv(env, ENV_FALLBACKS[name]);
}

/** One `check` failure caused by provider configuration: the key (or `key.field`) and what to do. */
interface ConfigProblem {
  property: string;
  reason: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Parses an object setting; the problem names the key and never quotes the value (it may hold a token). */
function parseObject(key: string, text: string | undefined, problems: ConfigProblem[]): Record<string, Json> | undefined {
  if (text === undefined) return undefined;
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    problems.push({ property: key, reason: `${key} is not a JSON object; set it in Pulumi.<stack>.yaml as a map, or with \`pulumi config set --path ${key}.<field> <value>\`` });
    return undefined;
  }
  // The Terraform schema stores single blocks as one-element lists; accept that form too.
  if (Array.isArray(value) && value.length === 1) value = value[0] as Json;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    problems.push({ property: key, reason: `${key} must be an object (a map of fields), not ${Array.isArray(value) ? "a list" : typeof value}` });
    return undefined;
  }
  return value;
}

/** Refuses fields the object setting does not have: a typo must not silently drop a setting. */
function unknownFields(key: string, value: Record<string, Json>, known: readonly string[], problems: ConfigProblem[]): void {
  for (const field of Object.keys(value)) {
    if (known.includes(field)) continue;
    const camel = field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    const hint = known.includes(camel) ? `; did you mean ${camel}?` : `; its fields are ${known.join(", ")}`;
    problems.push({ property: `${key}.${field}`, reason: `${key} has no field ${field}${hint}` });
  }
}

function stringField(key: string, value: Record<string, Json>, field: string, problems: ConfigProblem[]): string | undefined {
  const v = value[field];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") {
    problems.push({ property: `${key}.${field}`, reason: `${key}.${field} must be a string` });
    return undefined;
  }
  return v.trim() === "" ? undefined : v.trim();
}

function numberField(key: string, value: Record<string, Json>, field: string, problems: ConfigProblem[]): number | undefined {
  const v = value[field];
  if (v === undefined || v === null || v === "" || v === 0) return undefined;
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) {
    problems.push({ property: `${key}.${field}`, reason: `${key}.${field} must be a whole number of seconds` });
    return undefined;
  }
  return n;
}

/** A field, else its env fallbacks. */
function fieldOrEnv(value: string | undefined, env: Env, names: readonly string[]): string | undefined {
  return value ?? firstEnv(env, names)?.value;
}

const ROLE_ARN_RE = /^acs:ram::\d+:role\/[A-Za-z0-9.@_-]+$/;
const OIDC_PROVIDER_ARN_RE = /^acs:ram::\d+:oidc-provider\/[A-Za-z0-9.@_-]+$/;

function roleArnProblem(property: string, arn: string): ConfigProblem | undefined {
  if (ROLE_ARN_RE.test(arn)) return undefined;
  return { property, reason: `${property} "${arn}" is not a RAM role ARN; expected acs:ram::<account id>:role/<role name>` };
}

/** `alicloud:assumeRole`, with terraform-provider-alicloud's defaults and env fallbacks. */
function assumeRolePlan(config: ProviderConfig, env: Env, problems: ConfigProblem[]): AssumeRolePlan | undefined {
  const key = CONFIG_KEYS.assumeRole;
  const value = parseObject(key, config.assumeRole, problems);
  if (value === undefined) return undefined;
  unknownFields(key, value, OBJECT_FIELDS.assumeRole, problems);
  const roleArn = fieldOrEnv(stringField(key, value, "roleArn", problems), env, FIELD_ENV.assumeRole.roleArn);
  // terraform-provider-alicloud: "If ARN is set to an empty string, it does not perform role switching."
  if (roleArn === undefined) return undefined;
  const arnProblem = roleArnProblem(`${key}.roleArn`, roleArn);
  if (arnProblem !== undefined) problems.push(arnProblem);
  const envExpiration = firstEnv(env, FIELD_ENV.assumeRole.sessionExpiration);
  const sessionExpiration = numberField(key, value, "sessionExpiration", problems) ?? (envExpiration !== undefined ? Number(envExpiration.value) : undefined) ?? SESSION_EXPIRATION.default;
  if (!(Number.isInteger(sessionExpiration) && sessionExpiration >= SESSION_EXPIRATION.min && sessionExpiration <= SESSION_EXPIRATION.max)) {
    problems.push({
      property: `${key}.sessionExpiration`,
      reason: `${key}.sessionExpiration must be between ${SESSION_EXPIRATION.min} and ${SESSION_EXPIRATION.max} seconds`,
    });
  }
  const externalId = stringField(key, value, "externalId", problems);
  const policy = stringField(key, value, "policy", problems);
  return {
    roleArn,
    sessionName: fieldOrEnv(stringField(key, value, "sessionName", problems), env, FIELD_ENV.assumeRole.sessionName) ?? DEFAULT_SESSION_NAME,
    sessionExpiration,
    ...(externalId !== undefined ? { externalId } : {}),
    ...(policy !== undefined ? { policy } : {}),
  };
}

/** `alicloud:assumeRoleWithOidc`, with its env fallbacks; an inline token beats a token file, as in terraform-provider-alicloud. */
function oidcPlan(config: ProviderConfig, env: Env, problems: ConfigProblem[]): BaseIdentityPlan | undefined {
  const key = CONFIG_KEYS.assumeRoleWithOidc;
  const value = parseObject(key, config.assumeRoleWithOidc, problems);
  if (value === undefined) return undefined;
  unknownFields(key, value, OBJECT_FIELDS.assumeRoleWithOidc, problems);
  const f = FIELD_ENV.assumeRoleWithOidc;
  const roleArn = fieldOrEnv(stringField(key, value, "roleArn", problems), env, f.roleArn);
  const oidcProviderArn = fieldOrEnv(stringField(key, value, "oidcProviderArn", problems), env, f.oidcProviderArn);
  const token = fieldOrEnv(stringField(key, value, "oidcToken", problems), env, f.oidcToken);
  const tokenFile = fieldOrEnv(stringField(key, value, "oidcTokenFile", problems), env, f.oidcTokenFile);
  const missing = [
    roleArn === undefined ? "roleArn (or ALIBABA_CLOUD_ROLE_ARN)" : undefined,
    oidcProviderArn === undefined ? "oidcProviderArn (or ALIBABA_CLOUD_OIDC_PROVIDER_ARN)" : undefined,
    token === undefined && tokenFile === undefined ? "oidcTokenFile or oidcToken (or ALIBABA_CLOUD_OIDC_TOKEN_FILE)" : undefined,
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) {
    problems.push({ property: key, reason: `${key} needs ${missing.join(", ")}` });
    return undefined;
  }
  const arnProblem = roleArnProblem(`${key}.roleArn`, roleArn as string);
  if (arnProblem !== undefined) problems.push(arnProblem);
  if (!OIDC_PROVIDER_ARN_RE.test(oidcProviderArn as string)) {
    problems.push({ property: `${key}.oidcProviderArn`, reason: `${key}.oidcProviderArn "${oidcProviderArn as string}" is not an OIDC provider ARN; expected acs:ram::<account id>:oidc-provider/<name>` });
  }
  const policy = stringField(key, value, "policy", problems);
  const sessionExpiration = numberField(key, value, "sessionExpiration", problems);
  return {
    kind: "oidc",
    roleArn: roleArn as string,
    oidcProviderArn: oidcProviderArn as string,
    ...(token !== undefined ? { token } : { tokenFile: tokenFile as string }),
    roleSessionName: fieldOrEnv(stringField(key, value, "roleSessionName", problems), env, f.roleSessionName) ?? DEFAULT_SESSION_NAME,
    ...(policy !== undefined ? { policy } : {}),
    ...(sessionExpiration !== undefined ? { sessionExpiration } : {}),
    source: `stack config ${key} (role ${roleArn as string})`,
  };
}

/** Services of `alicloud:endpoints` this provider reads. */
interface ServiceEndpoints {
  oss?: string;
  sts?: string;
}

/** `alicloud:endpoints`: `@pulumi/alicloud` stores a list of objects (`[{ oss: "…", sts: "…" }]`); a single object is accepted too. */
function serviceEndpoints(config: ProviderConfig, problems: ConfigProblem[]): ServiceEndpoints {
  const key = CONFIG_KEYS.endpoints;
  if (config.endpoints === undefined) return {};
  let value: Json;
  try {
    value = JSON.parse(config.endpoints) as Json;
  } catch {
    problems.push({ property: key, reason: `${key} is not JSON; set it in Pulumi.<stack>.yaml as a list of maps, e.g. - oss: oss-cn-hangzhou-internal.aliyuncs.com` });
    return {};
  }
  const entries = Array.isArray(value) ? value : [value];
  const out: ServiceEndpoints = {};
  for (const entry of entries) {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      problems.push({ property: key, reason: `${key} must be a list of maps keyed by service (oss, sts, …)` });
      return {};
    }
    for (const service of ["oss", "sts"] as const) {
      const v = stringField(key, entry, service, problems);
      if (v !== undefined) out[service] = v;
    }
  }
  return out;
}

/**
 * Region precedence: resource input → config `alicloud:region` → env ALICLOUD_REGION /
 * ALIBABA_CLOUD_REGION / OSS_REGION → the `region_id` of the `alicloud:profile` profile.
 */
export function resolveRegion(input: string | undefined, config: ProviderConfig, env: Env): Resolved | undefined {
  if (input !== undefined && input !== "") return { value: input, source: "input region" };
  const configured = setting(config, env, "region", "region");
  if (configured !== undefined) return configured;
  return config.profileRegion !== undefined ? { value: config.profileRegion, source: `region_id of the ${CONFIG_KEYS.profile} profile` } : undefined;
}

/** `alicloud:sharedCredentialsFile` with a leading `~/` expanded, as terraform-provider-alicloud does (`homedir.Expand`). */
function sharedFile(config: ProviderConfig, env: Env, homeProfileFile: string): Resolved | undefined {
  const file = setting(config, env, "sharedCredentialsFile", "sharedCredentialsFile");
  if (file === undefined || !file.value.startsWith("~/")) return file;
  const home = homeProfileFile.replace(/[\\/]\.aliyun[\\/]config\.json$/, "");
  return { value: `${home}/${file.value.slice(2)}`, source: file.source };
}

/** The profile name and file `alicloud:profile` / `alicloud:sharedCredentialsFile` (or their env fallbacks) choose, if a profile is set. */
export function profileLocation(config: ProviderConfig, env: Env, homeProfileFile: string): { profile: string; file: string } | undefined {
  const profile = setting(config, env, "profile", "profile");
  if (profile === undefined) return undefined;
  return { profile: profile.value, file: sharedFile(config, env, homeProfileFile)?.value ?? homeProfileFile };
}

/**
 * Endpoint precedence: resource input → config `pulumi-oss-symlink:endpoint` → config
 * `alicloud:endpoints` (`oss`) → env ALIBABA_CLOUD_ENDPOINT_OSS / OSS_ENDPOINT; undefined = the
 * region's public endpoint. `<project>:endpoint` is not read (see {@link configProblems}).
 */
export function resolveEndpoint(input: string | undefined, config: ProviderConfig, env: Env): Resolved | undefined {
  if (input !== undefined && input !== "") return { value: input, source: "input endpoint" };
  if (config.endpoint !== undefined) return { value: config.endpoint, source: `config ${CONFIG_KEYS.endpoint}` };
  const oss = serviceEndpoints(config, []).oss;
  if (oss !== undefined) return { value: oss, source: `config ${CONFIG_KEYS.endpoints} (oss)` };
  return firstEnv(env, ENV_FALLBACKS.endpoint);
}

/** The access key pair and token of `alicloud:accessKey` / `secretKey` / `securityToken`, each from config or its env fallbacks. */
function staticKeys(config: ProviderConfig, env: Env): { id?: Resolved; secret?: Resolved; token?: Resolved } {
  const id = setting(config, env, "accessKeyId", "accessKey");
  const secret = setting(config, env, "accessKeySecret", "secretKey");
  const token = setting(config, env, "securityToken", "securityToken");
  return { ...(id ? { id } : {}), ...(secret ? { secret } : {}), ...(token ? { token } : {}) };
}

/**
 * The identity, in terraform-provider-alicloud's order (`providerConfigure`, then
 * `RefreshAuthCredential`): an access key pair (config, then env); else a profile; else the
 * credentials URI; else the ECS RAM role; else AssumeRoleWithOIDC. `alicloud:assumeRole` then
 * assumes its role with whichever of them was found (or, when none was, with this client's
 * default chain). The STS endpoint is `alicloud:endpoints`' `sts` entry.
 *
 * @param homeProfileFile the default profile file (`~/.aliyun/config.json` of the provider process).
 */
export function resolveIdentity(config: ProviderConfig, env: Env, homeProfileFile: string): { plan: IdentityPlan; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const sts = serviceEndpoints(config, problems).sts;
  const assumeRole = assumeRolePlan(config, env, problems);
  const plan: IdentityPlan = { ...(assumeRole !== undefined ? { assumeRole } : {}), ...(sts !== undefined ? { stsEndpoint: sts } : {}) };
  const keys = staticKeys(config, env);
  const oidc = oidcPlan(config, env, problems);
  if (keys.id !== undefined && keys.secret !== undefined) {
    const names = [keys.id.source, keys.secret.source, ...(keys.token ? [keys.token.source] : [])];
    plan.base = {
      kind: "static",
      accessKeyId: keys.id.value,
      accessKeySecret: keys.secret.value,
      ...(keys.token ? { securityToken: keys.token.value } : {}),
      source: names.every((n) => n.startsWith("config ")) ? `stack config ${names.map((n) => n.slice(7)).join(" / ")}` : names.join(" / "),
    };
    return { plan, problems };
  }
  if (keys.id !== undefined || keys.secret !== undefined) {
    const have = (keys.id ?? keys.secret) as Resolved;
    const missing = keys.id === undefined ? CONFIG_KEYS.accessKey : CONFIG_KEYS.secretKey;
    problems.push({
      property: missing,
      reason: `only one half of the access key pair is set (${have.source}); set ${missing} too (pulumi config set --secret ${missing} ...) or remove the other`,
    });
    return { plan, problems };
  }
  const profile = setting(config, env, "profile", "profile");
  if (profile !== undefined) {
    const file = sharedFile(config, env, homeProfileFile);
    plan.base = {
      kind: "profile",
      profile: profile.value,
      file: file?.value ?? homeProfileFile,
      source: `profile "${profile.value}" (${profile.source}) of ${file !== undefined ? `${file.value} (${file.source})` : homeProfileFile}`,
    };
    return { plan, problems };
  }
  const uri = setting(config, env, "credentialsUri", "credentialsUri");
  if (uri !== undefined) {
    plan.base = { kind: "credentialsUri", uri: uri.value, source: `credentials URI (${uri.source})` };
    return { plan, problems };
  }
  const ecs = setting(config, env, "ecsRoleName", "ecsRoleName");
  if (ecs !== undefined) {
    plan.base = { kind: "ecsRole", roleName: ecs.value, source: `ECS RAM role "${ecs.value}" (${ecs.source})` };
    return { plan, problems };
  }
  if (oidc !== undefined) plan.base = oidc;
  return { plan, problems };
}

/** Signature versions `alicloud:signVersion`'s `oss` entry may name. */
const SIGN_VERSIONS = ["v1", "v4"] as const;

/** `alicloud:signVersion` (`oss`): `v1` or `v4`; absent: v4, the default of both this client and terraform-provider-alicloud. */
export function resolveSignVersion(config: ProviderConfig, problems: ConfigProblem[]): "v1" | "v4" | undefined {
  const key = CONFIG_KEYS.signVersion;
  const value = parseObject(key, config.signVersion, problems);
  if (value === undefined) return undefined;
  unknownFields(key, value, OBJECT_FIELDS.signVersion, problems);
  const oss = stringField(key, value, "oss", problems);
  if (oss === undefined) return undefined;
  if ((SIGN_VERSIONS as readonly string[]).includes(oss)) return oss as "v1" | "v4";
  problems.push({ property: `${key}.oss`, reason: `${key}.oss must be v1 or v4, not "${oss}"` });
  return undefined;
}

/** `alicloud:protocol`: `HTTPS` (default) or `HTTP`, the scheme of an endpoint given without one (terraform-provider-alicloud's `WithOssClient`). */
export function resolveProtocol(config: ProviderConfig, problems: ConfigProblem[]): "http" | "https" {
  if (config.protocol === undefined || config.protocol === "HTTPS") return "https";
  if (config.protocol === "HTTP") return "http";
  problems.push({ property: CONFIG_KEYS.protocol, reason: `${CONFIG_KEYS.protocol} must be HTTP or HTTPS, not "${config.protocol}"` });
  return "https";
}

/**
 * Problems of the configuration as a whole, for `check`: the old `<project>:endpoint` when it
 * would have decided the endpoint, malformed settings, and the identity's.
 */
export function configProblems(config: ProviderConfig, env: Env, homeProfileFile: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  serviceEndpoints(config, problems);
  resolveSignVersion(config, problems);
  resolveProtocol(config, problems);
  problems.push(...resolveIdentity(config, env, homeProfileFile).problems.filter((p) => !problems.some((q) => q.property === p.property && q.reason === p.reason)));
  return problems;
}

/**
 * The old endpoint key, when it is set and neither new key is: refused, naming the new keys, so
 * that a stack upgraded from a version that read it does not silently move to the public endpoint.
 * `undefined` when there is nothing to refuse (a resource's own `endpoint` input also decides).
 */
export function legacyEndpointProblem(config: ProviderConfig, endpointInput: unknown): ConfigProblem | undefined {
  if (config.legacyEndpoint === undefined) return undefined;
  if (config.endpoint !== undefined || serviceEndpoints(config, []).oss !== undefined) return undefined;
  if (typeof endpointInput === "string" && endpointInput !== "") return undefined;
  return {
    property: "endpoint",
    reason:
      `stack config sets <project>:${LEGACY_ENDPOINT_KEY} (${config.legacyEndpoint}), which this provider no longer reads; ` +
      `move it to \`pulumi config set ${CONFIG_KEYS.endpoint} <endpoint>\` or to the oss entry of ${CONFIG_KEYS.endpoints} ` +
      `(\`pulumi config set --path '${CONFIG_KEYS.endpoints}[0].oss' <endpoint>\`); once either is set, <project>:${LEGACY_ENDPOINT_KEY} is left to your program`,
  };
}

/** How the user can set a region, for check failures. */
export const HOW_TO_SET_REGION =
  "set the `region` input, or `pulumi config set alicloud:region <region>`, or the env var ALICLOUD_REGION / ALIBABA_CLOUD_REGION (e.g. cn-hangzhou)";
