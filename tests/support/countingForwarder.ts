/**
 * A counting HTTP forwarder on 127.0.0.1:0 in front of another loopback server: every request is
 * passed on unchanged (method, path, headers, body; the Host header too, so a signature over it
 * still verifies) and the answer comes back unchanged. It gives one server a second endpoint, so
 * a test can tell which endpoint a client used by which forwarder counted the request.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface CountingForwarder {
  /** `http://127.0.0.1:PORT` of the forwarder itself. */
  origin: string;
  /** Requests forwarded since the start or the last {@link reset}, as `METHOD path?query`. */
  requests(): string[];
  reset(): void;
  close(): Promise<void>;
}

/** Starts a forwarder to `targetOrigin` (`http://127.0.0.1:PORT`). */
export async function startCountingForwarder(targetOrigin: string): Promise<CountingForwarder> {
  const target = new URL(targetOrigin);
  let seen: string[] = [];
  const sockets = new Set<Socket>();
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    seen.push(`${req.method ?? "?"} ${req.url ?? ""}`);
    const upstream = http.request(
      { host: target.hostname, port: Number(target.port), method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests: () => [...seen],
    reset: () => {
      seen = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
