/**
 * `check`: validates and normalizes a Symlink's inputs, with no network access.
 *
 * Each input is checked by its entry in the schema (schema.ts); this adds what is not an input:
 * the credentials in stack config. Every failure names the property and says how to fix it.
 * Preview-time unknowns pass untouched: they are checked again once known.
 */
import { CONFIG_KEYS, configProblems, legacyEndpointProblem, resolveIdentity, resolveProtocol } from "../config";
import { INPUT_FIELDS, SYMLINK_SCHEMA, type CheckContext as SchemaContext, type CheckFailure } from "./schema";
import { PROVIDER_KEY } from "./types";
import { isUnknown } from "./unknown";

/** What `check` reads besides the inputs: the schema's context plus what only the provider knows. */
export interface CheckContext extends SchemaContext {
  /** The default profile file (`~/.aliyun/config.json` of the provider process). Default: that path under `$HOME`. */
  homeProfileFile?: string;
  /** Problems found by reading files the configuration names (identityPreflight), judged by the caller. */
  identityProblems?: readonly CheckFailure[];
}

/** What `check` returns: the normalized inputs (defaults filled) and the failures. */
interface CheckOutcome {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** No configured identity and no default-chain source either (judged offline). */
function credentialFailures(ctx: CheckContext, configured: boolean): CheckFailure[] {
  if (configured || ctx.credentialSources === undefined || ctx.credentialSources.length > 0) return [];
  return [{
    property: CONFIG_KEYS.accessKey,
    reason:
      `no OSS credentials anywhere: stack config has no ${CONFIG_KEYS.accessKey} / ${CONFIG_KEYS.secretKey}, ${CONFIG_KEYS.profile}, ` +
      `${CONFIG_KEYS.assumeRoleWithOidc}, ${CONFIG_KEYS.credentialsUri} or ${CONFIG_KEYS.ecsRoleName}; ` +
      "no ALICLOUD_ACCESS_KEY / ALIBABA_CLOUD_ACCESS_KEY_ID / OSS_ACCESS_KEY_ID or OIDC environment variables are set, there is no " +
      "~/.aliyun/config.json or ~/.alibabacloud/credentials, and the ECS RAM role is disabled " +
      `(ALIBABA_CLOUD_ECS_METADATA_DISABLED=true); set them with \`pulumi config set ${CONFIG_KEYS.accessKey} <id>\` and ` +
      `\`pulumi config set --secret ${CONFIG_KEYS.secretKey} <secret>\`, or export ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY`,
  }];
}

/**
 * `alicloud:protocol` HTTP: an endpoint without a scheme, and the region's public endpoint, are
 * used over http (terraform-provider-alicloud prefixes the protocol to any endpoint without one).
 */
function withProtocol(inputs: Record<string, unknown>, protocol: "http" | "https"): void {
  if (protocol === "https") return;
  const endpoint = inputs.endpoint;
  if (isUnknown(endpoint) || isUnknown(inputs.region)) return;
  if (typeof endpoint === "string") {
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(endpoint)) inputs.endpoint = `http://${endpoint}`;
  } else if (typeof inputs.region === "string") {
    inputs.endpoint = `http://oss-${inputs.region}.aliyuncs.com`;
  }
}

/**
 * Validates `news` and returns the normalized inputs: defaults filled, metadata names
 * lower-cased, region and endpoint resolved from input → config → environment. Only the schema's
 * inputs (and `__provider`), in schema order, are kept.
 */
export function checkSymlink(news: Record<string, unknown>, ctx: CheckContext): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  for (const field of INPUT_FIELDS) {
    const checked = SYMLINK_SCHEMA[field].check(news[field], news, ctx);
    if (checked.value !== undefined) inputs[field] = checked.value;
    failures.push(...(checked.failures ?? []));
  }
  failures.push(...checkSettings(news, inputs, ctx));
  if (news[PROVIDER_KEY] !== undefined) inputs[PROVIDER_KEY] = news[PROVIDER_KEY];
  return { inputs, failures };
}

/**
 * What the stack configuration adds to checked `inputs`, for a Symlink and for a lookup alike: the
 * failures of the settings themselves (a legacy endpoint key, a malformed or unreadable identity
 * setting, no credentials anywhere), and `alicloud:protocol` applied to the resolved endpoint.
 * `news.endpoint` is the endpoint as given (absent: from config or environment).
 */
export function checkSettings(news: Record<string, unknown>, inputs: Record<string, unknown>, ctx: CheckContext): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const homeProfileFile = ctx.homeProfileFile ?? `${ctx.env.HOME ?? "~"}/.aliyun/config.json`;
  const legacy = legacyEndpointProblem(ctx.config, news.endpoint);
  if (legacy !== undefined) failures.push(legacy);
  failures.push(...configProblems(ctx.config, ctx.env, homeProfileFile), ...(ctx.identityProblems ?? []));
  const { plan } = resolveIdentity(ctx.config, ctx.env, homeProfileFile);
  const halfPair = failures.some((f) => f.property === CONFIG_KEYS.accessKey || f.property === CONFIG_KEYS.secretKey);
  failures.push(...credentialFailures(ctx, halfPair || plan.base !== undefined || plan.assumeRole !== undefined));
  withProtocol(inputs, resolveProtocol(ctx.config, []));
  return failures;
}
