/**
 * The Symlink schema: every input of the resource in one table. For each input: its type (the
 * {@link SymlinkValues} member), its default, its validation (as `{property, reason}` failures),
 * what a change does (replace, update in place, or only record) and the OSS header it travels in.
 *
 * Everything else reads this table: the SDK's `SymlinkArgs` type and its lone-surrogate guard
 * (sdk/), `check` (the loop over {@link SYMLINK_SCHEMA}), `diff` (which fields replace), `update`
 * (which fields are only recorded) and the outputs (which fields are inputs). Adding an input is one
 * member of {@link SymlinkValues}, one entry here, and its tests; the compiler refuses an entry
 * without a member or a member without an entry.
 *
 * Validation uses the client's own rules where the client has them (region and endpoint through
 * provider/oss/endpoint.ts), so `check` never passes a value the client would then refuse. Pure:
 * no I/O, no Pulumi runtime (the SDK imports this module; purity.test.ts keeps it that way).
 * OSS rules: docs/oss.md §1.2 (PutSymlink headers), §1.9 (user metadata), §2.1 (object keys).
 */
import { resolveEndpoint, resolveRegion, HOW_TO_SET_REGION, type Env, type ProviderConfig } from "../config";
import {
  CONTENT_HEADER_MAX_CHARS,
  HEADER,
  KEY_MAX_BYTES,
  OBJECT_ACLS,
  SYMLINK_STORAGE_CLASSES,
  USER_META_MAX_BYTES,
  type ObjectAcl,
  type SymlinkStorageClass,
} from "../oss/constants";
import { normalizeRegion, resolveEndpoint as resolveOssEndpoint } from "../oss/endpoint";
import { loneSurrogate } from "../oss/encoding";
import { didYouMean } from "./didYouMean";
import { OWNER_META_NAME, ownerTokenBudget } from "./ownerToken";
import { isUnknown } from "./unknown";

/** The link's own ACL (`x-oss-object-acl`). `default` inherits the bucket's ACL. */
export type SymlinkAcl = ObjectAcl;
/** Storage classes PutSymlink accepts (the docs advise Standard: IA/Archive bill a 64 KB minimum). */
export type { SymlinkStorageClass };

/**
 * The inputs of a Symlink as plain values. The SDK's `SymlinkArgs` wraps each in `pulumi.Input`
 * (all but `ownerId`, which the SDK computes); the provider's `SymlinkInputs` is this after `check`.
 */
export interface SymlinkValues {
  /** Bucket that holds both the link and its target (3–63 lower-case letters, digits, hyphens). Changing it replaces the resource. */
  bucket: string;
  /** Object key of the link (1–1023 UTF-8 bytes, no leading `/` or `\`). Changing it replaces the resource. */
  key: string;
  /**
   * Key of the object the link points at, in the same bucket. OSS does not check that it exists.
   * Must differ from `key`. Changing it replaces the resource: the new link overwrites the same key
   * atomically, so reads through the link never see a gap.
   */
  target: string;
  /** The link's own ACL. Default `default`. Changing it replaces the resource. */
  acl?: SymlinkAcl;
  /** The link's storage class. Default `Standard`. Changing it replaces the resource. */
  storageClass?: SymlinkStorageClass;
  /**
   * User metadata of the link, names without the `x-oss-meta-` prefix (letters, digits, `-`; folded
   * to lower case). Values must be printable ASCII (latin-1 passes but is not portable). The name
   * `pulumi-owner` is reserved. Updated in place.
   */
  metadata?: Record<string, string>;
  /**
   * Refuse to overwrite an existing object at `key` when creating (`x-oss-forbid-overwrite`). A
   * same-key replacement of this resource's own previous link still succeeds. Ignored by OSS on
   * versioned buckets. Default false. Updated in place.
   */
  forbidOverwrite?: boolean;
  /**
   * Take over a symlink that already exists at `key` on create (the supported alternative to
   * `pulumi import`, which dynamic resources cannot use). A normal object is never adopted.
   * Default false. Updated in place.
   */
  adopt?: boolean;
  /**
   * Before each PutSymlink (create, and update in place), HEAD the target once and refuse when it
   * does not exist, is itself a symlink (every read through the link would fail with
   * `InvalidTargetType`), or is Archive, ColdArchive or DeepColdArchive (reads need a restore).
   * With it, refresh also HEADs the target and reports a target that has gone as drift. Default
   * false (create and update are one request). Only recorded on change.
   */
  verifyTarget?: boolean;
  /** `Cache-Control` stored on the link. Updated in place. */
  cacheControl?: string;
  /** `Content-Disposition` stored on the link. Updated in place. */
  contentDisposition?: string;
  /** `Content-Type` stored on the link (GET through the link returns the link's type). Updated in place. */
  contentType?: string;
  /**
   * Bare region id, e.g. `cn-hangzhou`. Default: config `alicloud:region`, then env
   * `ALICLOUD_REGION` / `ALIBABA_CLOUD_REGION` / `OSS_REGION`, then the profile's `region_id`. Changing it replaces the resource.
   */
  region?: string;
  /**
   * Custom endpoint: an http(s) URL or a host. Default (docs/configuration.md): config
   * `pulumi-oss-symlink:endpoint`, then `alicloud:endpoints` (oss), then env `OSS_ENDPOINT`, then
   * the public endpoint of `region`. Changing it (public, `-internal`, accelerate, a CNAME, another
   * `OSS_ENDPOINT`) is an update that sends no request: it says where requests go, not which link
   * this is (bucket and key do).
   */
  endpoint?: string;
  /** Stable id of the logical resource (hash of project/stack/name), computed by the SDK. */
  ownerId: string;
}

