/**
 * Where the client's credentials come from, resolved at call time (never at import time, so a
 * Pulumi program can set env vars or files after loading the package, and session credentials
 * are refreshed by their source rather than cached here).
 *
 * Order: explicit credentials or provider (the Pulumi provider passes stack config) →
 * `OSS_ACCESS_KEY_ID` / `OSS_ACCESS_KEY_SECRET` / `OSS_SESSION_TOKEN` (the OSS v2 SDKs' names) →
 * the Alibaba Cloud default chain of `@alicloud/credentials` (shared/oss-reference.md §5.2/§5.3).
 */
import type { CredentialsProvider } from "./clientTypes";
import { LOCAL_ERROR_CODES, OssError } from "./ossError";
import type { Credentials } from "./types";

/** Environment variables read before the Alibaba Cloud chain. */
export const OSS_CREDENTIAL_ENV = {
  accessKeyId: "OSS_ACCESS_KEY_ID",
  accessKeySecret: "OSS_ACCESS_KEY_SECRET",
  sessionToken: "OSS_SESSION_TOKEN",
} as const;

/** What the Alibaba Cloud default chain tries, in its order; quoted in the missing-credentials message. */
const CHAIN_SOURCES = [
  "environment ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN)",
  "OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)",
  "aliyun CLI profile in ~/.aliyun/config.json (profile chosen by ALIBABA_CLOUD_PROFILE)",
  "credentials file ~/.alibabacloud/credentials or ALIBABA_CLOUD_CREDENTIALS_FILE (section ALIBABA_CLOUD_PROFILE, default [default])",
  "ECS RAM role from instance metadata (disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)",
  "credentials URI ALIBABA_CLOUD_CREDENTIALS_URI",
] as const;

/** Friendly names for the chain's provider names (`default/env`, `default/profile/static_ak`, …). */
const CHAIN_PROVIDER_NAMES: Readonly<Record<string, string>> = {
  env: "environment ALIBABA_CLOUD_ACCESS_KEY_ID",
  oidc_role_arn: "OIDC role ALIBABA_CLOUD_ROLE_ARN",
  cli_profile: "aliyun CLI profile ~/.aliyun/config.json",
  profile: "credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials)",
  ecs_ram_role: "ECS RAM role (instance metadata)",
  credential_uri: "credentials URI ALIBABA_CLOUD_CREDENTIALS_URI",
};

/** The part of `@alicloud/credentials`' `Credential` this module uses. */
interface AlibabaCredentialClient {
  getCredential(): Promise<{
    accessKeyId?: string;
    accessKeySecret?: string;
    securityToken?: string;
    providerName?: string;
  }>;
}

function isProvider(value: Credentials | CredentialsProvider): value is CredentialsProvider {
  return typeof (value as CredentialsProvider).getCredentials === "function";
}

function missingCredentials(message: string): OssError {
  return new OssError({ code: LOCAL_ERROR_CODES.missingCredentials, detail: message });
}

/** Drops anything that looks like a secret from a third-party message, and bounds its length. */
function scrub(message: string): string {
  const cleaned = message
    .replace(/"?(AccessKeySecret|SecurityToken|accessKeySecret|securityToken|access_key_secret|sts_token)"?\s*[:=]\s*"?[^",}\s]*"?/g, "$1=<redacted>");
  return cleaned.length > 600 ? `${cleaned.slice(0, 600)}…` : cleaned;
}

function incomplete(source: string, missing: string): OssError {
  return missingCredentials(
    `OSS credentials from ${source} are incomplete: ${missing} is empty or missing. ` +
      `Set both an access key ID and an access key secret (and a security token for STS credentials).`,
  );
}

function checkComplete(credentials: Credentials, source: string, idName: string, secretName: string): Credentials {
  if (!credentials.accessKeyId) throw incomplete(source, idName);
  if (!credentials.accessKeySecret) throw incomplete(source, secretName);
  return credentials;
}

