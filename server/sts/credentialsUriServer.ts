/**
 * {@link startCredentialsUriServer}: a loopback HTTP server for the `credentials_uri` provider of
 * @alicloud/credentials (`credentialsURI` / `ALIBABA_CLOUD_CREDENTIALS_URI`). Each GET answers
 * fresh temporary credentials in the JSON shape that provider reads: `Code`, `AccessKeyId`,
 * `AccessKeySecret`, `SecurityToken`, `Expiration` (docs/server.md, "STS and credentials URI").
 */
import * as http from "node:http";
import { closeOnce, listen } from "../listen";
import { TemporaryCredentialStore } from "./temporaryCredentials";

/** Options of {@link startCredentialsUriServer}. */
export interface CredentialsUriServerOptions {
  /** Where issued credentials go; give the same store to `startLocalOss`. Default: a new one. */
  credentials?: TemporaryCredentialStore;
  /** Lifetime of each issued set, seconds. Default 3600. */
  durationSeconds?: number;
  /** Path served. Default `/credentials`. */
  path?: string;
  host?: string;
  port?: number;
}

/** A running credentials-URI server. */
export interface CredentialsUriServer {
  /** The full URI to configure, e.g. `http://127.0.0.1:PORT/credentials`. */
  readonly uri: string;
  readonly credentials: TemporaryCredentialStore;
  /** Makes the next replies fail with this status (and a JSON error body), or succeed again with `undefined`. */
  failWith(status: number | undefined): void;
  /** Number of GETs answered. */
  requests(): number;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (default). */
export async function startCredentialsUriServer(options: CredentialsUriServerOptions = {}): Promise<CredentialsUriServer> {
  const store = options.credentials ?? new TemporaryCredentialStore();
  const duration = options.durationSeconds ?? 3600;
  const path = options.path ?? "/credentials";
  let failure: number | undefined;
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method !== "GET" || new URL(req.url ?? "/", "http://local").pathname !== path) {
      send(404, { Code: "NotFound", Message: "Unknown path." });
      return;
    }
    count++;
    if (failure !== undefined) {
      send(failure, { Code: "Unavailable", Message: "The credentials server is configured to fail." });
      return;
    }
    send(200, { Code: "Success", ...store.issue(duration) });
  });
  const host = options.host ?? "127.0.0.1";
  const { hostPort } = await listen(server, host, options.port);
  return {
    uri: `http://${hostPort}${path}`,
    credentials: store,
    failWith(status) {
      failure = status;
    },
    requests: () => count,
    close: closeOnce(server),
  };
}
