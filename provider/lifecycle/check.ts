/**
 * `check`: validates and normalizes a Symlink's inputs, with no network access.
 *
 * Rules come from shared/oss-reference.md: §1.9 (user metadata), §2.1 (key rules), §1.2 (the
 * PutSymlink enums), plus bucket naming. Every failure names the property and says how to fix
 * it. Preview-time unknowns pass untouched: they are checked again once known.
 */
import {
  CONTENT_HEADER_MAX_CHARS,
  HEADER,
  KEY_MAX_BYTES,
  OBJECT_ACLS,
  SYMLINK_STORAGE_CLASSES,
  USER_META_MAX_BYTES,
} from "../oss/constants";
import {
  CONFIG_KEYS,
  HOW_TO_SET_REGION,
  resolveEndpoint,
  resolveRegion,
  type Env,
  type ProviderConfig,
} from "../config";
import { didYouMean } from "./didYouMean";
import { OWNER_META_NAME, ownerTokenBudget } from "./ownerToken";
import { INPUT_FIELDS, PROVIDER_KEY } from "./types";
import { isUnknown } from "./unknown";

/** One `check` failure, as the dynamic provider host expects it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** What `check` returns: the normalized inputs (defaults filled) and the failures. */
export interface CheckOutcome {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** Provider configuration and environment `check` resolves region/endpoint from. */
export interface CheckContext {
  config: ProviderConfig;
  env: Env;
  /**
   * Credential sources that could supply credentials besides stack config, judged offline
   * (`possibleCredentialSources`). Empty: nothing can succeed, so check fails at preview.
   * Absent: not judged.
   */
  credentialSources?: readonly string[];
}

const REQUIRED_HINT: Record<string, string> = {
  bucket: "the name of the OSS bucket that holds the link and its target",
  key: "the object key of the link itself",
  target: "the key of the object the link points at, in the same bucket",
};

/** Defaults filled in by `check`. */
export const DEFAULTS = {
  acl: "default",
  storageClass: "Standard",
  forbidOverwrite: false,
  adopt: false,
} as const;

// Characters Node's http and undici accept in a header value (undici `headerCharRegex`).
const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
const META_NAME = /^[A-Za-z0-9-]+$/;
const BUCKET_CHARS = /^[a-z0-9-]+$/;
const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const OWNER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const HOST_PORT = new RegExp(`^(?:\\[[0-9A-Fa-f:.]+\\]|${LABEL}(?:\\.${LABEL})*)(?::(\\d{1,5}))?$`);

/** Why `name` is not a valid bucket name, or undefined. */
export function bucketProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) {
    return `bucket name "${name}" has ${name.length} characters; OSS bucket names have 3 to 63`;
  }
  if (!BUCKET_CHARS.test(name)) {
    const lower = name.toLowerCase();
    const hint = BUCKET_CHARS.test(lower) ? ` Did you mean "${lower}"?` : "";
    return `bucket name "${name}" may contain only lower-case letters, digits and hyphens.${hint}`;
  }
  if (name.startsWith("-") || name.endsWith("-")) {
    return `bucket name "${name}" must start and end with a lower-case letter or digit`;
  }
  return undefined;
}

/** Why `value` is not a valid object key (reference §2.1), or undefined. `what` is "key" or "target". */
export function objectKeyProblem(value: string, what: string): string | undefined {
  if (value === "") return `${what} must not be empty`;
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) {
    return `${what} contains a lone UTF-16 surrogate at index ${surrogate.index}, which has no UTF-8 form; remove it`;
  }
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > KEY_MAX_BYTES) {
    return `${what} is ${bytes} UTF-8 bytes long; OSS object keys are at most ${KEY_MAX_BYTES} bytes`;
  }
  if (value.startsWith("/") || value.startsWith("\\")) {
    return `${what} must not start with "/" or "\\" (OSS rejects it); did you mean "${value.replace(/^[/\\]+/, "")}"?`;
  }
  return undefined;
}

/** Why `value` cannot be sent as an HTTP header value, or undefined. */
export function headerValueProblem(value: string): string | undefined {
  const bad = INVALID_HEADER_CHAR.exec(value);
  if (bad) {
    const cp = bad[0].codePointAt(0) ?? 0;
    return (
      `contains U+${cp.toString(16).toUpperCase().padStart(4, "0")} at index ${bad.index}, which cannot be sent in an ` +
      `HTTP header; keep values to printable ASCII, or encode them yourself (e.g. encodeURIComponent or base64)`
    );
  }
  if (value !== value.trim()) {
    return "has leading or trailing whitespace, which HTTP drops (refresh would then report drift); trim it";
  }
  return undefined;
}

