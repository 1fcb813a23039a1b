/**
 * The final message for each OSS error code the provider can meet, from OssError data: the one
 * sentence of provider/lifecycle/errors.ts, each fact once and in order (operation and resource,
 * code and status, OSS's message, the hint, the credential source, the request id).
 */
import { CREDENTIAL_ERROR_CODES, ERROR_HINTS, hintFor } from "../../../provider/lifecycle/errorHints";
import { actionableError, SymlinkProviderError } from "../../../provider/lifecycle/errors";
import { LOCAL_ERROR_CODES } from "../../../provider/oss/ossError";
import { ossErrorOf } from "../../support/ossErrorOf";

const ctx = { operation: "PutSymlink", bucket: "b-1", key: "dir/k", region: "cn-hangzhou" };
const SOURCE = "stack config alicloud:accessKey / alicloud:secretKey";

/** Status OSS answers each code with; local codes (never reached OSS) have none. */
const STATUS: Record<string, number | undefined> = {
  AccessDenied: 403, SignatureDoesNotMatch: 403, InvalidAccessKeyId: 403, InvalidSecurityToken: 403, SecurityTokenExpired: 403,
  AccessKeyIdAndSecurityTokenNotMatch: 403, RequestTimeTooSkewed: 403, NoSuchBucket: 404, NoSuchKey: 404,
  SecondLevelDomainForbidden: 403, FileAlreadyExists: 409, FileImmutable: 409, NotSymlink: 400, SymlinkTargetNotExist: 404,
  InvalidTargetType: 400, InvalidObjectState: 403, MethodNotAllowed: 405, InvalidArgument: 400, InvalidObjectName: 400,
  InvalidBucketName: 400, PreconditionFailed: 412, RequestHeaderFieldsTooLarge: 431, QpsLimitExceeded: 503, TooManyRequests: 429,
  ServiceUnavailable: 503, InternalError: 500, InvalidResponse: 502,
  [LOCAL_ERROR_CODES.network]: undefined, [LOCAL_ERROR_CODES.timeout]: undefined,
  [LOCAL_ERROR_CODES.missingCredentials]: undefined, [LOCAL_ERROR_CODES.crcMismatch]: undefined,
};

/** An OssError as the client builds it: data, and OSS's message without advice. */
function ossError(code: string) {
  const status = STATUS[code];
  return ossErrorOf({ code, text: "what OSS said", ...(status !== undefined ? { status, requestId: "5F0000000000000000000001", ec: "0000-00000001" } : {}) });
}

const count = (text: string, part: string): number => text.split(part).length - 1;

describe("the final failure message, per OSS error code", () => {
  it("every code in the hint table is in this table, and the other way round", () => {
    expect(Object.keys(STATUS).sort()).toEqual(Object.keys(ERROR_HINTS).sort());
  });

  it.each(Object.keys(STATUS))("%s: each fact once, in order", (code) => {
    const credentials = CREDENTIAL_ERROR_CODES.has(code) && code !== LOCAL_ERROR_CODES.missingCredentials;
    const message = actionableError(ossError(code), { ...ctx, ...(credentials ? { credentialSource: SOURCE } : {}) }).message;
    const status = STATUS[code];
    const hint = hintFor(code, ctx) ?? "";
    const parts = [
      "PutSymlink oss://b-1/dir/k failed: ",
      status !== undefined ? `${code} (HTTP ${status}): ` : `${code}: `,
      "what OSS said. ",
      hint,
      ...(credentials ? [`. The request used credentials from ${SOURCE}`] : []),
      ...(status !== undefined ? [" [request id 5F0000000000000000000001, EC 0000-00000001]"] : []),
    ];
    expect(message).toBe(parts.join(""));
    expect(count(message, code)).toBe(1);
    expect(count(message, "oss://b-1/dir/k")).toBe(1);
    expect(count(message, "5F0000000000000000000001")).toBe(status !== undefined ? 1 : 0);
  });

  it("a wrong secret, written out", () => {
    const text = "The request signature we calculated does not match the signature you provided. Check your key and signing method.";
    const e = ossErrorOf({ code: "SignatureDoesNotMatch", status: 403, text, requestId: "098D0000000000000000001", ec: "0002-00000040" });
    expect(actionableError(e, { ...ctx, credentialSource: SOURCE }).message).toBe(
      "PutSymlink oss://b-1/dir/k failed: SignatureDoesNotMatch (HTTP 403): The request signature we calculated does not match " +
        "the signature you provided. Check your key and signing method. The access key secret does not match the AccessKey ID " +
        "(or something between, such as a proxy, rewrote the request). Set credentials with `pulumi config set alicloud:accessKey <id>` " +
        "and `pulumi config set --secret alicloud:secretKey <secret>` (plus alicloud:securityToken for STS), or the env vars " +
        "OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (OSS_SESSION_TOKEN), or ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, " +
        "and make sure the RAM policy allows oss:PutObject, oss:GetObject, oss:DeleteObject (plus oss:DeleteObjectVersion on a " +
        "versioned bucket), oss:GetObjectAcl and oss:ListObjects on the bucket. The request used credentials from " +
        `${SOURCE} [request id 098D0000000000000000001, EC 0002-00000040]`,
    );
  });

  it("FileAlreadyExists after the provider looked at the key: what is there, then the one hint", () => {
    const text = "The object you specified already exists and can not be overwritten.";
    const answer = ossErrorOf({ code: "FileAlreadyExists", status: 409, text, requestId: "R409" });
    const refusal = new SymlinkProviderError(
      "The key already exists and is a normal object, not a symlink; forbidOverwrite is true, so it was left untouched",
      "FileAlreadyExists",
      { cause: answer },
    );
    const e = actionableError(refusal, ctx);
    expect(e.message).toBe(
      "PutSymlink oss://b-1/dir/k failed: FileAlreadyExists (HTTP 409): The object you specified already exists and can not be " +
        "overwritten. The key already exists and is a normal object, not a symlink; forbidOverwrite is true, so it was left " +
        "untouched. To proceed, pick another `key`, delete the existing object, set `adopt: true` to take over an existing " +
        "symlink (never a normal object), or set `forbidOverwrite: false` to overwrite it [request id R409]",
    );
    expect((e as SymlinkProviderError).code).toBe("FileAlreadyExists");
    expect(e.cause).toBe(answer);
  });

  it("an older client's full sentence in `message` is reduced to OSS's text, so nothing is said twice", () => {
    // Duck-typed as the provider reads a client error from another copy of the module.
    const legacy = Object.assign(
      new Error(
        "OSS GetSymlink failed: GET /b-1/dir/k?symlink → HTTP 404 NoSuchKey: The specified key does not exist. (request id R1, EC 0026-00000001). Hint: The object does not exist.",
      ),
      { name: "OssError", code: "NoSuchKey", status: 404, requestId: "R1" },
    );
    const message = actionableError(legacy, ctx).message;
    expect(message).toBe(
      "PutSymlink oss://b-1/dir/k failed: NoSuchKey (HTTP 404): The specified key does not exist. " +
        "The object does not exist (or its current version is a delete marker) [request id R1]",
    );
  });
});