/** Inputs after `check`: defaults filled, region resolved (endpoint stays absent for the public one). */
export type SymlinkInputs = Omit<SymlinkValues, "acl" | "storageClass" | "metadata" | "forbidOverwrite" | "adopt" | "verifyTarget" | "region"> &
  Required<Pick<SymlinkValues, "acl" | "storageClass" | "metadata" | "forbidOverwrite" | "adopt" | "verifyTarget" | "region">>;

/** What a change of an input does: replace the link, rewrite it in place, or only record the new value in state. */
type ChangeEffect = "replace" | "update" | "record";

/** One `check` failure, as the dynamic provider host expects it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** Provider configuration and environment that `check` resolves region and endpoint from. */
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

/** An input checked: its normalized value (absent: leave the input unset) and any failures. */
interface Checked {
  value?: unknown;
  failures?: CheckFailure[];
}

/** One row of the schema. */
interface InputEntry {
  /** Default filled in by `check` when the input is absent (also what `diff` compares an absent old value as). */
  default?: string | boolean | Readonly<Record<string, string>>;
  onChange: ChangeEffect;
  /** The OSS request part that carries it; absent: it decides where requests go, or nothing on the wire. */
  header?: string;
  /** False for inputs the SDK computes rather than the program declaring them. */
  declared: boolean;
  /** A string sent to OSS (key, header value): the SDK refuses lone surrogates in it before Pulumi encodes it. */
  text: boolean;
  /** Validates and normalizes the raw value (a preview-time unknown passes untouched). */
  check(raw: unknown, news: Readonly<Record<string, unknown>>, ctx: CheckContext): Checked;
}

// Characters Node's http and undici accept in a header value (undici `headerCharRegex`).
const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
const META_NAME = /^[A-Za-z0-9-]+$/;
const BUCKET_CHARS = /^[a-z0-9-]+$/;
const OWNER_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The one lone-surrogate rule, shared with the client (provider/oss/encoding.ts); re-exported for the SDK's guard. */
export { loneSurrogate };

