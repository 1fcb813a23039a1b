import { codeForStatus, parseError, type ErrorContext, type ErrorResponse } from "../../../provider/oss/parseError";
import { OssError } from "../../../provider/oss/ossError";
import { errorXml } from "../../support/loopbackServer";

const ctx: ErrorContext = {
  operation: "PutSymlink",
  method: "PUT",
  bucket: "bucket",
  key: "link",
  resource: "/bucket/link?symlink",
  credentialSource: "environment OSS_ACCESS_KEY_ID",
};

function response(status: number, body: string, headers: Record<string, string> = {}): ErrorResponse {
  return { status, headers, body: Buffer.from(body, "utf8") };
}

interface Row {
  name: string;
  response: ErrorResponse;
  context?: Partial<ErrorContext>;
  code: string;
  status: number;
  requestId?: string;
  ec?: string;
  hostId?: string;
  /** OSS's own <Message>, when the answer carried one. */
  ossMessage?: string;
  message: RegExp[];
}

const invalidTargetDoc =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>InvalidTargetType</Code>\n' +
  "  <Message>The symbolic's target file type is invalid</Message>\n  <RequestId>6556FF5BD11E5536368607E8</RequestId>\n" +
  "  <HostId>demo-walker-6961.oss-cn-hangzhou.aliyuncs.com</HostId>\n  <EC>0026-00000011</EC>\n" +
  "  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=0026-00000011</RecommendDoc>\n</Error>\n";

