/**
 * OSS error documents as the server emits them (docs/oss.md §3). A handler throws
 * {@link OssServerError}; the router turns it into the XML body (or, for HEAD, the base64
 * `x-oss-err` header) with the common headers.
 */

/** One OSS error response: HTTP status, `Code`, `Message`, `EC`, per-error extra elements. */
export class OssServerError extends Error {
  override readonly name = "OssServerError";
  /** Extra XML elements in document order, e.g. `Key`, `BucketName`, `StringToSign`. */
  readonly extras: Array<[string, string]>;
  /** Extra response headers (`x-oss-delete-marker`, `Allow`, `Retry-After`, ...). */
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly ec: string,
    extras: Array<[string, string]> = [],
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.extras = extras;
    this.headers = headers;
  }
}

/** Factories for the errors the server produces; EC values from docs/oss.md §3.2 where known. */
export const errors = {
  noSuchBucket: (bucket: string) =>
    new OssServerError(404, "NoSuchBucket", "The specified bucket does not exist.", "0015-00000101", [["BucketName", bucket]]),
  noSuchKey: (key: string, headers: Record<string, string> = {}) =>
    new OssServerError(404, "NoSuchKey", "The specified key does not exist.", "0026-00000001", [["Key", key]], headers),
  noSuchVersion: (key: string, versionId: string) =>
    new OssServerError(404, "NoSuchVersion", "The specified version does not exist.", "0026-00000003", [["Key", key], ["VersionId", versionId]]),
  symlinkTargetNotExist: (target: string) =>
    new OssServerError(404, "SymlinkTargetNotExist", "The symlink target object does not exist", "0026-00000012", [["Key", target]]),
  invalidTargetType: () =>
    new OssServerError(400, "InvalidTargetType", "The symbolic's target file type is invalid", "0026-00000011"),
  /**
   * Reading an Archive, ColdArchive or DeepColdArchive object that is not restored (directly or
   * through a link). Message from https://www.alibabacloud.com/help/en/oss/the-the-operation-is-not-valid-for-the-object-s-state-error-message-is-returned-when-you-access-a-restored-archive-object;
   * no EC is documented, so none is sent.
   */
  invalidObjectState: () =>
    new OssServerError(403, "InvalidObjectState", "The operation is not valid for the object's state", ""),
  notSymlink: () =>
    new OssServerError(400, "NotSymlink", "The specified object is not a symlink.", "0043-00000101"),
  missingSymlinkTarget: () =>
    new OssServerError(400, "MissingArgument", "The x-oss-symlink-target header is required.", "0043-00000001", [["ArgumentName", "x-oss-symlink-target"]]),
  fileAlreadyExists: () =>
    new OssServerError(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.", "0026-00000007"),
  fileImmutable: () =>
    new OssServerError(409, "FileImmutable", "Change of immutable file is not allowed.", "0026-00000010"),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new OssServerError(400, "InvalidArgument", message, "0016-00000216",
      name === undefined ? [] : [["ArgumentName", name], ["ArgumentValue", value ?? ""]]),
  invalidObjectName: (message: string) =>
    new OssServerError(400, "InvalidObjectName", message, "0016-00000005"),
  invalidUri: (message: string) =>
    new OssServerError(400, "InvalidURI", message, "0016-00000010"),
  malformedXml: () =>
    new OssServerError(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.", "0016-00000601"),
  userMetaInvalid: (message: string, ec: string) => new OssServerError(400, "InvalidArgument", message, ec),
  methodNotAllowedMarker: (method: string, versionId: string) =>
    new OssServerError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", "0016-00000801",
      [["Method", method], ["ResourceType", "DeleteMarker"]],
      { "x-oss-delete-marker": "true", "x-oss-version-id": versionId, ...(method === "GET" ? { allow: "DELETE" } : {}) }),
  notImplemented: (what: string) =>
    new OssServerError(501, "NotImplemented", `${what} is not implemented by the local OSS server.`, "0016-00000901"),
  accessDenied: (message: string, ec = "0003-00000001") => new OssServerError(403, "AccessDenied", message, ec),
  /** Temporary credentials whose session policy does not allow the call (docs/oss.md §1.11). */
  deniedBySessionPolicy: () => new OssServerError(403, "AccessDenied", "Access denied by authorizer's policy.", "0003-00000001"),
  invalidAccessKeyId: (id: string) =>
    new OssServerError(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.", "0002-00000902", [["OSSAccessKeyId", id]]),
  /** Expired temporary credentials: OSS answers InvalidAccessKeyId with EC 0002-00000007 (docs/server.md). */
  securityTokenExpired: (id: string) =>
    new OssServerError(403, "InvalidAccessKeyId", "The security token you provided has expired.", "0002-00000007", [["OSSAccessKeyId", id]]),
  invalidSecurityToken: () =>
    new OssServerError(403, "InvalidSecurityToken", "The security token you provided is invalid.", "0002-00000901"),
  signatureDoesNotMatch: (extras: Array<[string, string]>) =>
    new OssServerError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", "0002-00000040", extras),
  requestTimeTooSkewed: (requestTime: string, serverTime: string) =>
    new OssServerError(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", "0002-00000504",
      [["MaxAllowedSkewMilliseconds", "900000"], ["RequestTime", requestTime], ["ServerTime", serverTime]]),
  entityTooLarge: () =>
    new OssServerError(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size of the local server for this operation.", "0006-00000001"),
  internalError: () => new OssServerError(500, "InternalError", "We encountered an internal error. Please try again.", "0000-00000001"),
  serviceUnavailable: () => new OssServerError(503, "ServiceUnavailable", "Please reduce your request rate.", "0000-00000002"),
  qpsLimitExceeded: (retryAfterSeconds: number) =>
    new OssServerError(429, "QpsLimitExceeded", "Please reduce your request rate.", "0000-00000003", [], { "retry-after": String(retryAfterSeconds) }),
} as const;
