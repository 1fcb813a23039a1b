/** Writing replies and error documents with the headers every OSS response carries. */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { xmlEscape } from "./encoding";
import type { OssServerError } from "./errors";

/** What a handler returns. Header names are lower-case. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

const idPrefix = randomBytes(4).toString("hex").toUpperCase();
let idCounter = 0;

/** A fresh 24-character upper-case hex request id (unique within this process). */
export function nextRequestId(): string {
  idCounter = (idCounter + 1) % 0x1000000000000;
  return idPrefix + idCounter.toString(16).toUpperCase().padStart(16, "0");
}

/** The XML error document (docs/oss.md §3.1). */
function errorXml(err: OssServerError, requestId: string, hostId: string): string {
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${xmlEscape(err.code)}</Code>\n  <Message>${xmlEscape(err.message)}</Message>\n` +
    `  <RequestId>${requestId}</RequestId>\n  <HostId>${xmlEscape(hostId)}</HostId>\n`;
  for (const [name, value] of err.extras) xml += `  <${name}>${xmlEscape(value)}</${name}>\n`;
  // An error whose EC the documentation does not give (ec "") is sent without one.
  if (err.ec !== "") xml += `  <EC>${err.ec}</EC>\n  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=${err.ec}</RecommendDoc>\n`;
  return `${xml}</Error>\n`;
}

/** Common response fields. */
export interface ReplyMeta {
  requestId: string;
  /** Server time (including any fault clock offset), ms. */
  now: number;
  startedAt: number;
  head: boolean;
}

/** Writes a reply with `Server`, `Date`, `x-oss-request-id`, `x-oss-server-time`, `Content-Length`. */
export function writeReply(res: ServerResponse, reply: Reply, meta: ReplyMeta): void {
  const body = reply.body === undefined ? undefined : typeof reply.body === "string" ? Buffer.from(reply.body, "utf8") : reply.body;
  const headers: Record<string, string> = {
    server: "AliyunOSS",
    date: new Date(meta.now).toUTCString(),
    "x-oss-request-id": meta.requestId,
    "x-oss-server-time": String(Math.max(0, Date.now() - meta.startedAt)),
    ...reply.headers,
  };
  if (headers["content-length"] === undefined) headers["content-length"] = String(body?.length ?? 0);
  res.writeHead(reply.status, headers);
  if (meta.head || body === undefined || reply.status === 204 || reply.status === 304) res.end();
  else res.end(body);
}

/** Writes an OSS error: XML body, or for HEAD no body and the XML base64-encoded in `x-oss-err`. */
export function writeError(res: ServerResponse, err: OssServerError, hostId: string, meta: ReplyMeta): void {
  const xml = errorXml(err, meta.requestId, hostId);
  const headers: Record<string, string> = { ...(err.ec !== "" ? { "x-oss-ec": err.ec } : {}), ...err.headers };
  if (meta.head) {
    headers["x-oss-err"] = Buffer.from(xml, "utf8").toString("base64");
    headers["content-length"] = "0";
    writeReply(res, { status: err.status, headers }, meta);
    return;
  }
  headers["content-type"] = "application/xml";
  writeReply(res, { status: err.status, headers, body: xml }, meta);
}