const rows: Row[] = [
  {
    name: "HTTP 431 (request headers too large): a message about header size, not about the endpoint",
    response: response(431, ""),
    code: "RequestHeaderFieldsTooLarge",
    status: 431,
    message: [/^PutSymlink oss:\/\/bucket\/link: RequestHeaderFieldsTooLarge \(HTTP 431\): the request headers are too large for the server$/],
  },
  {
    name: "XML body",
    response: response(409, errorXml("FileAlreadyExists", "The object you specified already exists and can not be overwritten."), {
      "x-oss-request-id": "HEADER-ID",
      "x-oss-ec": "0006-00000005",
    }),
    code: "FileAlreadyExists",
    status: 409,
    requestId: "5C3D9175B6FC201293AD0001",
    hostId: "bucket.oss-cn-hangzhou.aliyuncs.com",
    ec: "0000-00000000",
    ossMessage: "The object you specified already exists and can not be overwritten.",
    message: [
      /^PutSymlink oss:\/\/bucket\/link: FileAlreadyExists \(HTTP 409\): The object you specified already exists and can not be overwritten\. \[request id 5C3D9175B6FC201293AD0001, EC 0000-00000000\]$/,
    ],
  },
  {
    name: "empty body HEAD 404: code from status, request id and EC from headers",
    response: response(404, "", { "x-oss-request-id": "REQ-404", "x-oss-ec": "0026-00000001" }),
    context: { operation: "HeadObject", method: "HEAD", key: "missing", resource: "/bucket/missing" },
    code: "NoSuchKey",
    status: 404,
    requestId: "REQ-404",
    ec: "0026-00000001",
    message: [/^HeadObject oss:\/\/bucket\/missing: NoSuchKey \(HTTP 404\): the object does not exist \[request id REQ-404, EC 0026-00000001\]$/],
  },
  {
    name: "empty body 404 on a bucket-level call is NoSuchBucket",
    response: response(404, ""),
    context: { operation: "GetBucketVersioning", method: "GET", key: undefined, resource: "/bucket/?versioning" },
    code: "NoSuchBucket",
    status: 404,
    message: [/^GetBucketVersioning oss:\/\/bucket: NoSuchBucket \(HTTP 404\): the bucket does not exist$/],
  },
  {
    name: "HEAD with base64 XML in x-oss-err",
    response: response(400, "", {
      "x-oss-err": Buffer.from(invalidTargetDoc, "utf8").toString("base64"),
      "x-oss-ec": "0026-00000011",
      "x-oss-request-id": "6556FF5BD11E5536368607E8",
    }),
    context: { operation: "HeadObject", method: "HEAD", resource: "/bucket/link" },
    code: "InvalidTargetType",
    status: 400,
    requestId: "6556FF5BD11E5536368607E8",
    ec: "0026-00000011",
    hostId: "demo-walker-6961.oss-cn-hangzhou.aliyuncs.com",
    ossMessage: "The symbolic's target file type is invalid",
    message: [/^HeadObject oss:\/\/bucket\/link: InvalidTargetType \(HTTP 400\): The symbolic's target file type is invalid \[request id 6556FF5BD11E5536368607E8, EC 0026-00000011\]$/],
  },
  {
    name: "HEAD 404 with x-oss-err naming SymlinkTargetNotExist (not collapsed into NoSuchKey)",
    response: response(404, "", {
      "x-oss-err": Buffer.from(errorXml("SymlinkTargetNotExist", "The symlink target object does not exist")).toString("base64"),
    }),
    context: { operation: "HeadObject", method: "HEAD", resource: "/bucket/link" },
    code: "SymlinkTargetNotExist",
    status: 404,
    requestId: "5C3D9175B6FC201293AD0001",
    ossMessage: "The symlink target object does not exist",
    message: [/SymlinkTargetNotExist \(HTTP 404\): The symlink target object does not exist/],
  },
  {
    name: "malformed XML keeps the status",
    response: response(503, "<Error><Code>Slow", { "x-oss-request-id": "REQ-503" }),
    code: "ServiceUnavailable",
    status: 503,
    requestId: "REQ-503",
    message: [/ServiceUnavailable \(HTTP 503\): the error response body is not a valid OSS error document \[request id REQ-503\]$/],
  },
  {
    name: "HTML from a proxy with an unusual status",
    response: response(418, "<html><body>teapot</body></html>"),
    code: "InvalidResponse",
    status: 418,
    message: [/InvalidResponse \(HTTP 418\): the error response body is not a valid OSS error document$/],
  },
  {
    name: "garbage in x-oss-err",
    response: response(403, "", { "x-oss-err": "!!!not base64 xml!!!" }),
    code: "AccessDenied",
    status: 403,
    message: [/AccessDenied \(HTTP 403\): the error response body is not a valid OSS error document$/],
  },
  {
    name: "XML without a Code falls back to the status",
    response: response(500, "<Error><Message>boom</Message></Error>"),
    code: "InternalError",
    status: 500,
    ossMessage: "boom",
    message: [/InternalError \(HTTP 500\): boom$/],
  },
  {
    name: "entities are decoded in the message",
    response: response(400, errorXml("InvalidArgument", "x-oss-storage-class &lt;Cold&gt; &amp; more")),
    code: "InvalidArgument",
    status: 400,
    requestId: "5C3D9175B6FC201293AD0001",
    ossMessage: "x-oss-storage-class <Cold> & more",
    message: [/InvalidArgument \(HTTP 400\): x-oss-storage-class <Cold> & more/],
  },
];

describe("parseError", () => {
  test.each(rows)("$name", (row) => {
    const error = parseError(row.response, { ...ctx, ...row.context });
    expect(error).toBeInstanceOf(OssError);
    expect(error.name).toBe("OssError");
    expect(error.code).toBe(row.code);
    expect(error.status).toBe(row.status);
    expect(error.requestId).toBe(row.requestId);
    if (row.ec !== undefined) expect(error.ec).toBe(row.ec);
    if (row.hostId !== undefined) expect(error.hostId).toBe(row.hostId);
    expect(error.method).toBe(row.context?.method ?? ctx.method);
    expect(error.resource).toBe(row.context?.resource ?? ctx.resource);
    const context = { ...ctx, ...row.context };
    expect(error.operation).toBe(context.operation);
    expect(error.bucket).toBe(context.bucket);
    expect(error.key).toBe(context.key);
    // The name of the source used, as a field; advice is the provider's job, never in the message.
    expect(error.credentialSource).toBe("environment OSS_ACCESS_KEY_ID");
    expect(error.ossMessage).toBe(row.ossMessage);
    for (const pattern of row.message) expect(error.message).toMatch(pattern);
    expect(error.message).not.toMatch(/Hint|Credentials in use/);
  });

  test("SignatureDoesNotMatch: StringToSign, signature and key material never leak", () => {
    const stringToSign = "PUT\n\n\nWed, 15 Jan 2025 08:30:00 GMT\nx-oss-security-token:STS-TOKEN-LEAK-CHECK-11\n/bucket/link?symlink";
    const signature = "SIG-LEAK-CHECK-b94a3f999cf85bcd";
    const body = errorXml(
      "SignatureDoesNotMatch",
      // A hostile or buggy server echoing the StringToSign in Message must not leak it either.
      `The request signature we calculated does not match the signature you provided. ${stringToSign}`,
      `  <OSSAccessKeyId>LTAI-ID</OSSAccessKeyId>\n  <SignatureProvided>${signature}</SignatureProvided>\n` +
        `  <StringToSign>${stringToSign}</StringToSign>\n` +
        `  <StringToSignBytes>${Buffer.from(stringToSign).toString("hex").replace(/(..)/g, "$1 ")}</StringToSignBytes>\n`,
    );
    const error = parseError(response(403, body), ctx);
    expect(error.code).toBe("SignatureDoesNotMatch");
    expect(error.message).toMatch(/^PutSymlink oss:\/\/bucket\/link: SignatureDoesNotMatch \(HTTP 403\): The request signature we calculated does not match/);
    expect(error.ossMessage).toMatch(/^The request signature we calculated does not match/);
    expect(error.credentialSource).toBe("environment OSS_ACCESS_KEY_ID");
    // Each fact once: the code and the request id appear a single time.
    expect(error.message.split("SignatureDoesNotMatch")).toHaveLength(2);
    expect(error.message.split("5C3D9175B6FC201293AD0001")).toHaveLength(2);
    const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    for (const secret of [stringToSign, "STS-TOKEN-LEAK-CHECK-11", signature, "StringToSign"]) {
      expect(everything).not.toContain(secret);
    }
    expect(error.cause).toBeUndefined();
  });

  test("long OSS messages are bounded", () => {
    const error = parseError(response(400, errorXml("InvalidArgument", "x".repeat(5000))), ctx);
    expect(error.message.length).toBeLessThan(1200);
  });

  test.each([
    [400, "BadRequest"],
    [403, "AccessDenied"],
    [404, "NoSuchKey"],
    [409, "Conflict"],
    [429, "TooManyRequests"],
    [500, "InternalError"],
    [503, "ServiceUnavailable"],
    [599, "InvalidResponse"],
  ])("codeForStatus(%i) = %s", (status, code) => {
    expect(codeForStatus(status, true)).toBe(code);
  });
});
