/**
 * The stack configuration as one process reads it (docs/configuration.md), shared by the provider
 * and the SDK's lookups so that a lookup resolves region, endpoint and identity exactly as the
 * Symlinks of its stack do:
 *
 * - the settings, plus the region of the `alicloud:profile` profile (the last region fallback);
 * - what `check` needs to judge them offline (the files they name, the default chain's sources);
 * - the credentials they choose: the identity provider/config.ts resolves, built through
 *   @alicloud/credentials (oss/configuredIdentity.ts), or, when no setting chooses one, the
 *   client's default chain reading the given environment.
 */
import { profileLocation, providerConfigFrom, resolveIdentity, type ConfigSource, type Env, type ProviderConfig } from "./config";
import type { CheckContext } from "./lifecycle/check";
import type { CredentialsProvider } from "./oss/clientTypes";
import { configuredCredentials, defaultProfileFile, identityPreflight, profileRegion } from "./oss/configuredIdentity";
import { possibleCredentialSources, resolveCredentialsProvider } from "./oss/credentials";

/** The files the settings may name: the home directory (default profile files), a reader, an existence test. */
export interface SettingsFiles {
  homeDir: string;
  readFile: (file: string) => string;
  fileExists: (file: string) => boolean;
}

/** The chosen credentials, and how to release what building them left behind (an inline OIDC token's file). */
export interface ChosenCredentials {
  credentials: CredentialsProvider;
  dispose(): void;
}

/** The settings in `source`; the `alicloud:profile` profile's `region_id` becomes the last region fallback. */
export function readProviderConfig(source: ConfigSource, env: Env, files: SettingsFiles): ProviderConfig {
  const config = providerConfigFrom(source);
  const profile = profileLocation(config, env, defaultProfileFile(files.homeDir));
  const region = profile !== undefined ? profileRegion(profile.file, profile.profile, files.readFile) : undefined;
  if (region !== undefined) config.profileRegion = region;
  return config;
}

/** The context `check` judges the settings in: the files they name read now, and the default chain's sources when no setting chooses the identity. */
export function settingsContext(config: ProviderConfig, env: Env, files: SettingsFiles, nowSeconds: number): CheckContext {
  const homeProfileFile = defaultProfileFile(files.homeDir);
  const { plan } = resolveIdentity(config, env, homeProfileFile);
  const configured = plan.base !== undefined || plan.assumeRole !== undefined;
  return {
    config,
    env,
    homeProfileFile,
    identityProblems: identityPreflight(plan, files, nowSeconds),
    ...(configured ? {} : { credentialSources: possibleCredentialSources(env, files.homeDir, files.fileExists) }),
  };
}

/** The credentials `config` and `env` choose. Nothing is read or fetched before the first `getCredentials()`. */
export function chosenCredentials(config: ProviderConfig, env: Env, files: Pick<SettingsFiles, "homeDir" | "readFile">): ChosenCredentials {
  const { plan } = resolveIdentity(config, env, defaultProfileFile(files.homeDir));
  const defaultChain = (): CredentialsProvider => resolveCredentialsProvider(undefined, env);
  const configured = configuredCredentials(plan, { homeDir: files.homeDir, readFile: files.readFile, defaultChain });
  return { credentials: configured ?? defaultChain(), dispose: () => configured?.dispose() };
}
