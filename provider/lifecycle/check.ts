/**
 * `check`: validates and normalizes a Symlink's inputs, with no network access.
 *
 * Each input is checked by its entry in the schema (schema.ts); this adds what is not an input:
 * the credentials in stack config. Every failure names the property and says how to fix it.
 * Preview-time unknowns pass untouched: they are checked again once known.
 */
import { CONFIG_KEYS } from "../config";
import { INPUT_FIELDS, SYMLINK_SCHEMA, type CheckContext, type CheckFailure } from "./schema";
import { PROVIDER_KEY } from "./types";

export type { CheckContext } from "./schema";

/** What `check` returns: the normalized inputs (defaults filled) and the failures. */
interface CheckOutcome {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** Half a key pair in config, or no credentials anywhere (judged offline). */
function credentialFailures(ctx: CheckContext): CheckFailure[] {
  const { accessKeyId, accessKeySecret } = ctx.config;
  if ((accessKeyId === undefined) !== (accessKeySecret === undefined)) {
    const missing = accessKeyId === undefined ? CONFIG_KEYS.accessKey : CONFIG_KEYS.secretKey;
    return [{
      property: missing,
      reason: `stack config sets only one of ${CONFIG_KEYS.accessKey} / ${CONFIG_KEYS.secretKey}; set ${missing} too (pulumi config set --secret ${missing} ...) or remove the other`,
    }];
  }
  const noConfigCredentials = accessKeyId === undefined && accessKeySecret === undefined;
  if (noConfigCredentials && ctx.credentialSources !== undefined && ctx.credentialSources.length === 0) {
    return [{
      property: CONFIG_KEYS.accessKey,
      reason:
        `no OSS credentials anywhere: stack config has no ${CONFIG_KEYS.accessKey} / ${CONFIG_KEYS.secretKey}, ` +
        "no OSS_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_ID or OIDC environment variables are set, there is no " +
        "~/.aliyun/config.json or ~/.alibabacloud/credentials, and the ECS RAM role is disabled " +
        `(ALIBABA_CLOUD_ECS_METADATA_DISABLED=true); set them with \`pulumi config set ${CONFIG_KEYS.accessKey} <id>\` and ` +
        `\`pulumi config set --secret ${CONFIG_KEYS.secretKey} <secret>\`, or export OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET`,
    }];
  }
  return [];
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
  failures.push(...credentialFailures(ctx));
  if (news[PROVIDER_KEY] !== undefined) inputs[PROVIDER_KEY] = news[PROVIDER_KEY];
  return { inputs, failures };
}
