#!/usr/bin/env node
/**
 * `oss-local`: runs the local OSS server until SIGINT/SIGTERM.
 * Prints exactly one line, `OSS listening at http://HOST:PORT`, once it accepts connections.
 */
import { parseArgs } from "node:util";
import { startLocalOss } from "./localOss";
import type { LocalOssOptions } from "./options";
import type { FaultConfig } from "./faults";

const USAGE = `Usage: oss-local [options]
  --host HOST                 interface to bind (default 127.0.0.1)
  --port PORT                 port, 0 = random (default 0)
  --bucket NAME               create a bucket (repeatable)
  --versioned-bucket NAME     create a bucket with versioning Enabled (repeatable)
  --locked-bucket NAME        create a WORM bucket: overwrites/deletes give FileImmutable (repeatable)
  --public-read-bucket NAME   create a bucket whose ACL is public-read (repeatable)
  --access-key-id ID          accepted AccessKeyId (default local-access-key-id)
  --access-key-secret SECRET  accepted AccessKeySecret (default local-access-key-secret)
  --security-token TOKEN      accepted STS token
  --region REGION             region accepted in V4 scopes (default cn-hangzhou)
  --data-dir DIR              persist state under DIR
  --latency-ms MS|MIN-MAX     delay every response
  --error-rate P              probability of 503 ServiceUnavailable
  --error500-rate P           probability of 500 InternalError
  --throttle-rate P           probability of 429 QpsLimitExceeded
  --reset-rate P              probability of dropping the connection
  --clock-offset-ms MS        shift the server clock
  --help`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} expects a number, got ${JSON.stringify(v)}`);
  return n;
}

function latency(v: string | undefined): FaultConfig["latencyMs"] {
  if (v === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : num("latency-ms", v);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "0" },
      bucket: { type: "string", multiple: true, default: [] },
      "versioned-bucket": { type: "string", multiple: true, default: [] },
      "locked-bucket": { type: "string", multiple: true, default: [] },
      "public-read-bucket": { type: "string", multiple: true, default: [] },
      "access-key-id": { type: "string" },
      "access-key-secret": { type: "string" },
      "security-token": { type: "string" },
      region: { type: "string" },
      "data-dir": { type: "string" },
      "latency-ms": { type: "string" },
      "error-rate": { type: "string" },
      "error500-rate": { type: "string" },
      "throttle-rate": { type: "string" },
      "reset-rate": { type: "string" },
      "clock-offset-ms": { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return;
  }
  const publicRead = values["public-read-bucket"] ?? [];
  const options: LocalOssOptions = {
    host: values.host,
    port: num("port", values.port),
    buckets: [...(values.bucket ?? []), ...publicRead],
    versionedBuckets: values["versioned-bucket"],
    lockedBuckets: values["locked-bucket"],
    bucketAcls: Object.fromEntries(publicRead.map((b) => [b, "public-read" as const])),
    accessKeyId: values["access-key-id"],
    accessKeySecret: values["access-key-secret"],
    securityToken: values["security-token"],
    region: values.region,
    dataDir: values["data-dir"],
    faults: {
      latencyMs: latency(values["latency-ms"]),
      error503Rate: num("error-rate", values["error-rate"]),
      error500Rate: num("error500-rate", values["error500-rate"]),
      error429Rate: num("throttle-rate", values["throttle-rate"]),
      resetRate: num("reset-rate", values["reset-rate"]),
      clockOffsetMs: num("clock-offset-ms", values["clock-offset-ms"]),
    },
  };
  const oss = await startLocalOss(options);
  process.stdout.write(`OSS listening at ${oss.endpoint}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    oss.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`oss-local: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
  process.exit(2);
});