/** Fixed credentials given by the caller. */
class ExplicitCredentialsProvider implements CredentialsProvider {
  private readonly credentials: Promise<Credentials>;
  constructor(credentials: Credentials) {
    // Checked eagerly but reported lazily: a bad value surfaces as the first call's error.
    let checked: Promise<Credentials>;
    try {
      checked = Promise.resolve(
        checkComplete(credentials, "explicit options", "accessKeyId", "accessKeySecret"),
      );
    } catch (err) {
      checked = Promise.reject(err);
      checked.catch(() => undefined);
    }
    this.credentials = checked;
  }
  getCredentials(): Promise<Credentials> {
    return this.credentials;
  }
  describe(): string {
    return "explicit credentials";
  }
}

/** A caller-supplied provider; its failures become one `MissingCredentials` error. */
class WrappedCredentialsProvider implements CredentialsProvider {
  constructor(private readonly inner: CredentialsProvider) {}
  async getCredentials(): Promise<Credentials> {
    let credentials: Credentials;
    try {
      credentials = await this.inner.getCredentials();
    } catch (err) {
      if (err instanceof OssError) throw err;
      // No `cause`, as for the default chain: the raw error is the unscrubbed text (a refresh
      // failure may quote the credentials it got); the message carries a scrubbed copy.
      throw missingCredentials(
        `The credentials provider ${this.inner.describe()} failed: ${scrub(err instanceof Error ? err.message : String(err))}`,
      );
    }
    return checkComplete(credentials, this.inner.describe(), "accessKeyId", "accessKeySecret");
  }
  describe(): string {
    return this.inner.describe();
  }
}

/** `OSS_*` environment variables, then the Alibaba Cloud default chain. */
class DefaultCredentialsProvider implements CredentialsProvider {
  private chain: AlibabaCredentialClient | undefined;
  private source = "default chain (not resolved yet)";

  constructor(private readonly chainFactory: () => AlibabaCredentialClient) {}

  async getCredentials(): Promise<Credentials> {
    const env = process.env;
    const id = env[OSS_CREDENTIAL_ENV.accessKeyId];
    const secret = env[OSS_CREDENTIAL_ENV.accessKeySecret];
    if (id || secret) {
      const source = `environment ${OSS_CREDENTIAL_ENV.accessKeyId}`;
      const token = env[OSS_CREDENTIAL_ENV.sessionToken];
      const credentials: Credentials = token
        ? { accessKeyId: id ?? "", accessKeySecret: secret ?? "", securityToken: token }
        : { accessKeyId: id ?? "", accessKeySecret: secret ?? "" };
      checkComplete(credentials, `the environment`, OSS_CREDENTIAL_ENV.accessKeyId, OSS_CREDENTIAL_ENV.accessKeySecret);
      this.source = source;
      return credentials;
    }
    // The chain reads env and files when it is built, and caches which source worked (session
    // sources refresh themselves). Build it on first use, not at import.
    const chain = (this.chain ??= this.chainFactory());
    let found: Awaited<ReturnType<AlibabaCredentialClient["getCredential"]>>;
    try {
      found = await chain.getCredential();
    } catch (err) {
      // After a failure the chain remembers its last provider as "the one that works": start over.
      this.chain = undefined;
      // No `cause`: the chain's raw messages can quote a credentials file (a JSON.parse error
      // shows the start of the text, secret included); the message carries a scrubbed copy.
      throw missingCredentials(missingCredentialsMessage(err));
    }
    const source = describeChainProvider(found.providerName);
    const credentials: Credentials = found.securityToken
      ? { accessKeyId: found.accessKeyId ?? "", accessKeySecret: found.accessKeySecret ?? "", securityToken: found.securityToken }
      : { accessKeyId: found.accessKeyId ?? "", accessKeySecret: found.accessKeySecret ?? "" };
    checkComplete(credentials, source, "access key ID", "access key secret");
    this.source = source;
    return credentials;
  }

  describe(): string {
    return this.source;
  }
}

