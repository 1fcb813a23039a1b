/**
 * The identity a stack's `alicloud:*` settings choose (docs/configuration.md), as providers of
 * `@alicloud/credentials`: this file builds them and checks, offline, what can be known before
 * the first request. No STS call is written here; the library's RAMRoleARN, OIDCRoleArn,
 * ECSRAMRole and URI providers make them (over https only: docs/oss.md §5.3).
 *
 * provider/config.ts decides the plan from config and environment (pure); this file turns it
 * into a {@link CredentialsProvider}. Secrets in a plan are never put in `describe()` or in a
 * message.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as AlibabaCredentials from "@alicloud/credentials";
import type { CredentialsProvider } from "./clientTypes";
import type { Credentials } from "./types";

type AlibabaModule = typeof AlibabaCredentials;
type AlibabaProvider = AlibabaCredentials.CredentialsProvider;

/** AssumeRole on top of the base identity (`alicloud:assumeRole`). */
export interface AssumeRolePlan {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  policy?: string;
  sessionExpiration: number;
}

/** Where the base identity comes from: one row of {@link BASE_IDENTITIES}. */
export type BaseIdentityPlan =
  | { kind: "static"; accessKeyId: string; accessKeySecret: string; securityToken?: string; source: string }
  | { kind: "profile"; profile: string; file: string; source: string }
  | { kind: "credentialsUri"; uri: string; source: string }
  | { kind: "ecsRole"; roleName: string; source: string }
  | {
      kind: "oidc";
      roleArn: string;
      oidcProviderArn: string;
      /** The token file to read; absent when the token is inline (`token`). */
      tokenFile?: string;
      token?: string;
      roleSessionName: string;
      policy?: string;
      sessionExpiration?: number;
      source: string;
    };

/** The identity of a configured provider: a base, optionally an AssumeRole over it, and the STS endpoint both use. */
export interface IdentityPlan {
  /** Absent: no `alicloud:*` identity setting; the client's default chain (credentials.ts) applies. */
  base?: BaseIdentityPlan;
  assumeRole?: AssumeRolePlan;
  /** `host[:port]` for the library's STS calls (`alicloud:endpoints` `sts` entry); absent: the library's default. */
  stsEndpoint?: string;
}

/** A configured identity as a credentials provider, plus the clean-up of anything it wrote. */
interface ConfiguredCredentials extends CredentialsProvider {
  /** Removes temporary files (the 0600 file an inline OIDC token is handed to the library in). */
  dispose(): void;
}

/** What building a provider needs from outside: the library (loaded lazily) and a base provider for the default chain. */
interface BuildContext {
  lib: AlibabaModule;
  plan: IdentityPlan;
  /** Cleanups registered by builders. */
  cleanups: Array<() => void>;
}

/** Our default chain as the library's provider interface, so the library can assume a role over it. */
function asLibraryProvider(source: CredentialsProvider): AlibabaProvider {
  return {
    getProviderName: () => "default_chain",
    // The library reads only these fields of what a source provider returns (providers/ram_role_arn.js).
    getCredentials: async () => {
      const c = await source.getCredentials();
      return { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken, providerName: "default_chain" } as unknown as Awaited<ReturnType<AlibabaProvider["getCredentials"]>>;
    },
  } as AlibabaProvider;
}

/** One aliyun CLI profile (`~/.aliyun/config.json`), the fields the modes below read. */
interface CliProfile {
  name?: string;
  mode?: string;
  access_key_id?: string;
  access_key_secret?: string;
  sts_token?: string;
  region_id?: string;
  ram_role_arn?: string;
  ram_session_name?: string;
  expired_seconds?: number;
  ram_role_name?: string;
  oidc_token_file?: string;
  oidc_provider_arn?: string;
  source_profile?: string;
  sts_endpoint?: string;
}

/**
 * Profile modes this provider builds itself, because `@alicloud/credentials`' CLI-profile source
 * reads only `~/.aliyun/config.json` while `alicloud:sharedCredentialsFile` may name any file.
 * Each row uses the library's own provider for the mode, with the fields the library's
 * `CLIProfileCredentialsProvider` passes (node_modules/@alicloud/credentials
 * dist/src/providers/cli_profile.js). Other modes (CloudSSO, OAuth, External) go to that
 * source as they are, and are refused when the file is not `~/.aliyun/config.json`.
 */
