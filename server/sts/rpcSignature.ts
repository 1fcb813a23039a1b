/**
 * The RPC-style request signature STS checks (HMAC-SHA1 over the canonicalized parameters), as
 * https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism describes. Pure: the
 * parameters and the secret are passed in; nothing is read from the clock or the environment.
 */
import { createHmac } from "node:crypto";

/** RFC 3986 percent-encoding: `encodeURIComponent` plus the five characters it leaves alone. */
export function rpcPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `key=value` pairs sorted by key (code-unit order), each side encoded, joined with `&`. */
export function rpcCanonicalizedQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${rpcPercentEncode(k)}=${rpcPercentEncode(params[k] as string)}`)
    .join("&");
}

/** `METHOD&%2F&encode(canonicalized query)`. */
export function rpcStringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${rpcPercentEncode("/")}&${rpcPercentEncode(rpcCanonicalizedQuery(params))}`;
}

/** Base64 HMAC-SHA1 of the string to sign, keyed with `secret + "&"`. */
export function rpcSignature(accessKeySecret: string, stringToSign: string): string {
  return createHmac("sha1", `${accessKeySecret}&`).update(stringToSign, "utf8").digest("base64");
}