function describeChainProvider(providerName: string | undefined): string {
  // "default/profile/static_ak" → "profile"
  const parts = (providerName ?? "").split("/");
  const first = parts[0] === "default" ? parts[1] : parts[0];
  const name = first === undefined ? undefined : CHAIN_PROVIDER_NAMES[first];
  return `Alibaba Cloud default chain: ${name ?? providerName ?? "unknown source"}`;
}

function missingCredentialsMessage(chainError: unknown): string {
  const detail = chainError instanceof Error ? chainError.message : String(chainError);
  const chainList = CHAIN_SOURCES.map((s, i) => `     3.${i + 1} ${s}`).join("\n");
  return [
    "No OSS credentials found. Sources tried, in order:",
    "  1. explicit credentials passed to the client (the Pulumi provider's credential config): not set",
    `  2. environment ${OSS_CREDENTIAL_ENV.accessKeyId} + ${OSS_CREDENTIAL_ENV.accessKeySecret} (+ ${OSS_CREDENTIAL_ENV.sessionToken}): not set`,
    "  3. the Alibaba Cloud default credential chain (@alicloud/credentials):",
    chainList,
    `     The chain reported: ${scrub(detail)}`,
    `Fix: set ${OSS_CREDENTIAL_ENV.accessKeyId} and ${OSS_CREDENTIAL_ENV.accessKeySecret} in the environment, ` +
      "pass credentials explicitly, or configure one of the chain's sources (e.g. `aliyun configure`).",
  ].join("\n");
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

function withoutQuotedContent(message: string): string {
  for (const [pattern, replacement] of QUOTED_CONTENT) if (pattern.test(message)) return message.replace(pattern, replacement);
  return message;
}

type AlibabaModule = typeof import("@alicloud/credentials");
type AlibabaProvider = InstanceType<AlibabaModule["EnvironmentVariableCredentialsProvider"]>;

/**
 * The Alibaba Cloud default chain, in the library's own order (env, OIDC, CLI profile, INI
 * profile, ECS RAM role, credentials URI), built from its exported providers.
 *
 * Why not `new Credential()` with the library's `DefaultCredentialsProvider`: that always adds
 * the credentials-URI source, even when `ALIBABA_CLOUD_CREDENTIALS_URI` is unset, and then
 * fetches `https://undefined/` (a DNS lookup of the host "undefined") on every miss. Here the
 * URI source is only added when the variable is set; everything else is the library's code.
 */
class AlibabaDefaultChain {
  private readonly providers: AlibabaProvider[] = [];
  private lastUsed: AlibabaProvider | undefined;

  constructor(mod: AlibabaModule) {
    const env = process.env;
    const candidates: Array<() => AlibabaProvider> = [
      () => mod.EnvironmentVariableCredentialsProvider.builder().build(),
      () => mod.OIDCRoleArnCredentialsProvider.builder().build() as unknown as AlibabaProvider,
      () => mod.CLIProfileCredentialsProvider.builder().build() as unknown as AlibabaProvider,
      () => mod.ProfileCredentialsProvider.builder().build() as unknown as AlibabaProvider,
      () => mod.ECSRAMRoleCredentialsProvider.builder().withRoleName(env.ALIBABA_CLOUD_ECS_METADATA ?? "").build() as unknown as AlibabaProvider,
    ];
    if (env.ALIBABA_CLOUD_CREDENTIALS_URI) {
      candidates.push(
        () => mod.URICredentialsProvider.builder().withCredentialsURI(env.ALIBABA_CLOUD_CREDENTIALS_URI ?? "").build() as unknown as AlibabaProvider,
      );
    }
    for (const build of candidates) {
      try {
        this.providers.push(build());
      } catch {
        // A source whose builder refuses (disabled, or its env vars absent) is simply not tried.
      }
    }
  }

  async getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string; providerName: string }> {
    if (this.lastUsed !== undefined) return this.read(this.lastUsed);
    const errors: string[] = [];
    for (const provider of this.providers) {
      try {
        const found = await this.read(provider);
        this.lastUsed = provider;
        return found;
      } catch (err) {
        errors.push(`${provider.getProviderName()}: ${withoutQuotedContent(err instanceof Error ? err.message : String(err))}`);
      }
    }
    throw new Error(errors.length === 0 ? "no source is enabled" : errors.join("; "));
  }

  getProviderName(): string {
    return "default";
  }

  private async read(provider: AlibabaProvider): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string; providerName: string }> {
    const c = await provider.getCredentials();
    return {
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      securityToken: c.securityToken,
      providerName: `default/${provider.getProviderName()}`,
    };
  }
}

