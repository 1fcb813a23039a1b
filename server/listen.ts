/**
 * Listening and closing, shared by the local OSS server, the STS endpoint and the
 * credentials-URI server: each binds loopback by default and closes once, dropping idle
 * keep-alive connections so a test never waits on them.
 */
import type { AddressInfo, Server } from "node:net";

/**
 * Starts `server` on `host` (default 127.0.0.1) and `port` (default 0: any free port); answers the
 * port taken and `host:port`, with an IPv6 host in brackets.
 */
export async function listen(server: Server, host = "127.0.0.1", port = 0): Promise<{ port: number; hostPort: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const taken = (server.address() as AddressInfo).port;
  return { port: taken, hostPort: `${host.includes(":") ? `[${host}]` : host}:${taken}` };
}

/** A `close()` that stops `server` once, ending its open connections; later calls get the same promise. */
export function closeOnce(server: { close(cb: () => void): unknown; closeAllConnections(): void }): () => Promise<void> {
  let closed: Promise<void> | undefined;
  return () => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
}