/** Why `value` is not a usable endpoint (http(s) URL without path, or a host[:port]), or undefined. */
export function endpointProblem(value: string): string | undefined {
  if (/\s/.test(value)) return `endpoint "${value}" contains whitespace`;
  if (value.includes("://")) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return `endpoint "${value}" is not a valid URL`;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return `endpoint "${value}" uses ${url.protocol}//; only http:// and https:// are supported`;
    }
    if (url.username !== "" || url.password !== "") {
      return "endpoint must not contain user info; pass credentials through alicloud:accessKey/alicloud:secretKey";
    }
    if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "") {
      return `endpoint "${value}" must be a scheme and host only, without a path, query or fragment (the bucket is the \`bucket\` input)`;
    }
    return undefined;
  }
  const m = HOST_PORT.exec(value);
  if (!m) return `endpoint "${value}" is neither an http(s) URL nor a host name such as oss-cn-hangzhou.aliyuncs.com`;
  if (m[1] !== undefined && Number(m[1]) > 65535) return `endpoint "${value}" has an invalid port`;
  return undefined;
}

/** Why `value` is not a bare region id, or undefined. */
export function regionProblem(value: string): string | undefined {
  if (value.startsWith("oss-")) {
    return `region "${value}" looks like an endpoint prefix; use the bare region id, did you mean "${value.slice(4)}"?`;
  }
  if (!REGION.test(value)) {
    return `region "${value}" is not a region id (lower-case letters, digits and hyphens, e.g. cn-hangzhou)`;
  }
  return undefined;
}

function enumProblem(value: string, allowed: readonly string[], what: string): string | undefined {
  if (allowed.includes(value)) return undefined;
  const suggestion = didYouMean(value, allowed);
  const hint = suggestion !== undefined ? ` Did you mean "${suggestion}"?` : "";
  return `${what} "${value}" is not one of ${allowed.map((a) => `"${a}"`).join(", ")} (exact case).${hint}`;
}

/**
 * Validates user metadata (reference §1.9) and returns it with names folded to lower case,
 * which is how OSS stores and returns them (so refresh sees no case-only drift).
 */
function checkMetadata(
  raw: unknown,
  ownerId: string,
  failures: CheckFailure[],
): Record<string, unknown> | string | undefined {
  if (raw === undefined || raw === null) return {};
  if (isUnknown(raw)) return raw as string;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    failures.push({ property: "metadata", reason: "metadata must be an object of string values, e.g. { team: \"web\" }" });
    return undefined;
  }
  const out: Record<string, unknown> = {};
  const seen = new Map<string, string>();
  let total = ownerTokenBudget(ownerId);
  let sizeKnown = true;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const property = `metadata.${name}`;
    const lower = name.toLowerCase();
    if (lower.startsWith(HEADER.metaPrefix)) {
      const bare = name.slice(HEADER.metaPrefix.length);
      failures.push({ property, reason: `give metadata names without the "${HEADER.metaPrefix}" prefix: use "${bare}"` });
      continue;
    }
    if (name === "" || !META_NAME.test(name)) {
      const fixed = name.replace(/[^A-Za-z0-9-]/g, "-");
      failures.push({
        property,
        reason: `metadata name "${name}" may contain only letters, digits and "-" (OSS rejects others)${fixed !== "" && fixed !== name ? `; e.g. "${fixed}"` : ""}`,
      });
      continue;
    }
    if (lower === OWNER_META_NAME) {
      failures.push({ property, reason: `metadata name "${OWNER_META_NAME}" is reserved: the provider stores its ownership token there; pick another name` });
      continue;
    }
    const previous = seen.get(lower);
    if (previous !== undefined) {
      failures.push({ property, reason: `metadata names "${previous}" and "${name}" differ only in case; OSS folds names to lower case, keep one` });
      continue;
    }
    seen.set(lower, name);
    if (isUnknown(value)) {
      out[lower] = value;
      sizeKnown = false;
      continue;
    }
    if (typeof value !== "string") {
      failures.push({ property, reason: `metadata values must be strings; got ${value === null ? "null" : typeof value} (use String(...) or JSON.stringify)` });
      continue;
    }
    const problem = headerValueProblem(value);
    if (problem !== undefined) {
      failures.push({ property, reason: `metadata value ${problem}` });
      continue;
    }
    total += Buffer.byteLength(HEADER.metaPrefix + lower, "utf8") + Buffer.byteLength(value, "utf8");
    out[lower] = value;
  }
  if (sizeKnown && total > USER_META_MAX_BYTES) {
    failures.push({
      property: "metadata",
      reason:
        `user metadata totals ${total} bytes (UTF-8 of each "${HEADER.metaPrefix}<name>" plus value, including ` +
        `${ownerTokenBudget(ownerId)} bytes for the provider's ownership entry); OSS allows ${USER_META_MAX_BYTES}. ` +
        `Shorten or drop entries`,
    });
  }
  return out;
}