const PROFILE_MODES: Readonly<Record<string, (p: CliProfile, lib: AlibabaModule, all: CliProfile[], stsEndpoint?: string) => AlibabaProvider>> = {
  AK: (p, lib) => lib.StaticAKCredentialsProvider.builder().withAccessKeyId(p.access_key_id ?? "").withAccessKeySecret(p.access_key_secret ?? "").build(),
  StsToken: (p, lib) =>
    lib.StaticSTSCredentialsProvider.builder()
      .withAccessKeyId(p.access_key_id ?? "")
      .withAccessKeySecret(p.access_key_secret ?? "")
      .withSecurityToken(p.sts_token ?? "")
      .build(),
  RamRoleArn: (p, lib, _all, sts) =>
    ramRole(lib, PROFILE_MODES.AK!(p, lib, _all), {
      roleArn: p.ram_role_arn ?? "",
      ...(p.ram_session_name ? { sessionName: p.ram_session_name } : {}),
      ...(p.expired_seconds ? { sessionExpiration: p.expired_seconds } : {}),
      ...(p.sts_endpoint ?? sts ? { stsEndpoint: (p.sts_endpoint ?? sts) as string } : {}),
    }),
  EcsRamRole: (p, lib) => lib.ECSRAMRoleCredentialsProvider.builder().withRoleName(p.ram_role_name ?? "").build(),
  OIDC: (p, lib, _all, sts) => {
    const b = lib.OIDCRoleArnCredentialsProvider.builder()
      .withOIDCTokenFilePath(p.oidc_token_file ?? "")
      .withOIDCProviderArn(p.oidc_provider_arn ?? "")
      .withRoleArn(p.ram_role_arn ?? "");
    if (p.ram_session_name) b.withRoleSessionName(p.ram_session_name);
    if (p.sts_endpoint ?? sts) b.withStsEndpoint((p.sts_endpoint ?? sts) as string);
    return b.build();
  },
  ChainableRamRoleArn: (p, lib, all, sts) => {
    const source = all.find((q) => q.name === p.source_profile);
    const build = source?.mode !== undefined ? PROFILE_MODES[source.mode] : undefined;
    if (source === undefined || build === undefined || source === p) {
      throw new Error(`source_profile "${p.source_profile ?? ""}" of profile "${p.name ?? ""}" is missing or has an unsupported mode`);
    }
    return ramRole(lib, build(source, lib, all, sts), {
      roleArn: p.ram_role_arn ?? "",
      ...(p.ram_session_name ? { sessionName: p.ram_session_name } : {}),
      ...(p.expired_seconds ? { sessionExpiration: p.expired_seconds } : {}),
      ...(sts ? { stsEndpoint: sts } : {}),
    });
  },
};

/** The default file of the aliyun CLI, the only one the library's CLI-profile source reads. */
export function defaultProfileFile(homeDir: string): string {
  return path.join(homeDir, ".aliyun", "config.json");
}

function ramRole(
  lib: AlibabaModule,
  base: AlibabaProvider,
  role: { roleArn: string; sessionName?: string; externalId?: string; policy?: string; sessionExpiration?: number; stsEndpoint?: string },
): AlibabaProvider {
  const b = lib.RAMRoleARNCredentialsProvider.builder().withCredentialsProvider(base).withRoleArn(role.roleArn);
  if (role.sessionName !== undefined) b.withRoleSessionName(role.sessionName);
  if (role.externalId !== undefined) b.withExternalId(role.externalId);
  if (role.policy !== undefined) b.withPolicy(role.policy);
  if (role.sessionExpiration !== undefined) b.withDurationSeconds(role.sessionExpiration);
  if (role.stsEndpoint !== undefined) b.withStsEndpoint(role.stsEndpoint);
  return b.build();
}

