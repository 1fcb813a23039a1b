/**
 * The provider boundary for failures: every error a Symlink operation throws to Pulumi gets its
 * message here, once. `OssError` (provider/oss/ossError.ts) carries data; {@link failureMessage}
 * writes the sentence from it and the hint table (errorHints.ts). The secret never appears, only
 * the name of the credential source.
 */
import { OssError } from "../oss/ossError";
import { hintFor, type HintContext } from "./errorHints";
import { compact } from "./outputs";

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

/**
 * An error produced by the provider for a user-level refusal (never a secret inside). With an
 * OSS answer as `cause` (a refusal that follows one, e.g. FileAlreadyExists), `message` is what
 * the provider found; the final message adds OSS's facts around it.
 */
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

/**
 * A refusal the provider decided on before writing, from what it read (`verifyTarget`): the
 * final line names the operation and the link, then `code`, what was found (`message`), what to
 * do (`fix`) and the request id of the read it is based on.
 */
export class TargetRefusal extends SymlinkProviderError {
  constructor(
    code: string,
    found: string,
    readonly fix: string,
    readonly requestId?: string,
  ) {
    super(found, code);
  }
}

/** Which call on which link, and where the credentials came from. */
interface ErrorContext {
  operation: string;
  bucket: string;
  key: string;
  region?: string;
  endpoint?: string;
  /** Name of the credential source (`describe()`), never its value. */
  credentialSource?: string;
}

/** The facts of one failure, each stated once by {@link failureMessage}. */
interface Failure {
  operation: string;
  bucket: string;
  key: string;
  code?: string;
  status?: number;
  /** OSS's own message (or the client's, for a failure that never reached OSS). */
  ossMessage?: string;
  /** What the provider found, when it looked (e.g. what is at the key). */
  found?: string;
  /** What it means and what to do. */
  hint?: string;
  credentialSource?: string;
  requestId?: string;
  ec?: string;
}

const sentence = (text: string): string => text.trim().replace(/[.\s]+$/, "");

/**
 * The final line: `<operation> oss://<bucket>/<key> failed: <code> (HTTP <status>): <OSS's
 * message>. <what was found>. <what it means and what to do>. The request used credentials from
 * <source>. [request id <id>, EC <ec>]`. Parts without a value are left out.
 */
function failureMessage(f: Failure): string {
  let head = `${f.operation} oss://${f.bucket}/${f.key} failed`;
  if (f.code !== undefined) head += `: ${f.code}${f.status !== undefined ? ` (HTTP ${f.status})` : ""}`;
  const parts = [f.ossMessage, f.found, f.hint].filter((p): p is string => p !== undefined && sentence(p) !== "").map(sentence);
  if (f.credentialSource !== undefined) parts.push(`The request used credentials from ${f.credentialSource}`);
  let text = parts.length > 0 ? `${head}: ${parts.join(". ")}` : head;
  const ids = [f.requestId !== undefined ? `request id ${f.requestId}` : "", f.ec !== undefined ? `EC ${f.ec}` : ""].filter((s) => s !== "");
  if (ids.length > 0) text += ` [${ids.join(", ")}]`;
  return text;
}

/** A field of an OssError-shaped value, read defensively (another copy of the module, or an older shape). */
function field<T extends string | number>(err: object, name: string, type: "string" | "number"): T | undefined {
  const value: unknown = (err as Record<string, unknown>)[name];
  return typeof value === type && value !== "" ? (value as T) : undefined;
}

/**
 * What happened, in OSS's words (or the client's, for a failure that never reached OSS). A
 * data-only `OssError` carries it as `ossMessage` or `detail`, and its `message` repeats the other
 * fields, so it is not used. An older client built the whole sentence into `message` (`OSS <op>
 * failed: <method> <resource> → HTTP <status> <code>: <text> (request id …). Hint: …`), from which
 * only `<text>` is kept, so that no fact is stated twice.
 */
function ossMessageOf(err: Error): string | undefined {
  const own = field<string>(err, "ossMessage", "string") ?? field<string>(err, "detail", "string");
  if (own !== undefined) return own;
  if ("ossMessage" in err || "detail" in err) return undefined;
  const legacy = /^OSS \S+ failed: .*? → HTTP \d+ \S+(?:: (.*?))?(?: \((?:request id|EC) [^)]*\))?\.(?: Hint: [\s\S]*)?$/s.exec(err.message);
  if (legacy !== null) return legacy[1];
  return err.message;
}

/** The facts of an OSS failure, for `ctx`. */
function ossFailure(err: Error, code: string, ctx: ErrorContext): Failure {
  const where = compact({ bucket: ctx.bucket, region: ctx.region, endpoint: ctx.endpoint }) as HintContext;
  return compact({
    operation: ctx.operation,
    bucket: ctx.bucket,
    key: ctx.key,
    code,
    status: field<number>(err, "status", "number"),
    ossMessage: ossMessageOf(err),
    hint: hintFor(code, where),
    credentialSource: ctx.credentialSource ?? field<string>(err, "credentialSource", "string"),
    requestId: field<string>(err, "requestId", "string"),
    ec: field<string>(err, "ec", "string"),
  }) as Failure;
}

/**
 * The error Pulumi shows for `err`: one sentence from {@link failureMessage}, with the OSS code
 * kept as `code` and `err` as `cause`. A provider refusal without an OSS answer behind it is
 * already a full sentence and passes through.
 */
export function actionableError(err: unknown, ctx: ErrorContext): Error {
  if (err instanceof TargetRefusal) {
    const failure = compact({ operation: ctx.operation, bucket: ctx.bucket, key: ctx.key, code: err.code, found: err.message, hint: err.fix, requestId: err.requestId });
    return new SymlinkProviderError(failureMessage(failure as Failure), err.code, { cause: err });
  }
  if (err instanceof SymlinkProviderError) {
    const cause = err.cause;
    const code = ossErrorCode(cause);
    if (code === undefined || !(cause instanceof Error)) return err;
    const failure = { ...ossFailure(cause, code, ctx), found: err.message };
    return new SymlinkProviderError(failureMessage(failure), err.code, { cause });
  }
  const code = ossErrorCode(err);
  if (code === undefined || !(err instanceof Error)) {
    const text = err instanceof Error ? err.message : String(err);
    return new SymlinkProviderError(failureMessage({ operation: ctx.operation, bucket: ctx.bucket, key: ctx.key, ossMessage: text }), "Unknown", { cause: err });
  }
  return new SymlinkProviderError(failureMessage(ossFailure(err, code, ctx)), code, { cause: err });
}
