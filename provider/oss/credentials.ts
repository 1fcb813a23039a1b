/**
 * Where the client's credentials come from. Resolved at call time (never at import time, so a
 * Pulumi program can set env vars or files after loading the package, and session credentials
 * are refreshed by their source rather than cached here).
 *
 * Explicit credentials or a provider (the Pulumi provider passes stack config) are used alone.
 * Without them, the sources of {@link CREDENTIAL_SOURCES} are tried in their order: the `OSS_*`
 * variables of the OSS v2 SDKs, then the Alibaba Cloud default chain, built from the providers
 * `@alicloud/credentials` exports (docs/oss.md §5.2, §5.3). That one table feeds the chain, the
 * preview-time {@link possibleCredentialSources} and the missing-credentials message.
 *
 * The environment (and, for the preview check, the home directory) is passed in;
 * hostEnvironment.ts supplies the process's. The library's own sources also read the process
 * environment and home directory themselves; where a builder accepts a value (the ECS role name,
 * the credentials URI), the table passes it from the given environment.
 */
import type * as AlibabaCredentials from "@alicloud/credentials";
import type { CredentialsProvider } from "./clientTypes";
import { processEnv, type Env } from "./hostEnvironment";
import { LOCAL_ERROR_CODES, OssError } from "./ossError";
import type { Credentials } from "./types";

type AlibabaModule = typeof AlibabaCredentials;
type AlibabaProvider = AlibabaCredentials.CredentialsProvider;

/** Environment variables of the OSS v2 SDKs, read before the Alibaba Cloud chain. */
export const OSS_CREDENTIAL_ENV = {
  accessKeyId: "OSS_ACCESS_KEY_ID",
  accessKeySecret: "OSS_ACCESS_KEY_SECRET",
  sessionToken: "OSS_SESSION_TOKEN",
} as const;

/** Reads one source. `undefined`: the source is not configured (try the next one). */
interface SourceReader {
  read(): Promise<Credentials | undefined>;
}

/** One credential source. */
interface CredentialSource {
  /** Names the source in `describe()` and messages (never a value). */
  readonly name: string;
  /** What the user sets to use it, for the missing-credentials message. */
  readonly setup: string;
  /** Part of the Alibaba Cloud default chain (described as such, built lazily, cached). */
  readonly chained: boolean;
  /** Could it supply credentials, judged from the environment and files alone (no network)? */
  readonly present: (env: Env, homeDir: string, fileExists: (file: string) => boolean) => boolean;
  /** Its reader; `undefined` when it is off (the library's builder refuses, a variable is unset). */
  readonly build: (env: Env, lib: () => AlibabaModule) => SourceReader | undefined;
}

const isSet = (env: Env, name: string): boolean => (env[name] ?? "") !== "";
const isDisabled = (env: Env, name: string): boolean => (env[name] ?? "").toLowerCase() === "true";

/** A source of `@alicloud/credentials`, as a reader. */
function library(provider: AlibabaProvider): SourceReader {
  return {
    read: async () => {
      const c = await provider.getCredentials();
      const base = { accessKeyId: c.accessKeyId ?? "", accessKeySecret: c.accessKeySecret ?? "" };
      return c.securityToken ? { ...base, securityToken: c.securityToken } : base;
    },
  };
}

/** The `OSS_*` variables, read on every call: setting them later takes effect on the next call. */
function ossEnvironment(env: Env): SourceReader {
  return {
    read: async () => {
      const id = env[OSS_CREDENTIAL_ENV.accessKeyId];
      const secret = env[OSS_CREDENTIAL_ENV.accessKeySecret];
      if (!id && !secret) return undefined;
      const token = env[OSS_CREDENTIAL_ENV.sessionToken];
      const base = { accessKeyId: id ?? "", accessKeySecret: secret ?? "" };
      return token ? { ...base, securityToken: token } : base;
    },
  };
}

