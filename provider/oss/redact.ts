/**
 * Redaction of secrets from text a server sent back. A server, or a proxy in front of it, may
 * echo request headers into any part of its answer: the error document's Code, Message,
 * RequestId, HostId or EC, the `x-oss-err` header, the `x-oss-request-id` header. Whatever of
 * that reaches an `OssError` passes through {@link redact} first, so neither the credentials of
 * the attempt nor its signature (which lets anyone replay the request for as long as its date is
 * accepted, 15 minutes for OSS) end up in Pulumi logs or CI output.
 */

/** What a removed secret is replaced with. */
export const REDACTED = "<redacted>";

/** Shorter values are too likely to occur by chance in normal text to be replaced everywhere. */
const MIN_SECRET_LENGTH = 8;

/**
 * Signature forms removed wherever they appear, whatever their value: the V4 `Authorization`
 * header (`…,Signature=<hex>`), V1 and V4 presigned URLs (`Signature=`, `x-oss-signature=`), the
 * V1 `Authorization` header (`OSS <AccessKeyId>:<base64>`) and an STS token in a query string or
 * an echoed header line. Every pattern is a fixed prefix and one character class, so the cost is
 * linear in the text.
 */
const SIGNATURE_FORMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/((?:x-oss-)?signature=)[^\s,&;"'<>]+/gi, `$1${REDACTED}`],
  [/(\bOSS [A-Za-z0-9._-]{1,128}):[A-Za-z0-9+/=%]+/g, `$1:${REDACTED}`],
  [/((?:x-oss-)?security-token(?:=|:[ \t]*))[^\s,&;"'<>]+/gi, `$1${REDACTED}`],
];

/**
 * Text made only of these characters holds no signature form (each needs `=`, `:` or a space)
 * and no percent-encoded secret (`%`): only a secret as is can be in it. An OSS request id is
 * such a text, and every successful answer's id passes through {@link redact}.
 */
const PLAIN_TEXT = /^[A-Za-z0-9._-]*$/;

/**
 * The signature in an `Authorization` header this client wrote: V4 `…Signature=<hex>`, V1
 * `OSS <AccessKeyId>:<signature>`. `undefined` for anything else.
 */
export function authorizationSignature(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const v4 = authorization.lastIndexOf("Signature=");
  if (v4 !== -1) return authorization.slice(v4 + "Signature=".length);
  const colon = authorization.lastIndexOf(":");
  if (authorization.startsWith("OSS ") && colon !== -1) return authorization.slice(colon + 1);
  return undefined;
}

/**
 * `text` with every occurrence of each secret (as is and percent-encoded, as it would appear in
 * an echoed URL) and every signature form replaced by {@link REDACTED}.
 *
 * @param secrets the attempt's access key secret, STS token and signature; empty strings and
 *   values shorter than 8 characters are ignored.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  const plain = PLAIN_TEXT.test(text);
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    if (plain) continue;
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  if (plain) return out;
  for (const [pattern, replacement] of SIGNATURE_FORMS) out = out.replace(pattern, replacement);
  return out;
}
