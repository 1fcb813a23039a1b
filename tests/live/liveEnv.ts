// Which environment the opt-in live suite (tests/live/live.test.ts) needs, and the banner it
// prints when something is missing. Kept apart from the suite so the decision is unit-tested
// (tests/live/liveEnv.test.ts) on every run, with or without credentials.

/** Everything the live suite needs to run against a real OSS bucket. */
export interface LiveSettings {
  bucket: string;
  /** Bare region id, e.g. `cn-hangzhou`. */
  region: string;
  /** Optional custom endpoint (OSS_ENDPOINT), e.g. an internal or accelerate host. */
  endpoint?: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Where the credentials came from, for the banner (never the values). */
  credentialSource: string;
}

export type LiveEnvOutcome = { ok: true; settings: LiveSettings } | { ok: false; missing: string[] };

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
}

/** Credential pairs accepted, in precedence order: [id, secret, optional STS token]. */
const CREDENTIAL_SETS = [
  ["OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN"],
  ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"],
] as const;

/** Reads the live suite's settings from `env`, or lists what is missing. */
export function liveSettings(env: Env): LiveEnvOutcome {
  const missing: string[] = [];
  const bucket = value(env, "OSS_TEST_BUCKET");
  const region = value(env, "OSS_REGION");
  if (bucket === undefined) missing.push("OSS_TEST_BUCKET");
  if (region === undefined) missing.push("OSS_REGION");
  const creds = CREDENTIAL_SETS.map(([id, secret, token]) => ({
    id: value(env, id),
    secret: value(env, secret),
    token: value(env, token),
    source: `${id} / ${secret}`,
  })).find((c) => c.id !== undefined && c.secret !== undefined);
  if (creds === undefined) {
    missing.push(CREDENTIAL_SETS.map(([id, secret]) => `${id} + ${secret}`).join(" (or ") + ")");
  }
  if (missing.length > 0 || bucket === undefined || region === undefined || creds === undefined) return { ok: false, missing };
  const endpoint = value(env, "OSS_ENDPOINT");
  return {
    ok: true,
    settings: {
      bucket,
      region,
      ...(endpoint !== undefined ? { endpoint } : {}),
      accessKeyId: creds.id as string,
      accessKeySecret: creds.secret as string,
      ...(creds.token !== undefined ? { securityToken: creds.token } : {}),
      credentialSource: creds.source,
    },
  };
}

/** The banner printed when the live suite is skipped. */
export function skipBanner(missing: string[]): string {
  const line = "=".repeat(78);
  return [
    line,
    "LIVE OSS TESTS SKIPPED (tests/live/live.test.ts): these environment variables are missing:",
    ...missing.map((m) => `  - ${m}`),
    "Set them to run create / GET through link / replace / update / refresh / destroy against a",
    "real bucket (see docs/testing.md). Nothing outside a unique prefix of that bucket is touched.",
    line,
  ].join("\n");
}
