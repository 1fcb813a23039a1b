/**
 * Raw HTTP for server tests: node:http so that paths go out byte for byte (no dot-segment
 * normalisation), signed with ali-oss's own signUtils (an official signer, independent of both
 * the server's verifier and the project's client).
 */
import * as http from "node:http";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, type LocalOss } from "../../../server";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const signUtils = require("ali-oss/lib/common/signUtils") as {
  buildCanonicalString(method: string, resource: string, request: { headers: Record<string, string>; parameters?: Record<string, string | null> }, expires?: string): string;
  computeSignature(secret: string, canonical: string): string;
  authorizationV4(ak: string, sk: string, region: string, method: string, request: { headers: Record<string, string>; queries: Record<string, string | null> }, bucket?: string, key?: string, additionalHeaders?: string[]): string;
};

/** A response with its body read. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** What to send. `path` is sent exactly as given. */
export interface RawRequest {
  method?: string;
  path: string;
  /** An array value sends the header once per element, in order. */
  headers?: Record<string, string | string[]>;
  body?: Buffer | string;
  agent?: http.Agent;
  /** Rejects (and drops the connection) when the whole response has not arrived in this many ms. */
  timeoutMs?: number;
}

/** Sends one request to the server and reads the whole response. */
export function send(oss: { port: number }, r: RawRequest): Promise<RawResponse> {
  // node:http frames a GET/HEAD/DELETE body only when told its length: without it the body
  // would reach the server as the start of another request.
  const headers = { ...r.headers };
  const framed = Object.keys(headers).some((h) => h.toLowerCase() === "content-length" || h.toLowerCase() === "transfer-encoding");
  if (r.body !== undefined && r.body.length > 0 && !framed) headers["content-length"] = String(Buffer.byteLength(r.body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: oss.port, method: r.method ?? "GET", path: r.path, headers, agent: r.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (r.timeoutMs !== undefined) {
      const timer = setTimeout(() => req.destroy(new Error(`no response within ${r.timeoutMs} ms`)), r.timeoutMs);
      req.on("close", () => clearTimeout(timer));
    }
    req.end(r.body);
  });
}

/** Strict percent-encoding of a key for the path, `/` kept (docs/oss.md §2.2). */
export function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, "/").replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** A signed-request description. */
export interface Signed {
  method: string;
  bucket: string;
  key?: string;
  /** Sub-resources and parameters; null = bare (`?symlink`). */
  query?: Record<string, string | null>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  version?: "v1" | "v4";
  accessKeyId?: string;
  accessKeySecret?: string;
  /** Request time (default: now). */
  date?: Date;
  /** Path-style (`/bucket/key`, Host = IP) instead of virtual-hosted. */
  pathStyle?: boolean;
  /** Header lines added after signing, each after any signed line of the same name (duplicates). */
  appendHeaders?: Array<[string, string]>;
  /** See {@link RawRequest.timeoutMs}. */
  timeoutMs?: number;
}

/** Sub-resources a V1 signature covers (Go-v2 / Python-v2 list, docs/oss.md §4.2); others are not signed. */
const V1_SUBRESOURCES = new Set([
  "acl", "append", "bucketInfo", "callback", "callback-var", "cloudboxes", "continuation-token",
  "delete", "location", "objectMeta", "partNumber", "position", "regionList",
  "response-cache-control", "response-content-disposition", "response-content-encoding",
  "response-content-language", "response-content-type", "response-expires", "restore",
  "security-token", "sequential", "stat", "symlink", "tagging", "uploadId", "uploads",
  "versionId", "versioning", "versions",
]);

function queryString(q: Record<string, string | null>): string {
  const parts = Object.entries(q).map(([k, v]) => (v === null ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`));
  return parts.length ? "?" + parts.join("&") : "";
}

function iso(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** The path and headers (signature included) of a signed request, without sending it. */
export function signRequest(oss: LocalOss, s: Signed): { path: string; headers: Record<string, string | string[]> } {
  const date = s.date ?? new Date();
  const ak = s.accessKeyId ?? DEFAULT_ACCESS_KEY_ID;
  const sk = s.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET;
  const query = s.query ?? {};
  const headers: Record<string, string> = { ...s.headers };
  if ((s.version ?? "v1") === "v1") {
    headers["x-oss-date"] = date.toUTCString();
    const canonical = signUtils.buildCanonicalString(s.method, `/${s.bucket}/${s.key ?? ""}`, {
      headers,
      parameters: Object.fromEntries(Object.entries(query).filter(([k]) => V1_SUBRESOURCES.has(k) || k.startsWith("x-oss-"))),
    });
    headers["authorization"] = `OSS ${ak}:${signUtils.computeSignature(sk, canonical)}`;
  } else {
    headers["x-oss-date"] = iso(date);
    headers["x-oss-content-sha256"] = "UNSIGNED-PAYLOAD";
    headers["authorization"] = signUtils.authorizationV4(ak, sk, oss.region, s.method, { headers, queries: query }, s.bucket, s.key);
  }
  const keyPath = s.key === undefined ? "/" : "/" + encodeKey(s.key);
  const path = (s.pathStyle ? `/${s.bucket}${keyPath}` : keyPath) + queryString(query);
  if (!s.pathStyle) headers["host"] = `${s.bucket}.oss-cn-hangzhou.aliyuncs.com`;
  const out: Record<string, string | string[]> = { ...headers };
  for (const [name, value] of s.appendHeaders ?? []) {
    const prev = out[name];
    out[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return { path, headers: out };
}

/** Signs with ali-oss's signer (V1 default) and sends. */
export function sendSigned(oss: LocalOss, s: Signed): Promise<RawResponse> {
  const { path, headers } = signRequest(oss, s);
  return send(oss, { method: s.method, path, headers, body: s.body, timeoutMs: s.timeoutMs });
}

/** Decodes the base64 `x-oss-err` header of a HEAD error. */
export function ossErr(res: RawResponse): string {
  return Buffer.from(String(res.headers["x-oss-err"] ?? ""), "base64").toString("utf8");
}

/** The text of one XML element (first occurrence). */
export function xmlField(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1];
}
