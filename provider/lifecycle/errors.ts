/**
 * Turns OSS failures into messages a user can act on. The OSS code stays in the message (and on
 * the error as `code`) so it can be searched; the secret never appears, only the name of the
 * credential source (the client's `credentialSource()`).
 */
import { CREDENTIAL_ERROR_CODES, LOCAL_ERROR_CODES, OssError } from "../oss/ossError";
import { OSS_HINTS } from "./ossHints";
import { CONFIG_KEYS } from "../config";

/** Codes that mean "these credentials cannot do this" (the one set, in the OSS client). */
export { CREDENTIAL_ERROR_CODES };

/** Codes that mean the key is not there (GetSymlink on a missing key or a delete marker). */
export const ABSENT_CODES: ReadonlySet<string> = new Set(["NoSuchKey"]);

/** GetSymlink on a key that holds a normal object (ossutil names this code; EC 0043-00000101). */
export const NOT_SYMLINK_CODE = "NotSymlink";

/** The OSS code of an error thrown by the client, if it is one (duck-typed across module copies). */
export function ossErrorCode(err: unknown): string | undefined {
  if (err instanceof OssError) return err.code;
  if (err instanceof Error && err.name === "OssError" && typeof (err as { code?: unknown }).code === "string") {
    return (err as unknown as { code: string }).code;
  }
  return undefined;
}

/** An error produced by the provider for a user-level refusal (never a secret inside). */
export class SymlinkProviderError extends Error {
  override readonly name = "SymlinkProviderError";
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Context for the message: which call on which link, and where the credentials came from. */
export interface ErrorContext {
  operation: string;
  bucket: string;
  key: string;
  region?: string;
  endpoint?: string;
  /** Only consulted for credential errors. */
  credentialSource?: string;
}

const CREDENTIAL_HELP =
  `Set credentials with \`pulumi config set ${CONFIG_KEYS.accessKey} <id>\` and \`pulumi config set --secret ${CONFIG_KEYS.secretKey} <secret>\` ` +
  `(plus ${CONFIG_KEYS.securityToken} for STS), or the env vars OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (OSS_SESSION_TOKEN), ` +
  `or ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, and make sure the RAM policy allows ` +
  `oss:PutObject, oss:GetObject, oss:DeleteObject (plus oss:DeleteObjectVersion on a versioned bucket), oss:GetObjectAcl and oss:ListObjects on the bucket`;

/** What the client said happened, then what to do about the code. */
function detailAndHint(e: OssError): string {
  const detail = (e.detail ?? "").replace(/\.\s*$/, "");
  const hint = OSS_HINTS[e.code];
  if (hint === undefined) return detail;
  return detail === "" ? hint : `${detail}. ${hint}`;
}

/** Wraps `err` (an OssError or anything else) into an Error whose message says what to do. */
export function actionableError(err: unknown, ctx: ErrorContext): Error {
  if (err instanceof SymlinkProviderError) return err;
  const code = ossErrorCode(err);
  const where = `oss://${ctx.bucket}/${ctx.key}`;
  if (code === undefined) {
    const text = err instanceof Error ? err.message : String(err);
    return new SymlinkProviderError(`${ctx.operation} ${where} failed: ${text}`, "Unknown", { cause: err });
  }
  const e = err as OssError;
  const status = e.status !== undefined ? ` (HTTP ${e.status})` : "";
  const request = e.requestId !== undefined ? ` [request id ${e.requestId}]` : "";
  const head = `${ctx.operation} ${where} failed: ${code}${status}`;
  let advice: string;
  if (code === "FileImmutable") {
    advice =
      "the bucket has a retention (WORM) policy that protects this key; links there cannot be written or deleted until the retention period expires. Use a key outside the protected data, or wait";
  } else if (code === "FileAlreadyExists") {
    advice = "an object already exists at this key and forbidOverwrite is true; pick another `key`, delete the object, or set `adopt: true` to take over an existing symlink";
  } else if (code === "NoSuchBucket") {
    const place = [ctx.region !== undefined ? `region ${ctx.region}` : "", ctx.endpoint !== undefined ? `endpoint ${ctx.endpoint}` : ""]
      .filter((s) => s !== "")
      .join(", ");
    advice = `bucket "${ctx.bucket}" does not exist${place !== "" ? ` (${place})` : ""}; create the bucket first or fix \`bucket\`/\`region\``;
  } else if (code === LOCAL_ERROR_CODES.missingCredentials) {
    // Nothing was sent: the client's message lists every source it tried; add the Pulumi way.
    advice =
      `${e.detail ?? ""}\nIn a Pulumi stack: \`pulumi config set ${CONFIG_KEYS.accessKey} <AccessKeyId>\` and ` +
      `\`pulumi config set --secret ${CONFIG_KEYS.secretKey} <AccessKeySecret>\` (plus ${CONFIG_KEYS.securityToken} for STS).`;
  } else if (CREDENTIAL_ERROR_CODES.has(code)) {
    const source = ctx.credentialSource !== undefined ? `credentials from ${ctx.credentialSource}` : "the resolved credentials";
    advice = `OSS refused ${source}: ${detailAndHint(e).replace(/\.\s*$/, "")}. ${CREDENTIAL_HELP}`;
  } else {
    advice = detailAndHint(e);
  }
  return new SymlinkProviderError(`${head}: ${advice}${request}`, code, { cause: err });
}
