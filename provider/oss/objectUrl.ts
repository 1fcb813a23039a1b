/** The public URL of an object, as a pure function of where it lives. */
import { encodeKeyPath } from "./encoding";
import { bucketOrigin, bucketPathPrefix, resolveEndpoint, type EndpointOptions } from "./endpoint";

/**
 * Public (unsigned) URL of `bucket`/`key` for the given region and endpoint options: the same URL
 * the client sends requests to (`OssClient.objectUrl`). Readable anonymously only if the ACLs allow.
 *
 * @throws TypeError when the endpoint options are malformed (see `resolveEndpoint`).
 */
export function objectUrl(options: EndpointOptions, bucket: string, key: string): string {
  const endpoint = resolveEndpoint(options);
  return `${bucketOrigin(endpoint, bucket)}${bucketPathPrefix(endpoint, bucket)}${encodeKeyPath(key)}`;
}
