/**
 * Response and request header helpers shared by the operations: user metadata, ETags, and
 * single-valued header reads.
 */
import type { IncomingHttpHeaders } from "node:http";
import { HEADER } from "./constants";
import type { ContentHeaders } from "./clientTypes";

/**
 * `"5B3C…"` → `5B3C…`. OSS wraps ETags in double quotes (docs/oss.md §1.1); the client
 * returns them without, everywhere (put results, HEAD/GET, GetSymlink, listings).
 */
export function normalizeEtag(etag: string): string {
  return etag.length >= 2 && etag.charCodeAt(0) === 34 && etag.charCodeAt(etag.length - 1) === 34
    ? etag.slice(1, -1)
    : etag;
}

/** First value of a response header, as a string. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** User metadata from `x-oss-meta-*` response headers, without the prefix. */
export function readMetadata(headers: IncomingHttpHeaders): Record<string, string> {
  const metadata: Record<string, string> = {};
  const prefix = HEADER.metaPrefix;
  for (const name in headers) {
    if (name.length > prefix.length && name.startsWith(prefix)) {
      const value = headers[name];
      if (value !== undefined) metadata[name.slice(prefix.length)] = Array.isArray(value) ? value.join(",") : value;
    }
  }
  return metadata;
}

/** Adds `x-oss-meta-{name}` headers (names lower case, as OSS stores them) to `headers`. */
export function addMetadataHeaders(headers: Record<string, string>, metadata: Record<string, string> | undefined): void {
  if (metadata === undefined) return;
  for (const name in metadata) {
    const value = metadata[name];
    if (value !== undefined) headers[HEADER.metaPrefix + name.toLowerCase()] = value;
  }
}

/** Adds Content-Type, Cache-Control and Content-Disposition when set. */
export function addContentHeaders(headers: Record<string, string>, content: ContentHeaders): void {
  if (content.contentType !== undefined) headers[HEADER.contentType] = content.contentType;
  if (content.cacheControl !== undefined) headers[HEADER.cacheControl] = content.cacheControl;
  if (content.contentDisposition !== undefined) headers[HEADER.contentDisposition] = content.contentDisposition;
}

/** Reads Content-Type, Cache-Control and Content-Disposition into `target` when present. */
export function readContentHeaders(headers: IncomingHttpHeaders, target: ContentHeaders): void {
  const contentType = headerValue(headers, HEADER.contentType);
  if (contentType !== undefined) target.contentType = contentType;
  const cacheControl = headerValue(headers, HEADER.cacheControl);
  if (cacheControl !== undefined) target.cacheControl = cacheControl;
  const contentDisposition = headerValue(headers, HEADER.contentDisposition);
  if (contentDisposition !== undefined) target.contentDisposition = contentDisposition;
}
