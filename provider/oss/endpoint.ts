/**
 * Where a request goes: from the client options to an origin and a path prefix per bucket.
 * Pure; no I/O. Rules from docs/oss.md §5.1.
 */

export interface EndpointOptions {
  /**
   * Bucket region, bare (`cn-hangzhou`) or with the endpoint prefix (`oss-cn-hangzhou`). V4 signs
   * with the bare form whatever the host is.
   */
  region: string;
  /**
   * Custom endpoint: a host (`oss-cn-hangzhou.aliyuncs.com`), `host:port`, a URL
   * (`http://127.0.0.1:9000`) or a CNAME domain (set `cname`). Without a scheme, https is used.
   */
  endpoint?: string;
  /** Use `oss-{region}-internal` hosts. */
  internal?: boolean;
  /** Use `oss-accelerate.aliyuncs.com`. */
  accelerate?: boolean;
  /** The endpoint is a custom domain bound to one bucket: no bucket in host or path. */
  cname?: boolean;
  /** Put the bucket in the path. Defaults to true for IP and `localhost` endpoints. */
  pathStyle?: boolean;
}

/** How the bucket is placed in the request. */
export type AddressingStyle = "virtual" | "path" | "cname";

export interface ResolvedEndpoint {
  scheme: "http" | "https";
  /** Service host without any bucket, with `:port` when one was given. */
  host: string;
  style: AddressingStyle;
  /** Bare region for V4 signing; the bucket's region whatever the host is. */
  signingRegion: string;
}

const REGION_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// A DNS name, an IPv4 address or a bracketed IPv6 literal, each optionally with a port.
const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const IPV4_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * Bare region from either form. `oss-cn-hangzhou` → `cn-hangzhou`, because V4 signs with the
 * bare region ID while endpoints carry the `oss-` prefix and users mix the two up.
 */
export function normalizeRegion(region: string): string {
  const trimmed = region.trim().toLowerCase();
  const bare = trimmed.startsWith("oss-") ? trimmed.slice(4) : trimmed;
  if (!REGION_RE.test(bare)) {
    throw new TypeError(
      `Invalid OSS region ${JSON.stringify(region)}: expected a region ID such as "cn-hangzhou" ` +
        `(the "oss-" prefix is optional).`,
    );
  }
  return bare;
}

function hostnameOf(hostWithPort: string): string {
  if (hostWithPort.startsWith("[")) return hostWithPort.slice(0, hostWithPort.indexOf("]") + 1);
  const colon = hostWithPort.lastIndexOf(":");
  return colon === -1 ? hostWithPort : hostWithPort.slice(0, colon);
}

/** IP literals and `localhost` cannot carry a `bucket.` prefix, so they default to path style. */
function isIpOrLocalhost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === "localhost" || IPV4_RE.test(h) || h.startsWith("[");
}

function malformed(endpoint: string, why: string): TypeError {
  return new TypeError(
    `Invalid OSS endpoint ${JSON.stringify(endpoint)}: ${why}. Use a host such as ` +
      `"oss-cn-hangzhou.aliyuncs.com", a custom domain with cname: true, or a URL such as ` +
      `"http://127.0.0.1:9000" for a local server.`,
  );
}

function parseCustomEndpoint(endpoint: string): { scheme: "http" | "https"; host: string } {
  const text = endpoint.trim();
  if (text === "") throw malformed(endpoint, "it is empty");
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (schemeMatch === null) {
    const host = text.endsWith("/") ? text.slice(0, -1) : text;
    if (!HOST_RE.test(host)) throw malformed(endpoint, "it is not a host name, host:port or URL");
    checkPort(endpoint, host);
    return { scheme: "https", host: host.toLowerCase() };
  }
  const scheme = (schemeMatch[1] ?? "").toLowerCase();
  if (scheme !== "http" && scheme !== "https") {
    throw malformed(endpoint, `the scheme must be http or https, not ${scheme}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw malformed(endpoint, "it is not a valid URL");
  }
  if (url.username !== "" || url.password !== "") throw malformed(endpoint, "it must not contain credentials");
  if (url.pathname !== "/" && url.pathname !== "") throw malformed(endpoint, "it must not have a path");
  if (url.search !== "" || url.hash !== "") throw malformed(endpoint, "it must not have a query or fragment");
  // URL drops a default port (":443" for https); keep what the user meant.
  return { scheme, host: url.host.toLowerCase() };
}

function checkPort(endpoint: string, host: string): void {
  const m = /:(\d+)$/.exec(host);
  if (m !== null && Number(m[1]) > 65535) throw malformed(endpoint, "the port is out of range");
}

/**
 * Resolves the client options to a scheme, service host and addressing style.
 *
 * - no endpoint: `oss-{region}.aliyuncs.com`, or `oss-{region}-internal.aliyuncs.com` with
 *   `internal`, or `oss-accelerate.aliyuncs.com` with `accelerate`; https; virtual-hosted.
 * - `endpoint`: used as given (https unless the URL says http). Path style is the default for
 *   IP and `localhost` endpoints; `pathStyle` overrides it either way.
 * - `cname`: the endpoint is a custom domain bound to one bucket: no bucket in host or path.
 *
 * @throws TypeError naming the bad value and how to fix it.
 */
export function resolveEndpoint(options: EndpointOptions): ResolvedEndpoint {
  const signingRegion = normalizeRegion(options.region);
  if (options.internal === true && options.accelerate === true) {
    throw new TypeError("OSS endpoint options conflict: set either internal or accelerate, not both.");
  }
  if (options.endpoint === undefined || options.endpoint === "") {
    if (options.cname === true) {
      throw new TypeError("OSS option cname: true needs an endpoint: the custom domain bound to the bucket.");
    }
    const host = options.accelerate === true
      ? "oss-accelerate.aliyuncs.com"
      : `oss-${signingRegion}${options.internal === true ? "-internal" : ""}.aliyuncs.com`;
    return { scheme: "https", host, style: options.pathStyle === true ? "path" : "virtual", signingRegion };
  }
  if (options.internal === true || options.accelerate === true) {
    throw new TypeError(
      `OSS endpoint options conflict: endpoint ${JSON.stringify(options.endpoint)} is set together with ` +
        `${options.internal === true ? "internal" : "accelerate"}; drop one of them.`,
    );
  }
  const { scheme, host } = parseCustomEndpoint(options.endpoint);
  let style: AddressingStyle;
  if (options.cname === true) style = "cname";
  else if (options.pathStyle !== undefined) style = options.pathStyle ? "path" : "virtual";
  else style = isIpOrLocalhost(hostnameOf(host)) ? "path" : "virtual";
  return { scheme, host, style, signingRegion };
}

/** Origin (`scheme://host`) that requests for `bucket` go to. */
export function bucketOrigin(endpoint: ResolvedEndpoint, bucket: string): string {
  return endpoint.style === "virtual"
    ? `${endpoint.scheme}://${bucket}.${endpoint.host}`
    : `${endpoint.scheme}://${endpoint.host}`;
}

/**
 * Path prefix before the encoded key: `/` (virtual, cname) or `/{bucket}/` (path style).
 * A bucket-level request (no key) uses the prefix alone.
 */
export function bucketPathPrefix(endpoint: ResolvedEndpoint, bucket: string): string {
  return endpoint.style === "path" ? `/${bucket}/` : "/";
}
