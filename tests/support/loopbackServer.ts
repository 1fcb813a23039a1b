/**
 * A tiny HTTP server on 127.0.0.1:0 for client tests: it records every request (method, raw
 * path, headers, body) and answers with whatever the test's handler says. It knows nothing
 * about OSS; the full OSS-compatible server lives in server/.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  /** The request target exactly as received: encoded path and query, no normalisation. */
  url: string;
  /** The path part of `url`. */
  path: string;
  /** Query parameters, decoded; a bare `?symlink` maps to `""`. */
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** What to answer. `reset: true` destroys the socket without a response (a connection reset). */
export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  reset?: boolean;
  /** Wait this long before answering, ms. */
  delayMs?: number;
}

export type Handler = (request: RecordedRequest, index: number) => CannedResponse | Promise<CannedResponse>;

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** Number of TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

function parseQuery(url: string): Record<string, string> {
  const q = url.indexOf("?");
  const out: Record<string, string> = {};
  if (q === -1) return out;
  for (const part of url.slice(q + 1).split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = decodeURIComponent(eq === -1 ? part : part.slice(0, eq));
    out[name] = eq === -1 ? "" : decodeURIComponent(part.slice(eq + 1));
  }
  return out;
}

/** Starts a server; `handler` may be a function or a list of responses used in order (the last repeats). */
export async function startLoopbackServer(handler: Handler | CannedResponse[]): Promise<LoopbackServer> {
  const respond: Handler = Array.isArray(handler)
    ? (_req, index) => handler[Math.min(index, handler.length - 1)] ?? { status: 200 }
    : handler;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  let closed = false;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url,
        path: q === -1 ? url : url.slice(0, q),
        query: parseQuery(url),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const index = requests.length;
      requests.push(recorded);
      void Promise.resolve(respond(recorded, index)).then(async (answer) => {
        if (answer.delayMs !== undefined) {
          await new Promise<void>((r) => {
            const timer = setTimeout(() => {
              timers.delete(timer);
              r();
            }, answer.delayMs);
            timers.add(timer);
          });
        }
        if (closed) return;
        if (answer.reset === true) {
          req.socket.destroy();
          return;
        }
        const body = answer.body ?? "";
        const headers: Record<string, string> = { ...(answer.headers ?? {}) };
        // Like OSS, always send Content-Length (0 on a HEAD error). Without it Node closes the
        // connection after a HEAD response, which would hide connection-reuse problems.
        if (headers["content-length"] === undefined) {
          headers["content-length"] = req.method === "HEAD" ? "0" : String(Buffer.byteLength(body));
        }
        res.writeHead(answer.status ?? 200, headers);
        res.end(req.method === "HEAD" ? undefined : body);
      });
    });
  });
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An OSS-style XML error body. */
export function errorXml(code: string, message: string, extra = ""): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n` +
    `  <RequestId>5C3D9175B6FC201293AD0001</RequestId>\n  <HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId>\n` +
    `${extra}  <EC>0000-00000000</EC>\n</Error>\n`
  );
}
