/**
 * Server-side OSS V4 (OSS4-HMAC-SHA256) signature computation, written from docs/oss.md §4.3.
 * The server rebuilds the canonical request from the *decoded* path and query, re-encoded
 * strictly (§4.3 point 7): clients such as ali-oss send `!'()*` literally but sign them encoded.
 */
import { createHash, createHmac, createSecretKey, type KeyObject } from "node:crypto";
import { strictEncode } from "../encoding";
import type { QueryParam } from "../request";

/** Everything the V4 canonical request depends on. Headers lower-cased; query decoded. */
export interface V4Input {
  method: string;
  bucket?: string;
  key?: string;
  /** Query parameters to sign (for presigned URLs: all but `x-oss-signature`). */
  query: readonly QueryParam[];
  headers: Readonly<Record<string, string>>;
  /** Lower-cased names from `AdditionalHeaders` / `x-oss-additional-headers`. */
  additionalHeaders: readonly string[];
  /** `x-oss-content-sha256` for header auth; `UNSIGNED-PAYLOAD` for presigned URLs. */
  hashedPayload: string;
  /** See {@link v4CanonicalQuery}. */
  emptyAsEquals?: boolean;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `CanonicalURI`: strict encoding of `/bucket/key`, `/` kept. */
function v4CanonicalUri(bucket: string | undefined, key: string | undefined): string {
  if (bucket === undefined) return "/";
  return strictEncode(`/${bucket}/${key ?? ""}`, true);
}

/**
 * `CanonicalQueryString`: each key and value strictly encoded, sorted by encoded key, `k` when
 * empty. With `emptyAsEquals`, a parameter sent as `k=` is written `k=` instead: ali-oss signs
 * an empty-string value that way (docs/oss.md §4.3 point 7), so the verifier tries both forms.
 */
function v4CanonicalQuery(query: readonly QueryParam[], emptyAsEquals = false): string {
  const pairs = query.map(({ key, value }) => [strictEncode(key, false), value === null ? null : strictEncode(value, false)] as const);
  pairs.sort((a, b) => byCodeUnit(a[0], b[0]) || byCodeUnit(a[1] ?? "", b[1] ?? ""));
  return pairs
    .map(([k, v]) => (v === null || (v === "" && !emptyAsEquals) ? k : `${k}=${v}`))
    .join("&");
}

/** Additional headers that actually count: present, de-duplicated, sorted, not default-signed. */
function v4EffectiveAdditionalHeaders(names: readonly string[], headers: Readonly<Record<string, string>>): string[] {
  const set = new Set<string>();
  for (const raw of names) {
    const n = raw.trim().toLowerCase();
    if (n === "" || n === "content-type" || n === "content-md5" || n.startsWith("x-oss-")) continue;
    if (headers[n] !== undefined) set.add(n);
  }
  return [...set].sort(byCodeUnit);
}

/** The canonical request (six lines; the headers block ends with its own newline). */
export function v4CanonicalRequest(input: V4Input): string {
  const additional = v4EffectiveAdditionalHeaders(input.additionalHeaders, input.headers);
  const names = Object.keys(input.headers).filter(
    (n) => n.startsWith("x-oss-") || n === "content-type" || n === "content-md5",
  );
  const all = [...new Set([...names, ...additional])].sort(byCodeUnit);
  const canonicalHeaders = all.map((n) => `${n}:${(input.headers[n] as string).trim()}\n`).join("");
  return [
    input.method,
    v4CanonicalUri(input.bucket, input.key),
    v4CanonicalQuery(input.query, input.emptyAsEquals ?? false),
    canonicalHeaders,
    additional.join(";"),
    input.hashedPayload,
  ].join("\n");
}

/** `OSS4-HMAC-SHA256\n<iso date>\n<scope>\n<hex sha256(canonical request)>`. */
export function v4StringToSign(isoDate: string, scope: string, canonicalRequest: string): string {
  return `OSS4-HMAC-SHA256\n${isoDate}\n${scope}\n${createHash("sha256").update(canonicalRequest, "utf8").digest("hex")}`;
}

const SIGNING_KEY_MEMO_SIZE = 16;
const signingKeys = new Map<string, KeyObject>();

/** The derived signing key: HMAC chain over day, region, product and `aliyun_v4_request`. */
export function v4SigningKey(secret: string, day: string, region: string, product: string): KeyObject {
  // The server verifies with one key pair, so the derived key is the same for every request of a
  // day: keep it. On Node 24 an HMAC keyed with a Buffer costs several times one keyed with a
  // KeyObject, and re-deriving four HMACs per request was a third of the server's CPU at
  // concurrency 64 (bench/). The id is injective (length prefixes) and the memo is bounded.
  const id = `${day.length}:${day}${region.length}:${region}${product.length}:${product}${secret}`;
  let key = signingKeys.get(id);
  if (key === undefined) {
    const k1 = createHmac("sha256", `aliyun_v4${secret}`).update(day).digest();
    const k2 = createHmac("sha256", k1).update(region).digest();
    const k3 = createHmac("sha256", k2).update(product).digest();
    key = createSecretKey(createHmac("sha256", k3).update("aliyun_v4_request").digest());
    if (signingKeys.size >= SIGNING_KEY_MEMO_SIZE) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}


/** Lower-case hex HMAC-SHA256 of the string to sign. */
export function v4Signature(signingKey: KeyObject, stringToSign: string): string {
  return createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
}
