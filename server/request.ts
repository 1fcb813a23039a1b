/**
 * The parsed form of one HTTP request, built once by the router and read by auth and handlers.
 */
import type { IncomingMessage } from "node:http";
import { DecodeError, strictDecode } from "./encoding";
import { errors } from "./errors";

/** One query parameter as it appeared on the wire, decoded. `value` is null for a bare `?symlink`. */
export interface QueryParam {
  key: string;
  value: string | null;
}

/** What auth and the handlers see of a request. */
export interface OssRequest {
  /** The x-oss-request-id this response will carry. */
  readonly id: string;
  readonly method: string;
  /** Host header as sent (used for `HostId`). */
  readonly host: string;
  /** Path exactly as sent, before decoding. */
  readonly rawPath: string;
  /** Query parameters in wire order, decoded. */
  readonly queryList: readonly QueryParam[];
  /** Query parameters by name (last one wins), decoded; a bare parameter maps to "". */
  readonly query: ReadonlyMap<string, string>;
  /** Request headers: lower-case name → values joined with "," (OSS canonical form). */
  readonly headers: Readonly<Record<string, string>>;
  /** Lower-case names of the headers sent more than once (see {@link repeatedHeaderNames}). */
  readonly repeatedHeaders: ReadonlySet<string>;
  /** Server's notion of now (wall clock plus the fault clock offset), ms since epoch. */
  readonly now: number;
}

/** Splits `req.url` into raw path and decoded query; rejects malformed escapes with 400. */
export function parseUrl(url: string): { rawPath: string; queryList: QueryParam[]; query: Map<string, string> } {
  let target = url;
  // Absolute-form request targets (proxies) carry scheme and authority; keep path + query only.
  const abs = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(target);
  if (abs) target = target.slice(abs[0].length) || "/";
  if (!target.startsWith("/")) throw errors.invalidUri("The request URI must start with '/'.");
  const hash = target.indexOf("#");
  if (hash >= 0) target = target.slice(0, hash);
  const q = target.indexOf("?");
  const rawPath = q >= 0 ? target.slice(0, q) : target;
  const queryList: QueryParam[] = [];
  const query = new Map<string, string>();
  if (q >= 0) {
    for (const part of target.slice(q + 1).split("&")) {
      if (part === "") continue;
      const eq = part.indexOf("=");
      try {
        const key = strictDecode(eq >= 0 ? part.slice(0, eq) : part);
        const value = eq >= 0 ? strictDecode(part.slice(eq + 1)) : null;
        queryList.push({ key, value });
        query.set(key, value ?? "");
      } catch (e) {
        if (e instanceof DecodeError) throw errors.invalidUri(`Malformed query parameter: ${e.message}.`);
        throw e;
      }
    }
  }
  return { rawPath, queryList, query };
}

/** Lower-cased header map; repeated headers joined with "," as the OSS signers expect. */
export function collectHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const prev = out[name];
    out[name] = prev === undefined ? value : `${prev},${value}`;
  }
  return out;
}

/**
 * Lower-case names that occur more than once in the request's header lines. `collectHeaders`
 * joins repeats, as signers expect for ordinary headers; auth refuses a repeated signature
 * header instead (server/auth/authenticate.ts), so no copy can be read in place of another.
 */
export function repeatedHeaderNames(req: IncomingMessage): ReadonlySet<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (seen.has(name)) repeated.add(name);
    else seen.add(name);
  }
  return repeated;
}