/**
 * Validates `news` and returns the normalized inputs: defaults filled (acl, storageClass,
 * metadata, forbidOverwrite, adopt), metadata names lower-cased, region and endpoint resolved
 * from input → config → environment. Only the known input fields (and `__provider`) are kept.
 */
export function checkSymlink(news: Record<string, unknown>, ctx: CheckContext): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  if (news[PROVIDER_KEY] !== undefined) inputs[PROVIDER_KEY] = news[PROVIDER_KEY];

  const stringField = (name: string, required: boolean): string | undefined => {
    const v = news[name];
    if (v === undefined || v === null || isUnknown(v)) {
      if (v !== undefined && v !== null) inputs[name] = v;
      else if (required) failures.push({ property: name, reason: `${name} is required: ${REQUIRED_HINT[name] ?? "set it"}` });
      return undefined;
    }
    if (typeof v !== "string") {
      failures.push({ property: name, reason: `${name} must be a string; got ${typeof v}` });
      return undefined;
    }
    inputs[name] = v;
    return v;
  };

  const bucket = stringField("bucket", true);
  if (bucket !== undefined) {
    const p = bucketProblem(bucket);
    if (p) failures.push({ property: "bucket", reason: p });
  }
  const key = stringField("key", true);
  if (key !== undefined) {
    const p = objectKeyProblem(key, "key");
    if (p) failures.push({ property: "key", reason: p });
  }
  const target = stringField("target", true);
  if (target !== undefined) {
    const p = objectKeyProblem(target, "target");
    if (p) failures.push({ property: "target", reason: p });
    else if (key !== undefined && target === key) {
      failures.push({
        property: "target",
        reason: `target equals key ("${key}"): OSS accepts a link to itself but every read through it fails with InvalidTargetType; point it at another object`,
      });
    }
  }

  const acl = news.acl ?? DEFAULTS.acl;
  if (isUnknown(acl)) inputs.acl = acl;
  else if (typeof acl !== "string") failures.push({ property: "acl", reason: `acl must be a string; got ${typeof acl}` });
  else {
    inputs.acl = acl;
    const p = enumProblem(acl, OBJECT_ACLS, "acl");
    if (p) failures.push({ property: "acl", reason: p });
  }
  const storageClass = news.storageClass ?? DEFAULTS.storageClass;
  if (isUnknown(storageClass)) inputs.storageClass = storageClass;
  else if (typeof storageClass !== "string") {
    failures.push({ property: "storageClass", reason: `storageClass must be a string; got ${typeof storageClass}` });
  } else {
    inputs.storageClass = storageClass;
    const p = enumProblem(storageClass, SYMLINK_STORAGE_CLASSES, "storageClass");
    if (p) failures.push({ property: "storageClass", reason: p });
  }

  for (const flag of ["forbidOverwrite", "adopt"] as const) {
    const v = news[flag] ?? DEFAULTS[flag];
    if (isUnknown(v) || typeof v === "boolean") inputs[flag] = v;
    else {
      const hint = v === "true" || v === "false" ? ` Use ${v} without quotes.` : "";
      failures.push({ property: flag, reason: `${flag} must be a boolean (true or false); got ${JSON.stringify(v)}.${hint}` });
    }
  }

  for (const header of ["cacheControl", "contentDisposition", "contentType"] as const) {
    const v = news[header];
    if (v === undefined || v === null || v === "") continue;
    if (isUnknown(v)) {
      inputs[header] = v;
      continue;
    }
    if (typeof v !== "string") {
      failures.push({ property: header, reason: `${header} must be a string; got ${typeof v}` });
      continue;
    }
    const p = headerValueProblem(v);
    if (p) failures.push({ property: header, reason: `${header} ${p}` });
    else if (v.length > CONTENT_HEADER_MAX_CHARS) {
      // Without this, a huge value passes preview and create fails with HTTP 431.
      failures.push({
        property: header,
        reason: `${header} is ${v.length} characters long; this provider accepts at most ${CONTENT_HEADER_MAX_CHARS}, so that the request headers stay within what OSS and proxies accept. Shorten it`,
      });
    } else inputs[header] = v;
  }

  const ownerId = news.ownerId;
  if (isUnknown(ownerId)) inputs.ownerId = ownerId;
  else if (typeof ownerId !== "string" || !OWNER_ID.test(ownerId)) {
    failures.push({
      property: "ownerId",
      reason: "ownerId is missing or malformed (1-64 letters, digits, '_' or '-'); create the resource with the Symlink class, which computes it",
    });
  } else inputs.ownerId = ownerId;

  const metadata = checkMetadata(news.metadata, typeof ownerId === "string" ? ownerId : "x".repeat(16), failures);
  if (metadata !== undefined) inputs.metadata = metadata;

  const regionInput = news.region;
  if (isUnknown(regionInput)) inputs.region = regionInput;
  else if (regionInput !== undefined && regionInput !== null && typeof regionInput !== "string") {
    failures.push({ property: "region", reason: `region must be a string; got ${typeof regionInput}` });
  } else {
    const region = resolveRegion(regionInput ?? undefined, ctx.config, ctx.env);
    if (region === undefined) {
      failures.push({ property: "region", reason: `no region: ${HOW_TO_SET_REGION}` });
    } else {
      const p = regionProblem(region.value);
      if (p) failures.push({ property: "region", reason: `${p} (from ${region.source})` });
      else inputs.region = region.value;
    }
  }

  const endpointInput = news.endpoint;
  if (isUnknown(endpointInput)) inputs.endpoint = endpointInput;
  else if (endpointInput !== undefined && endpointInput !== null && typeof endpointInput !== "string") {
    failures.push({ property: "endpoint", reason: `endpoint must be a string; got ${typeof endpointInput}` });
  } else {
    const endpoint = resolveEndpoint(endpointInput ?? undefined, ctx.config, ctx.env);
    if (endpoint !== undefined) {
      const p = endpointProblem(endpoint.value);
      if (p) failures.push({ property: "endpoint", reason: `${p} (from ${endpoint.source})` });
      else inputs.endpoint = endpoint.value.replace(/\/+$/, "");
    }
  }

  if ((ctx.config.accessKeyId === undefined) !== (ctx.config.accessKeySecret === undefined)) {
    const missing = ctx.config.accessKeyId === undefined ? CONFIG_KEYS.accessKey : CONFIG_KEYS.secretKey;
    failures.push({
      property: missing,
      reason: `stack config sets only one of ${CONFIG_KEYS.accessKey} / ${CONFIG_KEYS.secretKey}; set ${missing} too (pulumi config set --secret ${missing} ...) or remove the other`,
    });
  }

  const noConfigCredentials = ctx.config.accessKeyId === undefined && ctx.config.accessKeySecret === undefined;
  if (noConfigCredentials && ctx.credentialSources !== undefined && ctx.credentialSources.length === 0) {
    failures.push({
      property: CONFIG_KEYS.accessKey,
      reason:
        `no OSS credentials anywhere: stack config has no ${CONFIG_KEYS.accessKey} / ${CONFIG_KEYS.secretKey}, ` +
        "no OSS_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_ID or OIDC environment variables are set, there is no " +
        "~/.aliyun/config.json or ~/.alibabacloud/credentials, and the ECS RAM role is disabled " +
        `(ALIBABA_CLOUD_ECS_METADATA_DISABLED=true); set them with \`pulumi config set ${CONFIG_KEYS.accessKey} <id>\` and ` +
        `\`pulumi config set --secret ${CONFIG_KEYS.secretKey} <secret>\`, or export OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET`,
    });
  }

  // Keep the output order stable and drop anything that is not an input.
  const ordered: Record<string, unknown> = {};
  for (const f of INPUT_FIELDS) if (inputs[f] !== undefined) ordered[f] = inputs[f];
  if (inputs[PROVIDER_KEY] !== undefined) ordered[PROVIDER_KEY] = inputs[PROVIDER_KEY];
  return { inputs: ordered, failures };
}
