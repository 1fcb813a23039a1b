// The final failure line of an OSS error as a user sees it in `pulumi up` output: built once at
// the provider boundary (provider/lifecycle/failureMessage.ts), each fact stated once and in the
// order docs/resource.md ("Errors") gives: operation and resource, OSS's code and HTTP status,
// OSS's message, what it means and what to do, the credential source (its name, never its value),
// and the request id. Covers a wrong secret and a forbidOverwrite conflict end to end, then one
// `up` per further code the embedded server can produce (credentials, the bucket, load, network).
import type { FaultConfig } from "../../server";
import { engineText, runEngine, type EngineResult } from "./support/engine";
import { FAKE_CREDENTIALS, SYMLINKS_PROGRAM, aliClient, ossStackConfig, useEngineOss } from "./support/symlinkStack";

const BUCKET = "engine-messages";
const TARGET = { key: "targets/app.txt", body: "the app" };

// Two engine operations (3-4 s each when idle, much more on a busy 2-core machine).
jest.setTimeout(240_000);

const LOCKED = "engine-messages-worm";
const local = useEngineOss({ projectName: "failuremessages", bucket: BUCKET, objects: [TARGET], server: { lockedBuckets: [LOCKED] } });

/** The one line of engine output that carries the provider's message for `resource`. */
function failureLine(result: EngineResult, resource: string): string {
  const lines = engineText(result)
    .split("\n")
    .filter((l) => l.includes(resource) && l.includes("failed:"));
  if (lines.length === 0) throw new Error(`no failure line naming ${resource} in the engine output:\n${engineText(result)}`);
  // The engine repeats the diagnostic in its summary; every copy is the same sentence.
  const sentence = (lines[0] ?? "").slice((lines[0] ?? "").indexOf(resource.split(" ")[0] ?? ""));
  console.log(`final message for ${resource}:\n${sentence}`);
  return sentence;
}

function count(text: string, fragment: string | RegExp): number {
  return fragment instanceof RegExp ? (text.match(new RegExp(fragment, "g")) ?? []).length : text.split(fragment).length - 1;
}

/** Each fragment appears exactly once, in the given order. */
function expectOnceInOrder(line: string, fragments: Array<string | RegExp>): void {
  let last = -1;
  for (const f of fragments) {
    expect([String(f), count(line, f)]).toEqual([String(f), 1]);
    const at = typeof f === "string" ? line.indexOf(f) : line.search(f);
    expect([String(f), at > last]).toEqual([String(f), true]);
    last = at;
  }
}

describe("the final failure message under the Pulumi engine", () => {
  test("a wrong secret: SignatureDoesNotMatch, the credential source named once, the secret never", async () => {
    const wrongSecret = "wrong-secret-never-shown-7d1e";
    const config = { ...ossStackConfig(local.oss), "alicloud:secretKey": { value: wrongSecret, secret: true } };
    const up = await runEngine({
      ...local.job("wrongsecret"),
      config,
      op: "up",
      program: { module: SYMLINKS_PROGRAM, args: { links: [{ name: "l", bucket: BUCKET, key: "links/wrong-secret", target: TARGET.key }] } },
    });
    expect(up.ok).toBe(false);
    const line = failureLine(up, `PutSymlink oss://${BUCKET}/links/wrong-secret`);
    expectOnceInOrder(line, [
      `PutSymlink oss://${BUCKET}/links/wrong-secret`,
      "SignatureDoesNotMatch",
      "HTTP 403",
      "does not match the signature you provided",
      "pulumi config set --secret alicloud:secretKey",
      "credentials from stack config",
      /request id [0-9A-F]+/,
    ]);
    expect(line).not.toContain(wrongSecret);
    expect(line).not.toContain(FAKE_CREDENTIALS.accessKeySecret);
    expect(line).not.toContain(FAKE_CREDENTIALS.securityToken);
  });

  test("FileAlreadyExists over a foreign object: what is there and the fix, stated once", async () => {
    await aliClient(local.oss, BUCKET).put("taken/object", Buffer.from("someone else's data"));
    const up = await runEngine({
      ...local.job("conflict"),
      op: "up",
      program: {
        module: SYMLINKS_PROGRAM,
        args: { links: [{ name: "c", bucket: BUCKET, key: "taken/object", target: TARGET.key, forbidOverwrite: true }] },
      },
    });
    expect(up.ok).toBe(false);
    const line = failureLine(up, `PutSymlink oss://${BUCKET}/taken/object`);
    expectOnceInOrder(line, [
      `PutSymlink oss://${BUCKET}/taken/object`,
      "FileAlreadyExists",
      "HTTP 409",
      "is a normal object",
      /pick another `key`/,
      /request id [0-9A-F]+/,
    ]);
    expect(count(line, "forbidOverwrite")).toBeGreaterThan(0);
  });
});

