/**
 * A loopback HTTP relay in front of an OSS server that records the AccessKeyId of every request
 * (from the V4 `Credential=` or the V1 `OSS <id>:` Authorization header), so a test can say which
 * identity reached the server, whatever the server then answered.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface KeyRecorder {
  /** `http://127.0.0.1:PORT`: the endpoint to give the provider. */
  endpoint: string;
  /** AccessKeyIds seen since the last {@link KeyRecorder.reset}, in order. */
  seen(): string[];
  /** The signature version of each request seen (`v4`, `v1`, or `none`), in order. */
  versions(): string[];
  reset(): void;
  close(): Promise<void>;
}

function keyIdOf(authorization: string | undefined): string {
  if (authorization === undefined) return "(none)";
  const v4 = /Credential=([^/,\s]+)\//.exec(authorization);
  if (v4?.[1] !== undefined) return v4[1];
  const v1 = /^OSS ([^:]+):/.exec(authorization);
  return v1?.[1] ?? "(unparsed)";
}

/** Starts a relay on 127.0.0.1:0 to `target` (`http://127.0.0.1:PORT`). */
export async function startKeyRecorder(target: string): Promise<KeyRecorder> {
  const to = new URL(target);
  let seen: string[] = [];
  let versions: string[] = [];
  const server = http.createServer((req, res) => {
    const authorization = req.headers.authorization;
    seen.push(keyIdOf(authorization));
    versions.push(authorization === undefined ? "none" : authorization.startsWith("OSS4-") ? "v4" : authorization.startsWith("OSS ") ? "v1" : "other");
    const upstream = http.request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen: () => seen.slice(),
    versions: () => versions.slice(),
    reset: () => {
      seen = [];
      versions = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