function defaultChainFactory(): AlibabaCredentialClient {
  // Loaded on first use: the library pulls in an HTTP stack that most runs never need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("@alicloud/credentials") as AlibabaModule;
  // `Credential.getCredential()` over our chain: session sources refresh themselves inside it.
  return new mod.default(null, new AlibabaDefaultChain(mod));
}

/**
 * The credentials provider for a client.
 *
 * @param explicit fixed credentials or a provider; when absent, `OSS_*` env vars and then the
 *   Alibaba Cloud default chain are consulted on every `getCredentials()` call.
 * @param chainFactory builds the Alibaba Cloud chain client; injectable for tests.
 * @returns a provider whose failures are `OssError`s with code `MissingCredentials`, and whose
 *   `describe()` names the source last used (never a secret).
 */
export function resolveCredentialsProvider(
  explicit?: Credentials | CredentialsProvider,
  chainFactory: () => AlibabaCredentialClient = defaultChainFactory,
): CredentialsProvider {
  if (explicit === undefined) return new DefaultCredentialsProvider(chainFactory);
  if (isProvider(explicit)) return new WrappedCredentialsProvider(explicit);
  return new ExplicitCredentialsProvider(explicit);
}

/**
 * The credential sources that could supply credentials, judged from the environment and the file
 * system alone (no network), in the chain's order. An empty list means no source can succeed, so
 * the Pulumi provider can say so at preview instead of at the first write. The ECS RAM role is
 * listed unless disabled: only instance metadata, over the network, knows whether there is one.
 * Incomplete values (an ID without a secret) count as present; using them reports what is missing.
 */
export function possibleCredentialSources(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  fileExists: (file: string) => boolean,
): string[] {
  const set = (name: string): boolean => (env[name] ?? "") !== "";
  const disabled = (name: string): boolean => (env[name] ?? "").toLowerCase() === "true";
  const sources: string[] = [];
  if (set(OSS_CREDENTIAL_ENV.accessKeyId) || set(OSS_CREDENTIAL_ENV.accessKeySecret)) sources.push(`environment ${OSS_CREDENTIAL_ENV.accessKeyId}`);
  if (set("ALIBABA_CLOUD_ACCESS_KEY_ID") || set("ALIBABA_CLOUD_ACCESS_KEY_SECRET")) sources.push(CHAIN_PROVIDER_NAMES.env ?? "env");
  if (set("ALIBABA_CLOUD_ROLE_ARN")) sources.push(CHAIN_PROVIDER_NAMES.oidc_role_arn ?? "oidc");
  if (!disabled("ALIBABA_CLOUD_CLI_PROFILE_DISABLED") && fileExists(`${home}/.aliyun/config.json`)) {
    sources.push(CHAIN_PROVIDER_NAMES.cli_profile ?? "cli profile");
  }
  if (set("ALIBABA_CLOUD_CREDENTIALS_FILE") || fileExists(`${home}/.alibabacloud/credentials`)) sources.push(CHAIN_PROVIDER_NAMES.profile ?? "profile");
  if (!disabled("ALIBABA_CLOUD_ECS_METADATA_DISABLED")) sources.push(CHAIN_PROVIDER_NAMES.ecs_ram_role ?? "ecs");
  if (set("ALIBABA_CLOUD_CREDENTIALS_URI")) sources.push(CHAIN_PROVIDER_NAMES.credential_uri ?? "uri");
  return sources;
}