/** A further code, produced by the embedded server: the setup, and the fragments the line must hold once, in order. */
interface CodeRow {
  code: string;
  config?: Record<string, { value: string; secret?: boolean }>;
  bucket?: string;
  faults?: FaultConfig;
  /** An object put at the link's key first (in a retention-locked bucket it can then not be replaced). */
  existing?: string;
  fragments: Array<string | RegExp>;
}

const MORE_CODES: CodeRow[] = [
  {
    code: "InvalidAccessKeyId",
    config: { "alicloud:accessKey": { value: "LTAI-unknown-id" } },
    fragments: ["InvalidAccessKeyId", "HTTP 403", "The AccessKey ID is unknown or disabled", "credentials from stack config", /request id [0-9A-F]+/],
  },
  {
    code: "InvalidSecurityToken",
    config: { "alicloud:securityToken": { value: "not-the-issued-token", secret: true } },
    fragments: ["InvalidSecurityToken", "HTTP 403", "obtain fresh STS credentials", "credentials from stack config", /request id [0-9A-F]+/],
  },
  {
    code: "NoSuchBucket",
    bucket: "engine-messages-missing",
    fragments: ["NoSuchBucket", "HTTP 404", 'bucket "engine-messages-missing" does not exist', /request id [0-9A-F]+/],
  },
  {
    code: "FileImmutable",
    bucket: LOCKED,
    existing: "retained data",
    fragments: ["FileImmutable", "HTTP 409", "retention (WORM) policy", /request id [0-9A-F]+/],
  },
  {
    code: "InternalError",
    faults: { error500Rate: 1, operations: ["PutSymlink"] },
    fragments: ["InternalError", "HTTP 500", "OSS had an internal error; run the command again later", /request id [0-9A-F]+/],
  },
  {
    code: "ServiceUnavailable",
    faults: { error503Rate: 1, operations: ["PutSymlink"] },
    fragments: ["ServiceUnavailable", "HTTP 503", "OSS is busy or throttling", /request id [0-9A-F]+/],
  },
  {
    code: "QpsLimitExceeded",
    faults: { error429Rate: 1, retryAfterSeconds: 0, operations: ["PutSymlink"] },
    fragments: ["QpsLimitExceeded", "HTTP 429", "Requests are being throttled", /request id [0-9A-F]+/],
  },
  {
    code: "NetworkError",
    faults: { resetRate: 1, operations: ["PutSymlink"] },
    fragments: ["NetworkError", "The endpoint could not be reached after the client's retries"],
  },
];

describe("the final failure message for each further code the embedded server produces", () => {
  afterEach(() => local.oss.faults.clear());

  test.each(MORE_CODES.map((row, i) => ({ ...row, i })))("$code", async (row) => {
    const bucket = row.bucket ?? BUCKET;
    // The key must not contain the code, which the line must state exactly once.
    const key = `links/row-${row.i}`;
    if (row.existing !== undefined) await local.client.putObject({ bucket, key, body: row.existing });
    if (row.faults !== undefined) local.oss.faults.set(row.faults);
    const up = await runEngine({
      ...local.job(`row${row.i}`),
      config: { ...ossStackConfig(local.oss), ...row.config },
      op: "up",
      program: { module: SYMLINKS_PROGRAM, args: { links: [{ name: "l", bucket, key, target: TARGET.key }] } },
    });
    local.oss.faults.clear();
    expect(up.ok).toBe(false);
    const line = failureLine(up, `PutSymlink oss://${bucket}/${key}`);
    expectOnceInOrder(line, [`PutSymlink oss://${bucket}/${key}`, ...row.fragments]);
    for (const secret of [FAKE_CREDENTIALS.accessKeySecret, FAKE_CREDENTIALS.securityToken]) expect(line).not.toContain(secret);
  });
});
