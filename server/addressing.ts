/**
 * Which bucket and key a request addresses. Virtual-hosted style puts the bucket in the
 * first label of Host; path style puts it in the first path segment (docs/oss.md §5.1).
 */
import { isIP } from "node:net";
import { DecodeError, strictDecode } from "./encoding";
import { errors } from "./errors";

/** Bucket and decoded key of a request; both absent for service-level calls. */
interface Address {
  bucket?: string;
  key?: string;
  style: "virtual" | "path";
}

/** The host name of a Host header value, without port or IPv6 brackets, lower-cased. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    return end > 0 ? h.slice(1, end) : h;
  }
  const colon = h.lastIndexOf(":");
  return colon >= 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

// Host values repeat on every request of a connection pool; remember their first label.
const labelCache = new Map<string, string | undefined>();

/** First Host label when it can name a bucket (not an IP literal, not a dot-less name). */
function bucketLabel(host: string): string | undefined {
  if (labelCache.has(host)) return labelCache.get(host);
  const name = hostName(host);
  const label = name !== "" && isIP(name) === 0 && name.includes(".") ? name.slice(0, name.indexOf(".")) : undefined;
  if (labelCache.size > 1000) labelCache.clear();
  labelCache.set(host, label);
  return label;
}

function decodeKey(raw: string): string | undefined {
  if (raw === "") return undefined;
  try {
    return strictDecode(raw);
  } catch (e) {
    if (e instanceof DecodeError) throw errors.invalidObjectName(`The specified object is not valid: ${e.message}.`);
    throw e;
  }
}

/**
 * Resolves the bucket and key.
 *  - Host is an IP literal or has no dot (`localhost`): path style.
 *  - Otherwise, when Host's first label names a bucket that exists: virtual-hosted.
 *    (ali-oss with an IP endpoint sends `Host: bucket.oss-<region>.aliyuncs.com` to the IP.)
 *  - Otherwise, when the first path segment names a bucket that exists: path style
 *    (e.g. `Host: oss-cn-hangzhou.aliyuncs.com` with `/bucket/key`).
 *  - Otherwise virtual-hosted with the first label, which then fails with NoSuchBucket.
 */
export function resolveAddress(host: string, rawPath: string, bucketExists: (name: string) => boolean): Address {
  const virtualCandidate = bucketLabel(host);
  const path = rawPath.slice(1);
  const slash = path.indexOf("/");
  const firstSegRaw = slash >= 0 ? path.slice(0, slash) : path;
  let firstSeg: string;
  try {
    firstSeg = strictDecode(firstSegRaw);
  } catch {
    firstSeg = "";
  }

  const usePath =
    virtualCandidate === undefined ||
    (!bucketExists(virtualCandidate) && firstSeg !== "" && bucketExists(firstSeg));
  if (!usePath) return { bucket: virtualCandidate, key: decodeKey(path), style: "virtual" };
  if (path === "") return { style: "path" };
  if (firstSeg === "" && firstSegRaw !== "") throw errors.invalidUri("Malformed bucket name in path.");
  const key = slash >= 0 ? decodeKey(path.slice(slash + 1)) : undefined;
  return firstSeg === "" ? { style: "path" } : { bucket: firstSeg, key, style: "path" };
}
