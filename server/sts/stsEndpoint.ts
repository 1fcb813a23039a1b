/**
 * {@link startStsEndpoint}: a local, https-only STS answering the two RPC calls
 * @alicloud/credentials makes (`AssumeRole` for `ram_role_arn`, `AssumeRoleWithOIDC` for
 * `oidc_role_arn`), with the reply and error JSON the STS API documents. docs/server.md
 * ("STS and credentials URI") says what is checked and how to point the library at it.
 */
import { randomUUID } from "node:crypto";
import * as https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { closeOnce, listen } from "../listen";
import { readBody } from "../readBody";
import { assumeRole } from "./assumeRole";
import { assumeRoleWithOidc } from "./assumeRoleWithOidc";
import { StsServerError, stsErrors } from "./stsErrors";
import type { StsCall, StsEndpoint, StsEndpointOptions } from "./stsOptions";
import { TemporaryCredentialStore } from "./temporaryCredentials";
import { checkCommonParameters, checkTimestamp, verifyRpcSignature } from "./verifyRpcRequest";

const MAX_BODY_BYTES = 64 * 1024;
const HOST_ID = "sts.aliyuncs.com";

/** Query and form parameters merged, as RPC signing treats them; the first copy of a name wins. */
function collectParams(url: URL, body: string, contentType: string | undefined): Record<string, string> {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  const add = (k: string, v: string): void => {
    if (!(k in params)) params[k] = v;
  };
  for (const [k, v] of url.searchParams) add(k, v);
  if (body !== "" && (contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(body)) add(k, v);
  }
  return params;
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Starts the endpoint on 127.0.0.1 (default) with the given TLS key and certificate.
 *
 * @example
 * ```ts
 * const tls = createTestCertificate();
 * const sts = await startStsEndpoint({ tls, accessKeys: { AK: "secret" }, roles: [{ arn: "acs:ram::1234567890123456:role/deployer" }] });
 * // new Credential(new Config({ type: "ram_role_arn", ..., stsEndpoint: sts.hostPort })) with tls.caPem trusted
 * await sts.close();
 * ```
 */
export async function startStsEndpoint(options: StsEndpointOptions): Promise<StsEndpoint> {
  const now = options.now ?? Date.now;
  const store = options.credentials ?? new TemporaryCredentialStore(now);
  const accessKeys = options.accessKeys ?? {};
  const roles = options.roles;
  const providers = options.oidcProviders ?? [];
  const usedNonces = new Set<string>();
  const calls: StsCall[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID().toUpperCase();
    const call: StsCall = { action: "", code: "Success" };
    try {
      const url = new URL(req.url ?? "/", "https://sts.local");
      const method = (req.method ?? "GET").toUpperCase();
      if ((method !== "GET" && method !== "POST") || url.pathname !== "/") throw stsErrors.invalidAction();
      const params = collectParams(url, (await readBody(req, MAX_BODY_BYTES, () => new StsServerError(413, "InvalidParameter", "The request body is too large."))).toString("utf8"), req.headers["content-type"]);
      call.action = params.Action ?? "";
      call.roleArn = params.RoleArn;
      call.roleSessionName = params.RoleSessionName;
      checkCommonParameters(params);
      let result: Record<string, unknown>;
      if (params.Action === "AssumeRole") {
        call.callerAccessKeyId = params.AccessKeyId;
        verifyRpcSignature(method, params, { accessKeys, temporary: store, usedNonces, now: now() });
        result = { ...assumeRole(params, roles, store) };
      } else if (params.Action === "AssumeRoleWithOIDC") {
        // AssumeRoleWithOIDC is anonymous: the OIDC token is the proof of identity.
        checkTimestamp(params.Timestamp, now());
        result = { ...assumeRoleWithOidc(params, roles, providers, store, now()) };
      } else {
        throw stsErrors.invalidAction();
      }
      call.issuedAccessKeyId = (result.Credentials as { AccessKeyId: string }).AccessKeyId;
      reply(res, 200, { RequestId: requestId, ...result });
    } catch (err) {
      const e = err instanceof StsServerError ? err : stsErrors.internal();
      call.code = e.code;
      reply(res, e.status, { RequestId: requestId, HostId: HOST_ID, Code: e.code, Message: e.message });
    } finally {
      calls.push(call);
    }
  }

  const server = https.createServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) => {
    void handle(req, res);
  });
  const host = options.host ?? "127.0.0.1";
  const { port, hostPort } = await listen(server, host, options.port);
  return {
    hostPort, url: `https://${hostPort}`, port, credentials: store,
    calls: () => calls.slice(),
    close: closeOnce(server),
  };
}