/** Reads and parses a profile file; errors name the file, never its content. */
function readProfiles(file: string, readFile: (f: string) => string): { current?: string; profiles: CliProfile[] } {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? "read error"}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON (content not shown)`);
  }
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  if (!Array.isArray(profiles)) throw new Error(`${file} has no "profiles" list`);
  return { profiles: profiles as CliProfile[] };
}

/** The profile `name` of `file`, or why it cannot be used (a sentence naming the file and profile, no value). */
function findProfile(plan: Extract<BaseIdentityPlan, { kind: "profile" }>, readFile: (f: string) => string, homeDir: string): { profile: CliProfile; all: CliProfile[]; delegate: boolean } {
  const { profiles } = readProfiles(plan.file, readFile);
  const profile = profiles.find((p) => p.name === plan.profile);
  if (profile === undefined) {
    const names = profiles.map((p) => p.name).filter((n): n is string => typeof n === "string");
    throw new Error(`profile "${plan.profile}" is not in ${plan.file} (profiles there: ${names.join(", ") || "none"})`);
  }
  const mode = profile.mode ?? "AK";
  if (PROFILE_MODES[mode] !== undefined) return { profile, all: profiles, delegate: false };
  if (path.resolve(plan.file) === path.resolve(defaultProfileFile(homeDir))) return { profile, all: profiles, delegate: true };
  throw new Error(
    `profile "${plan.profile}" in ${plan.file} has mode ${mode}, which @alicloud/credentials reads only from ~/.aliyun/config.json; ` +
      `move the profile there (and unset alicloud:sharedCredentialsFile) or use a mode of ${Object.keys(PROFILE_MODES).join(", ")}`,
  );
}

/**
 * The base identities, one row per kind: how to build it with `@alicloud/credentials`.
 * The order in which they are chosen is provider/config.ts's (docs/configuration.md).
 */
const BASE_IDENTITIES: { readonly [K in BaseIdentityPlan["kind"]]: (plan: Extract<BaseIdentityPlan, { kind: K }>, ctx: BuildContext, env: IdentityEnv) => AlibabaProvider } = {
  static: (p, { lib }) =>
    p.securityToken !== undefined
      ? lib.StaticSTSCredentialsProvider.builder().withAccessKeyId(p.accessKeyId).withAccessKeySecret(p.accessKeySecret).withSecurityToken(p.securityToken).build()
      : lib.StaticAKCredentialsProvider.builder().withAccessKeyId(p.accessKeyId).withAccessKeySecret(p.accessKeySecret).build(),
  profile: (p, { lib, plan }, env) => {
    const { profile, all, delegate } = findProfile(p, env.readFile, env.homeDir);
    if (delegate) return lib.CLIProfileCredentialsProvider.builder().withProfileName(p.profile).build();
    // terraform-provider-alicloud: alicloud:assumeRole's role replaces a RamRoleArn profile's own
    // role (both set config.RamRoleArn), and is assumed with the profile's key pair.
    const mode = plan.assumeRole !== undefined && profile.mode === "RamRoleArn" ? "AK" : profile.mode ?? "AK";
    return (PROFILE_MODES[mode] as NonNullable<(typeof PROFILE_MODES)[string]>)(profile, lib, all, plan.stsEndpoint);
  },
  credentialsUri: (p, { lib }) => lib.URICredentialsProvider.builder().withCredentialsURI(p.uri).build(),
  ecsRole: (p, { lib }) => lib.ECSRAMRoleCredentialsProvider.builder().withRoleName(p.roleName).build(),
  oidc: (p, ctx) => {
    let tokenFile = p.tokenFile;
    let inline: InlineTokenFile | undefined;
    if (p.token !== undefined) {
      inline = new InlineTokenFile(p.token);
      ctx.cleanups.push(() => inline?.dispose());
      tokenFile = inline.file;
    }
    const b = ctx.lib.OIDCRoleArnCredentialsProvider.builder()
      .withRoleArn(p.roleArn)
      .withOIDCProviderArn(p.oidcProviderArn)
      .withOIDCTokenFilePath(tokenFile ?? "")
      .withRoleSessionName(p.roleSessionName);
    if (p.policy !== undefined) b.withPolicy(p.policy);
    if (p.sessionExpiration !== undefined) b.withDurationSeconds(p.sessionExpiration);
    if (ctx.plan.stsEndpoint !== undefined) b.withStsEndpoint(ctx.plan.stsEndpoint);
    const built = b.build();
    if (inline === undefined) return built;
    const file = inline;
    // The library reads the token file on each refresh, which happens inside getCredentials:
    // the file exists only while a call runs.
    return { getProviderName: () => built.getProviderName(), getCredentials: () => file.during(() => built.getCredentials()) };
  },
};

/**
 * An inline `oidcToken` handed to the library, which only reads tokens from a file: a 0600 file
 * in a 0700 temporary directory, written when a credentials call starts and removed when the last
 * running one ends, so the token does not stay on disk.
 */
class InlineTokenFile {
  readonly file: string;
  private readonly dir: string;
  private running = 0;
  constructor(private readonly token: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "oss-symlink-oidc-"));
    this.file = path.join(this.dir, "token");
  }
  async during<T>(call: () => Promise<T>): Promise<T> {
    if (this.running++ === 0) fs.writeFileSync(this.file, this.token, { mode: 0o600 });
    try {
      return await call();
    } finally {
      if (--this.running === 0) fs.rmSync(this.file, { force: true });
    }
  }
  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What the identity builders read from the machine; every field has a default. */
interface IdentityEnv {
  homeDir: string;
  readFile: (file: string) => string;
  /** Builds the default-chain provider an AssumeRole without a configured base runs over. */
  defaultChain: () => CredentialsProvider;
}

function loadLibrary(): AlibabaModule {
  // Loaded on first use, as in credentials.ts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@alicloud/credentials") as AlibabaModule;
}

/** Names the setting a plan came from, for `describe()` and messages (never a value that is secret). */
function describeIdentity(plan: IdentityPlan): string {
  const base = plan.base?.source ?? "the default credential chain";
  return plan.assumeRole !== undefined ? `stack config alicloud:assumeRole (role ${plan.assumeRole.roleArn}) over ${base}` : base;
}

/**
 * The credentials provider for a configured identity, or `undefined` when the plan has no
 * setting (the client then uses its default chain). Built lazily: nothing is read or fetched
 * before the first `getCredentials()`.
 */
export function configuredCredentials(plan: IdentityPlan, env: IdentityEnv, lib: () => AlibabaModule = loadLibrary): ConfiguredCredentials | undefined {
  if (plan.base === undefined && plan.assumeRole === undefined) return undefined;
  const cleanups: Array<() => void> = [];
  let built: AlibabaProvider | undefined;
  const description = describeIdentity(plan);
  const build = (): AlibabaProvider => {
    const ctx: BuildContext = { lib: lib(), plan, cleanups };
    const base = plan.base;
    const baseProvider = base !== undefined
      ? (BASE_IDENTITIES[base.kind] as (p: BaseIdentityPlan, c: BuildContext, e: IdentityEnv) => AlibabaProvider)(base, ctx, env)
      : asLibraryProvider(env.defaultChain());
    if (plan.assumeRole === undefined) return baseProvider;
    return ramRole(ctx.lib, baseProvider, { ...plan.assumeRole, ...(plan.stsEndpoint !== undefined ? { stsEndpoint: plan.stsEndpoint } : {}) });
  };
  // Calls that start while one is running share it: the library's session sources refresh on
  // every call until the first answer is cached, so N parallel requests would make N STS calls.
  let running: Promise<Credentials> | undefined;
  const fetchCredentials = async (): Promise<Credentials> => {
    built ??= build();
    const c = await built.getCredentials();
    const base = { accessKeyId: c.accessKeyId ?? "", accessKeySecret: c.accessKeySecret ?? "" };
    return c.securityToken ? { ...base, securityToken: c.securityToken } : base;
  };
  return {
    getCredentials(): Promise<Credentials> {
      running ??= fetchCredentials().finally(() => {
        running = undefined;
      });
      return running;
    },
    describe: () => description,
    dispose() {
      for (const cleanup of cleanups.splice(0)) cleanup();
      built = undefined;
    },
  };
}

/** The `region_id` of a profile, or undefined when the file, the profile or the field is missing (check reports the first two). */
export function profileRegion(file: string, profile: string, readFile: (f: string) => string): string | undefined {
  try {
    const region = readProfiles(file, readFile).profiles.find((p) => p.name === profile)?.region_id;
    return typeof region === "string" && region.trim() !== "" ? region.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** One preview-time problem with a setting: the config key (or `key.field`) and what to do. */
interface IdentityProblem {
  property: string;
  reason: string;
}

/** Seconds since the epoch of a JWT's `exp` claim, without verifying it (the STS does that). */
function jwtExpiry(token: string): number | undefined {
  const payload = token.trim().split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What can be known about a plan before any request, from files alone: an unreadable or expired
 * OIDC token, a profile that is missing, unreadable or of a mode that cannot be read from its file.
 * Each problem names the setting; none quotes a token, a key or a file's content.
 */
export function identityPreflight(plan: IdentityPlan, env: Pick<IdentityEnv, "homeDir" | "readFile">, nowSeconds: number): IdentityProblem[] {
  const base = plan.base;
  if (base?.kind === "profile") {
    try {
      findProfile(base, env.readFile, env.homeDir);
    } catch (err) {
      return [{ property: "alicloud:profile", reason: `${(err as Error).message} (profile from ${base.source})` }];
    }
  }
  if (base?.kind === "oidc") {
    const property = base.token !== undefined ? "alicloud:assumeRoleWithOidc.oidcToken" : "alicloud:assumeRoleWithOidc.oidcTokenFile";
    let token = base.token;
    if (token === undefined) {
      try {
        token = env.readFile(base.tokenFile ?? "");
      } catch (err) {
        return [{ property, reason: `the OIDC token file ${base.tokenFile ?? ""} cannot be read (${(err as NodeJS.ErrnoException).code ?? "read error"}); point oidcTokenFile (or ALIBABA_CLOUD_OIDC_TOKEN_FILE) at a readable file` }];
      }
    }
    const exp = jwtExpiry(token);
    if (exp !== undefined && exp <= nowSeconds) {
      const when = new Date(exp * 1000).toISOString();
      return [{ property, reason: `the OIDC token expired at ${when}; issue a fresh token (CI: request it in the same job) before running pulumi` }];
    }
  }
  return [];
}