/**
 * Every source, in the order tried. The chain part keeps `@alicloud/credentials`' own order (env,
 * OIDC, CLI profile, INI profile, ECS RAM role, credentials URI) but is assembled here from its
 * exported providers: the library's `DefaultCredentialsProvider` always adds the credentials-URI
 * source, even when `ALIBABA_CLOUD_CREDENTIALS_URI` is unset, and then fetches
 * `https://undefined/` (a DNS lookup of the host "undefined") on every miss.
 */
export const CREDENTIAL_SOURCES: readonly CredentialSource[] = [
  {
    name: `environment ${OSS_CREDENTIAL_ENV.accessKeyId}`,
    setup: `environment ${OSS_CREDENTIAL_ENV.accessKeyId} + ${OSS_CREDENTIAL_ENV.accessKeySecret} (+ ${OSS_CREDENTIAL_ENV.sessionToken})`,
    chained: false,
    present: (env) => isSet(env, OSS_CREDENTIAL_ENV.accessKeyId) || isSet(env, OSS_CREDENTIAL_ENV.accessKeySecret),
    build: (env) => ossEnvironment(env),
  },
  {
    name: "environment ALIBABA_CLOUD_ACCESS_KEY_ID",
    setup: "environment ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN)",
    chained: true,
    present: (env) => isSet(env, "ALIBABA_CLOUD_ACCESS_KEY_ID") || isSet(env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
    build: (_env, lib) => library(lib().EnvironmentVariableCredentialsProvider.builder().build()),
  },
  {
    name: "OIDC role ALIBABA_CLOUD_ROLE_ARN",
    setup: "OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)",
    chained: true,
    present: (env) => isSet(env, "ALIBABA_CLOUD_ROLE_ARN"),
    build: (_env, lib) => library(lib().OIDCRoleArnCredentialsProvider.builder().build()),
  },
  {
    name: "aliyun CLI profile ~/.aliyun/config.json",
    setup: "aliyun CLI profile in ~/.aliyun/config.json (profile chosen by ALIBABA_CLOUD_PROFILE)",
    chained: true,
    present: (env, home, exists) => !isDisabled(env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED") && exists(`${home}/.aliyun/config.json`),
    build: (_env, lib) => library(lib().CLIProfileCredentialsProvider.builder().build()),
  },
  {
    name: "credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials)",
    setup: "credentials file ~/.alibabacloud/credentials or ALIBABA_CLOUD_CREDENTIALS_FILE (section ALIBABA_CLOUD_PROFILE, default [default])",
    chained: true,
    present: (env, home, exists) => isSet(env, "ALIBABA_CLOUD_CREDENTIALS_FILE") || exists(`${home}/.alibabacloud/credentials`),
    build: (_env, lib) => library(lib().ProfileCredentialsProvider.builder().build()),
  },
  {
    name: "ECS RAM role (instance metadata)",
    setup: "ECS RAM role from instance metadata (disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)",
    chained: true,
    // Only instance metadata, over the network, knows whether there is a role: present unless disabled.
    present: (env) => !isDisabled(env, "ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
    build: (env, lib) => library(lib().ECSRAMRoleCredentialsProvider.builder().withRoleName(env.ALIBABA_CLOUD_ECS_METADATA ?? "").build()),
  },
  {
    name: "credentials URI ALIBABA_CLOUD_CREDENTIALS_URI",
    setup: "credentials URI ALIBABA_CLOUD_CREDENTIALS_URI",
    chained: true,
    present: (env) => isSet(env, "ALIBABA_CLOUD_CREDENTIALS_URI"),
    build: (env, lib) =>
      isSet(env, "ALIBABA_CLOUD_CREDENTIALS_URI")
        ? library(lib().URICredentialsProvider.builder().withCredentialsURI(env.ALIBABA_CLOUD_CREDENTIALS_URI ?? "").build())
        : undefined,
  },
];

const CHAIN_PREFIX = "Alibaba Cloud default chain: ";

function describeSource(source: CredentialSource): string {
  return source.chained ? `${CHAIN_PREFIX}${source.name}` : source.name;
}

function missingCredentials(detail: string): OssError {
  return new OssError({ code: LOCAL_ERROR_CODES.missingCredentials, detail });
}

/** Drops anything that looks like a secret from a third-party message, and bounds its length. */
function scrub(message: string): string {
  const cleaned = message
    .replace(/"?(AccessKeySecret|SecurityToken|accessKeySecret|securityToken|access_key_secret|sts_token)"?\s*[:=]\s*"?[^",}\s]*"?/g, "$1=<redacted>");
  return cleaned.length > 600 ? `${cleaned.slice(0, 600)}…` : cleaned;
}

/**
 * Messages of `@alicloud/credentials` sources that quote a whole file or HTTP body: the CLI
 * profile source on a JSON error (`… failed: <file content>`), the credentials-URI source on a
 * bad answer (`…, result: <body>.`). The quote can hold a secret in any shape, so it is dropped.
 */
const QUOTED_CONTENT: ReadonlyArray<[RegExp, string]> = [
  [/^(parse aliyun cli config from '[^']*' failed:)[\s\S]*$/, "$1 (file content not shown)"],
  [/^(get sts token failed, json parse failed: [\s\S]*?), result: [\s\S]*$/, "$1 (response body not shown)"],
];

function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  for (const [pattern, replacement] of QUOTED_CONTENT) if (pattern.test(message)) return message.replace(pattern, replacement);
  return message;
}

function checkComplete(credentials: Credentials, source: string, idName: string, secretName: string): Credentials {
  const missing = !credentials.accessKeyId ? idName : !credentials.accessKeySecret ? secretName : undefined;
  if (missing === undefined) return credentials;
  throw missingCredentials(
    `OSS credentials from ${source} are incomplete: ${missing} is empty or missing. ` +
      `Set both an access key ID and an access key secret (and a security token for STS credentials).`,
  );
}

/** The missing-credentials message: every source of the table, in order, and what the chain said. */
function noCredentialsMessage(chainReport: string): string {
  const [first, ...chain] = CREDENTIAL_SOURCES;
  return [
    "No OSS credentials found. Sources tried, in order:",
    "  1. explicit credentials passed to the client (the Pulumi provider's credential config): not set",
    `  2. ${first?.setup ?? ""}: not set`,
    "  3. the Alibaba Cloud default credential chain (@alicloud/credentials):",
    ...chain.map((s, i) => `     3.${i + 1} ${s.setup}`),
    `     The chain reported: ${scrub(chainReport)}`,
    `Fix: set ${OSS_CREDENTIAL_ENV.accessKeyId} and ${OSS_CREDENTIAL_ENV.accessKeySecret} in the environment, ` +
      "pass credentials explicitly, or configure one of the chain's sources (e.g. `aliyun configure`).",
  ].join("\n");
}

/** A caller-supplied provider (or fixed credentials): its failures become one `MissingCredentials` error. */
class CheckedCredentialsProvider implements CredentialsProvider {
  constructor(private readonly inner: CredentialsProvider, private readonly fields: readonly [string, string]) {}
  async getCredentials(): Promise<Credentials> {
    let credentials: Credentials;
    try {
      credentials = await this.inner.getCredentials();
    } catch (err) {
      if (err instanceof OssError) throw err;
      // No `cause`, as for the default chain: the raw error is the unscrubbed text (a refresh
      // failure may quote the credentials it got); the message carries a scrubbed copy.
      throw missingCredentials(`The credentials provider ${this.inner.describe()} failed: ${scrub(errorText(err))}`);
    }
    return checkComplete(credentials, this.inner.describe(), ...this.fields);
  }
  describe(): string {
    return this.inner.describe();
  }
}

interface BuiltSource {
  source: CredentialSource;
  reader: SourceReader;
}

/** The sources of {@link CREDENTIAL_SOURCES}, in order. */
class SourceChain implements CredentialsProvider {
  private readonly perCall: BuiltSource[];
  /** The chained sources, built on first use (they read env and files when built). */
  private chain: BuiltSource[] | undefined;
  /** The chained source that worked last: asked first (session sources refresh themselves). */
  private lastUsed: BuiltSource | undefined;
  private source = "default chain (not resolved yet)";

  constructor(private readonly env: Env, private readonly lib: () => AlibabaModule) {
    this.perCall = this.build(CREDENTIAL_SOURCES.filter((s) => !s.chained));
  }

  async getCredentials(): Promise<Credentials> {
    for (const built of this.perCall) {
      const found = await built.reader.read();
      if (found !== undefined) return this.use(built, found, OSS_CREDENTIAL_ENV.accessKeyId, OSS_CREDENTIAL_ENV.accessKeySecret);
    }
    const errors: string[] = [];
    const chain = (this.chain ??= this.build(CREDENTIAL_SOURCES.filter((s) => s.chained)));
    for (const built of this.lastUsed !== undefined ? [this.lastUsed] : chain) {
      let found: Credentials | undefined;
      try {
        found = await built.reader.read();
      } catch (err) {
        errors.push(`${built.source.name}: ${errorText(err)}`);
        continue;
      }
      if (found === undefined) continue;
      this.lastUsed = built;
      return this.use(built, found, "access key ID", "access key secret");
    }
    // Start over next time: a source configured meanwhile is then found.
    this.chain = undefined;
    this.lastUsed = undefined;
    // No `cause`: the sources' raw messages can quote a credentials file (a JSON.parse error shows
    // the start of the text, secret included); the message carries a scrubbed copy.
    throw missingCredentials(noCredentialsMessage(errors.length === 0 ? "no source is enabled" : errors.join("; ")));
  }

  describe(): string {
    return this.source;
  }

  private use(built: BuiltSource, found: Credentials, idName: string, secretName: string): Credentials {
    const name = describeSource(built.source);
    checkComplete(found, built.source.chained ? name : "the environment", idName, secretName);
    this.source = name;
    return found;
  }

  private build(sources: readonly CredentialSource[]): BuiltSource[] {
    const built: BuiltSource[] = [];
    for (const source of sources) {
      try {
        const reader = source.build(this.env, this.lib);
        if (reader !== undefined) built.push({ source, reader });
      } catch {
        // A source whose builder refuses (disabled, or its variables absent) is simply not tried.
      }
    }
    return built;
  }
}

function loadLibrary(): AlibabaModule {
  // Loaded on first use: the library pulls in an HTTP stack that most runs never need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@alicloud/credentials") as AlibabaModule;
}

function isProvider(value: Credentials | CredentialsProvider): value is CredentialsProvider {
  return typeof (value as CredentialsProvider).getCredentials === "function";
}

/**
 * The credentials provider for a client.
 *
 * @param explicit fixed credentials or a provider, used alone; when absent, the sources of
 *   {@link CREDENTIAL_SOURCES} are consulted on every `getCredentials()` call.
 * @param env the environment variables to read (at call time); the process's by default.
 * @returns a provider whose failures are `OssError`s with code `MissingCredentials`, and whose
 *   `describe()` names the source last used (never a secret).
 */
export function resolveCredentialsProvider(
  explicit?: Credentials | CredentialsProvider,
  env: Env = processEnv(),
): CredentialsProvider {
  if (explicit === undefined) return new SourceChain(env, loadLibrary);
  if (isProvider(explicit)) return new CheckedCredentialsProvider(explicit, ["accessKeyId", "accessKeySecret"]);
  const fixed = explicit;
  return new CheckedCredentialsProvider(
    { getCredentials: async () => fixed, describe: () => "explicit credentials" },
    ["accessKeyId", "accessKeySecret"],
  );
}

/**
 * The names of the credential sources that could supply credentials, judged from the environment
 * and the file system alone (no network), in the chain's order. An empty list means no source can
 * succeed, so the Pulumi provider can say so at preview instead of at the first write. Incomplete
 * values (an ID without a secret) count as present; using them reports what is missing.
 */
export function possibleCredentialSources(env: Env, home: string, fileExists: (file: string) => boolean): string[] {
  return CREDENTIAL_SOURCES.filter((s) => s.present(env, home, fileExists)).map((s) => s.name);
}