function bucketProblem(name: string): string | undefined {
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

/** Why `value` is not a valid object key (docs/oss.md §2.1), or undefined. `what` is "key" or "target". */
function objectKeyProblem(value: string, what: string): string | undefined {
  if (value === "") return `${what} must not be empty`;
  const surrogate = loneSurrogate(value);
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
function headerValueProblem(value: string): string | undefined {
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

/**
 * Why `value` is not an endpoint the client accepts, or undefined. The verdict is the client's own
 * (`resolveEndpoint` of provider/oss/endpoint.ts); this adds only the wording a stack owner acts on,
 * and refuses surrounding whitespace, which the client would trim while state kept it.
 */
function endpointProblem(value: string): string | undefined {
  let refused: string | undefined;
  try {
    resolveOssEndpoint({ region: "cn-hangzhou", endpoint: value });
  } catch (err) {
    refused = err instanceof Error ? err.message : String(err);
  }
  if (refused === undefined && value === value.trim()) return undefined;
  if (/\s/.test(value)) return `endpoint "${value}" contains whitespace`;
  if (!value.includes("://")) {
    if (/:(\d+)\/?$/.test(value)) return `endpoint "${value}" has an invalid port`;
    return `endpoint "${value}" is neither an http(s) URL nor a host name such as oss-cn-hangzhou.aliyuncs.com`;
  }
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
  return `endpoint "${value}" is refused by the OSS client: ${refused ?? ""}`;
}

/**
 * Why `value` is not a bare region id, or undefined. The client's `normalizeRegion` decides what a
 * region is; state keeps only its canonical (bare, lower-case) form, so that one region never
 * has two spellings in state and a spelling change never shows as a replacement.
 */
function regionProblem(value: string): string | undefined {
  let bare: string;
  try {
    bare = normalizeRegion(value);
  } catch {
    return `region "${value}" is not a region id (lower-case letters, digits and hyphens, e.g. cn-hangzhou)`;
  }
  if (bare === value) return undefined;
  if (value.trim().toLowerCase().startsWith("oss-")) {
    return `region "${value}" looks like an endpoint prefix; use the bare region id, did you mean "${bare}"?`;
  }
  return `region "${value}" is not a region id (lower-case letters, digits and hyphens); did you mean "${bare}"?`;
}

function enumProblem(value: string, allowed: readonly string[], what: string): string | undefined {
  if (allowed.includes(value)) return undefined;
  const suggestion = didYouMean(value, allowed);
  const hint = suggestion !== undefined ? ` Did you mean "${suggestion}"?` : "";
  return `${what} "${value}" is not one of ${allowed.map((a) => `"${a}"`).join(", ")} (exact case).${hint}`;
}

const failed = (property: string, reason: string): Checked => ({ failures: [{ property, reason }] });

/** A required string input with an extra rule. */
function requiredString(
  property: string,
  what: string,
  problem: (value: string, news: Readonly<Record<string, unknown>>) => string | undefined,
): InputEntry["check"] {
  return (raw, news) => {
    if (raw === undefined || raw === null) return failed(property, `${property} is required: ${what}`);
    if (isUnknown(raw)) return { value: raw };
    if (typeof raw !== "string") return failed(property, `${property} must be a string; got ${typeof raw}`);
    const p = problem(raw, news);
    return p === undefined ? { value: raw } : { value: raw, failures: [{ property, reason: p }] };
  };
}

/** A string input with a closed set of values and a default. */
function oneOf(property: string, allowed: readonly string[], fallback: string): InputEntry["check"] {
  return (raw) => {
    const v = raw ?? fallback;
    if (isUnknown(v)) return { value: v };
    if (typeof v !== "string") return failed(property, `${property} must be a string; got ${typeof v}`);
    const p = enumProblem(v, allowed, property);
    return p === undefined ? { value: v } : { value: v, failures: [{ property, reason: p }] };
  };
}

function flag(property: string, fallback: boolean): InputEntry["check"] {
  return (raw) => {
    const v = raw ?? fallback;
    if (isUnknown(v) || typeof v === "boolean") return { value: v };
    const hint = v === "true" || v === "false" ? ` Use ${v} without quotes.` : "";
    return failed(property, `${property} must be a boolean (true or false); got ${JSON.stringify(v)}.${hint}`);
  };
}

/** An optional content header stored on the link; empty means unset. */
function contentHeader(property: string): InputEntry["check"] {
  return (raw) => {
    if (raw === undefined || raw === null || raw === "") return {};
    if (isUnknown(raw)) return { value: raw };
    if (typeof raw !== "string") return failed(property, `${property} must be a string; got ${typeof raw}`);
    const p = headerValueProblem(raw);
    if (p) return failed(property, `${property} ${p}`);
    if (raw.length > CONTENT_HEADER_MAX_CHARS) {
      // Without this, a huge value passes preview and create fails with HTTP 431.
      return failed(
        property,
        `${property} is ${raw.length} characters long; this provider accepts at most ${CONTENT_HEADER_MAX_CHARS}, so that the request headers stay within what OSS and proxies accept. Shorten it`,
      );
    }
    return { value: raw };
  };
}

/** Region or endpoint: the input, else config, else environment (provider/config.ts says the order). */
function located(
  property: "region" | "endpoint",
  resolve: typeof resolveRegion,
  problem: (value: string) => string | undefined,
  normalize: (value: string) => string,
  whenAbsent?: string,
): InputEntry["check"] {
  return (raw, _news, ctx) => {
    if (isUnknown(raw)) return { value: raw };
    if (raw !== undefined && raw !== null && typeof raw !== "string") {
      return failed(property, `${property} must be a string; got ${typeof raw}`);
    }
    const resolved = resolve(raw ?? undefined, ctx.config, ctx.env);
    if (resolved === undefined) return whenAbsent === undefined ? {} : failed(property, whenAbsent);
    const p = problem(resolved.value);
    return p === undefined ? { value: normalize(resolved.value) } : failed(property, `${p} (from ${resolved.source})`);
  };
}

/**
 * User metadata (docs/oss.md §1.9), names folded to lower case, which is how OSS stores and
 * returns them (so refresh sees no case-only drift). The size budget includes the provider's
 * own ownership entry.
 */
function checkMetadata(raw: unknown, news: Readonly<Record<string, unknown>>): Checked {
  if (raw === undefined || raw === null) return { value: {} };
  if (isUnknown(raw)) return { value: raw };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return failed("metadata", "metadata must be an object of string values, e.g. { team: \"web\" }");
  }
  const ownerId = typeof news.ownerId === "string" ? news.ownerId : "x".repeat(16);
  const failures: CheckFailure[] = [];
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
  return { value: out, failures };
}

function checkOwnerId(raw: unknown): Checked {
  if (isUnknown(raw) || (typeof raw === "string" && OWNER_ID.test(raw))) return { value: raw };
  return failed(
    "ownerId",
    "ownerId is missing or malformed (1-64 letters, digits, '_' or '-'); create the resource with the Symlink class, which computes it",
  );
}

/**
 * The schema, in the order docs list the inputs (and `check` returns them). `satisfies` makes the
 * compiler hold it to {@link SymlinkValues}: one entry per member, no more.
 */
export const SYMLINK_SCHEMA = {
  bucket: {
    onChange: "replace",
    header: "the request host (virtual-hosted style) or first path segment",
    declared: true,
    text: true,
    check: requiredString("bucket", "the name of the OSS bucket that holds the link and its target", bucketProblem),
  },
  key: {
    onChange: "replace",
    header: "the request path",
    declared: true,
    text: true,
    check: requiredString("key", "the object key of the link itself", (v) => objectKeyProblem(v, "key")),
  },
  target: {
    onChange: "replace",
    header: HEADER.symlinkTarget,
    declared: true,
    text: true,
    check: requiredString("target", "the key of the object the link points at, in the same bucket", (v, news) => {
      const p = objectKeyProblem(v, "target");
      if (p !== undefined) return p;
      if (typeof news.key === "string" && v === news.key) {
        return `target equals key ("${v}"): OSS accepts a link to itself but every read through it fails with InvalidTargetType; point it at another object`;
      }
      return undefined;
    }),
  },
  acl: { default: "default", onChange: "replace", header: HEADER.objectAcl, declared: true, text: true, check: oneOf("acl", OBJECT_ACLS, "default") },
  storageClass: {
    default: "Standard",
    onChange: "replace",
    header: HEADER.storageClass,
    declared: true,
    text: true,
    check: oneOf("storageClass", SYMLINK_STORAGE_CLASSES, "Standard"),
  },
  metadata: { default: {}, onChange: "update", header: `${HEADER.metaPrefix}<name>`, declared: true, text: true, check: checkMetadata },
  // A create-time switch: flipping it changes nothing on the object, so it is only recorded.
  forbidOverwrite: { default: false, onChange: "record", header: HEADER.forbidOverwrite, declared: true, text: false, check: flag("forbidOverwrite", false) },
  adopt: { default: false, onChange: "record", declared: true, text: false, check: flag("adopt", false) },
  // Decides what create and update check before writing; the object itself does not change.
  verifyTarget: { default: false, onChange: "record", declared: true, text: false, check: flag("verifyTarget", false) },
  cacheControl: { onChange: "update", header: HEADER.cacheControl, declared: true, text: true, check: contentHeader("cacheControl") },
  contentDisposition: { onChange: "update", header: HEADER.contentDisposition, declared: true, text: true, check: contentHeader("contentDisposition") },
  contentType: { onChange: "update", header: HEADER.contentType, declared: true, text: true, check: contentHeader("contentType") },
  region: {
    onChange: "replace",
    declared: true,
    text: true,
    check: located("region", resolveRegion, regionProblem, (v) => v, `no region: ${HOW_TO_SET_REGION}`),
  },
  // Where requests go, not which link: the same bucket and key through the public, `-internal` or
  // accelerate endpoint or a CNAME is the same object (docs/resource.md, "Replace vs update").
  // Recorded; refresh and delete then use the new value from state.
  endpoint: {
    onChange: "record",
    declared: true,
    text: true,
    check: located("endpoint", resolveEndpoint, endpointProblem, (v) => v.replace(/\/+$/, "")),
  },
  // A rename (with an alias) changes it: the link is rewritten with the new owner id in its token.
  ownerId: { onChange: "update", header: `${HEADER.metaPrefix}${OWNER_META_NAME}`, declared: false, text: false, check: checkOwnerId },
} as const satisfies { readonly [K in keyof SymlinkValues]-?: InputEntry };

/** Input names, in schema order. */
type SymlinkInputName = keyof typeof SYMLINK_SCHEMA;

/** Every input name, in schema order. */
export const INPUT_FIELDS = Object.keys(SYMLINK_SCHEMA) as SymlinkInputName[];

/** The inputs whose change has `effect`, in schema order. */
export function fieldsWhere(effect: ChangeEffect): SymlinkInputName[] {
  return INPUT_FIELDS.filter((f) => SYMLINK_SCHEMA[f].onChange === effect);
}

/** What an absent value of `field` means (its default), for comparing old state with new inputs. */
export function defaultOf(field: string): unknown {
  const entry: InputEntry | undefined = (SYMLINK_SCHEMA as Record<string, InputEntry>)[field];
  return entry?.default;
}
