// Bad input through the real engine: every case must fail at `preview`, name the property and say
// how to fix it, and cost the server zero requests.
//
// Batching (measured with Pulumi 3.259): the engine stops a preview at the FIRST resource whose
// check() fails, so bad resources in one program are not all reported. Within one resource,
// though, every failure check() returns is reported (one diagnostic per property). So each
// preview declares ONE resource that is bad in several independent properties at once (one case
// per property), and the test asserts that exactly those properties are reported, each with its
// fix. Lone surrogates never reach check() (see below), so they get a preview each.
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalOss } from "../../server";
import { engineText, expectOk, makeTempDir, requirePulumi, runEngine, type EngineResult } from "../engine/support/engine";
import { SYMLINK_TOKEN, ossStackConfig, startEngineOss } from "../engine/support/symlinkStack";
import { linksProgram, type LinkSpec } from "./engineSupport";

const BUCKET = "rel-bad-input";

/** One bad input: what to change on a valid link, the property check() must name, and the fix it must give. */
interface BadCase {
  id: string;
  property: string;
  apply: (link: LinkSpec) => void;
  fix: RegExp;
}

const set = (field: string, value: unknown) => (link: LinkSpec): void => {
  link[field] = value;
};
const meta = (name: string, value: unknown) => (link: LinkSpec): void => {
  link.metadata = { ...((link.metadata as Record<string, unknown> | undefined) ?? {}), [name]: value };
};

// Each inner array is one preview: one resource carrying every case of the round (at most one
// case per property, so each reported failure maps to exactly one case).
const ROUNDS: BadCase[][] = [
  [
    { id: "empty key", property: "key", apply: set("key", ""), fix: /key must not be empty/ },
    { id: "empty target", property: "target", apply: set("target", ""), fix: /target must not be empty/ },
    { id: "acl wrong case", property: "acl", apply: set("acl", "Private"), fix: /exact case\)\. Did you mean "private"\?/ },
    { id: "storageClass wrong case", property: "storageClass", apply: set("storageClass", "standard"), fix: /Did you mean "Standard"\?/ },
    { id: "bucket with upper case", property: "bucket", apply: set("bucket", "My-Bucket"), fix: /Did you mean "my-bucket"\?/ },
    { id: "endpoint ftp scheme", property: "endpoint", apply: set("endpoint", "ftp://127.0.0.1:21"), fix: /only http:\/\/ and https:\/\/ are supported/ },
    { id: "region with oss- prefix", property: "region", apply: set("region", "oss-cn-hangzhou"), fix: /did you mean "cn-hangzhou"\?/ },
    { id: "metadata name with _", property: "metadata.team_name", apply: meta("team_name", "web"), fix: /only letters, digits and "-".*e\.g\. "team-name"/ },
    { id: "metadata name with x-oss-meta- prefix", property: "metadata.x-oss-meta-owner", apply: meta("x-oss-meta-owner", "me"), fix: /without the "x-oss-meta-" prefix: use "owner"/ },
    { id: "forbidOverwrite as a string", property: "forbidOverwrite", apply: set("forbidOverwrite", "true"), fix: /Use true without quotes/ },
    { id: "contentType with a newline", property: "contentType", apply: set("contentType", "text/plain\nX-Injected: 1"), fix: /U\+000A.*cannot be sent in an HTTP header/ },
  ],
  [
    { id: "1024-byte key", property: "key", apply: set("key", "k".repeat(1024)), fix: /1024 UTF-8 bytes long; OSS object keys are at most 1023 bytes/ },
    { id: "1024-byte target (multi-byte)", property: "target", apply: set("target", "\u00e9".repeat(512)), fix: /1024 UTF-8 bytes long; OSS object keys are at most 1023 bytes/ },
    { id: "acl with underscore", property: "acl", apply: set("acl", "public_read"), fix: /Did you mean "public-read"\?/ },
    { id: "storageClass typo", property: "storageClass", apply: set("storageClass", "Standrad"), fix: /Did you mean "Standard"\?/ },
    { id: "bucket too short", property: "bucket", apply: set("bucket", "ab"), fix: /has 2 characters; OSS bucket names have 3 to 63/ },
    { id: "endpoint with a path", property: "endpoint", apply: set("endpoint", "http://127.0.0.1:9000/my-bucket"), fix: /scheme and host only, without a path/ },
    { id: "region with upper case and _", property: "region", apply: set("region", "CN_Hangzhou"), fix: /lower-case letters, digits and hyphens, e\.g\. cn-hangzhou/ },
    { id: "metadata name with a space", property: "metadata.team name", apply: meta("team name", "web"), fix: /only letters, digits and "-".*e\.g\. "team-name"/ },
    { id: "metadata value CJK", property: "metadata.city", apply: meta("city", "\u676d\u5dde"), fix: /U\+676D.*keep values to printable ASCII, or encode them yourself/ },
    { id: "cacheControl with trailing space", property: "cacheControl", apply: set("cacheControl", "max-age=60 "), fix: /leading or trailing whitespace.*trim it/ },
    { id: "adopt as a string", property: "adopt", apply: set("adopt", "false"), fix: /Use false without quotes/ },
  ],
  [
    { id: "key with leading /", property: "key", apply: set("key", "/releases/latest"), fix: /must not start with "\/" or "\\".*did you mean "releases\/latest"\?/ },
    { id: "target with leading \\", property: "target", apply: set("target", "\\releases\\v1"), fix: /must not start with "\/" or "\\".*did you mean "releases\\v1"\?/ },
    { id: "acl typo", property: "acl", apply: set("acl", "pubic-read"), fix: /Did you mean "public-read"\?/ },
    { id: "storageClass not valid for links", property: "storageClass", apply: set("storageClass", "ColdArchive"), fix: /is not one of "Standard", "IA", "Archive"/ },
    { id: "bucket starting with -", property: "bucket", apply: set("bucket", "-releases"), fix: /must start and end with a lower-case letter or digit/ },
    { id: "endpoint with whitespace", property: "endpoint", apply: set("endpoint", "oss cn hangzhou"), fix: /contains whitespace/ },
    { id: "metadata name reserved", property: "metadata.pulumi-owner", apply: meta("pulumi-owner", "me"), fix: /reserved.*pick another name/ },
    { id: "metadata value emoji", property: "metadata.icon", apply: meta("icon", "\u{1F680}"), fix: /cannot be sent in an HTTP header; keep values to printable ASCII/ },
    { id: "contentDisposition with CRLF", property: "contentDisposition", apply: set("contentDisposition", "attachment\r\nSet-Cookie: x"), fix: /U\+000D.*cannot be sent in an HTTP header/ },
  ],
  [
    { id: "key with leading \\", property: "key", apply: set("key", "\\releases\\latest"), fix: /must not start with "\/" or "\\".*did you mean "releases\\latest"\?/ },
    { id: "target with leading /", property: "target", apply: set("target", "/releases/v1"), fix: /did you mean "releases\/v1"\?/ },
    { id: "acl upper case", property: "acl", apply: set("acl", "PUBLIC-READ-WRITE"), fix: /Did you mean "public-read-write"\?/ },
    { id: "storageClass lower case", property: "storageClass", apply: set("storageClass", "ia"), fix: /Did you mean "IA"\?/ },
    { id: "bucket with _", property: "bucket", apply: set("bucket", "my_bucket"), fix: /may contain only lower-case letters, digits and hyphens/ },
    { id: "endpoint with user info", property: "endpoint", apply: set("endpoint", "http://id:secret@127.0.0.1:9000"), fix: /must not contain user info; pass credentials through alicloud:accessKey/ },
    { id: "metadata one value over 8 KB", property: "metadata", apply: meta("notes", "n".repeat(8200)), fix: /OSS allows 8192\. Shorten or drop entries/ },
  ],
  [
    { id: "target equal to key", property: "target", apply: (l) => { l.key = "same/key"; l.target = "same/key"; }, fix: /target equals key.*point it at another object/ },
    { id: "acl unknown value", property: "acl", apply: set("acl", "authenticated-read"), fix: /is not one of "default", "private", "public-read", "public-read-write"/ },
    { id: "storageClass upper case", property: "storageClass", apply: set("storageClass", "STANDARD"), fix: /Did you mean "Standard"\?/ },
    { id: "bucket 64 characters", property: "bucket", apply: set("bucket", "b".repeat(64)), fix: /has 64 characters; OSS bucket names have 3 to 63/ },
    { id: "endpoint port out of range", property: "endpoint", apply: set("endpoint", "127.0.0.1:99999"), fix: /invalid port/ },
    { id: "metadata names differing in case", property: "metadata.team", apply: (l) => { l.metadata = { Team: "a", team: "b" }; }, fix: /differ only in case.*keep one/ },
    { id: "metadata value with a newline", property: "metadata.note", apply: meta("note", "line1\nline2"), fix: /U\+000A.*cannot be sent in an HTTP header/ },
  ],
  [
    { id: "1024-byte key (2-byte chars)", property: "key", apply: set("key", "\u00fc".repeat(512)), fix: /1024 UTF-8 bytes long/ },
    { id: "metadata over 8 KB in total", property: "metadata", apply: (l) => { l.metadata = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`part${i}`, "v".repeat(1000)])); }, fix: /OSS allows 8192\. Shorten or drop entries/ },
    { id: "bucket missing", property: "bucket", apply: (l) => { delete l.bucket; }, fix: /bucket is required: the name of the OSS bucket/ },
    { id: "endpoint not a URL", property: "endpoint", apply: set("endpoint", "http://[::1"), fix: /is not a valid URL/ },
    { id: "metadata value with leading space", property: "metadata.owner", apply: meta("owner", " web-team"), fix: /leading or trailing whitespace.*trim it/ },
  ],
];

/** A valid link that each round then breaks. */
function validLink(name: string): LinkSpec {
  return { name, bucket: BUCKET, key: "links/ok", target: "targets/ok" };
}

/** The failing properties the engine reported for `name`, with their messages. */
function reportedFailures(r: EngineResult, name: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /resource '([^']+)': property (.+?) value \{[\s\S]*?\} has a problem: ([\s\S]*)$/;
  for (const d of r.diagnostics) {
    if (d.severity !== "error") continue;
    const m = re.exec(d.message.trim());
    if (m && m[1] === name && m[2] !== undefined && m[3] !== undefined) out.set(m[2], m[3]);
  }
  return out;
}

describe("bad input fails at preview, names the property and the fix, and sends nothing", () => {
  let oss: LocalOss;
  let tmp: string;
  const counted = { cases: 0, previews: 0 };

  beforeAll(async () => {
    requirePulumi();
    tmp = makeTempDir("rel-bad-");
    oss = await startEngineOss({ buckets: [BUCKET] });
  });

  afterAll(async () => {
    console.log(`bad input: ${counted.cases} cases in ${counted.previews} previews; server requests: ${oss?.stats().total}`);
    await oss?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const job = (stackName: string) => ({ stateDir: path.join(tmp, "state"), projectName: "relbad", stackName });

  test("sanity: the same link without the bad inputs previews cleanly (and still sends nothing)", async () => {
    const r = expectOk(
      await runEngine({ ...job("control"), op: "preview", program: linksProgram(undefined, [validLink("ok")]), config: ossStackConfig(oss) }),
    );
    counted.previews++;
    expect(r.changeSummary).toEqual({ create: 2 });
    expect(oss.stats().total).toBe(0);
  });

  test.each(ROUNDS.map((cases, i) => [i + 1, cases] as const))(
    "round %i: one resource, every bad property reported with its fix",
    async (round, cases) => {
      const name = `bad${round}`;
      const link = validLink(name);
      for (const c of cases) c.apply(link);
      const r = await runEngine({ ...job(`round${round}`), op: "preview", program: linksProgram(undefined, [link]), config: ossStackConfig(oss) });
      counted.previews++;
      expect(r.ok).toBe(false);
      const reported = reportedFailures(r, name);
      const missing = cases.filter((c) => !reported.has(c.property)).map((c) => `${c.id} (${c.property})`);
      expect({ missing, text: missing.length > 0 ? engineText(r) : "" }).toEqual({ missing: [], text: "" });
      // Nothing but the intended failures: each reported property belongs to exactly one case.
      expect([...reported.keys()].sort()).toEqual(cases.map((c) => c.property).sort());
      for (const c of cases) {
        const reason = reported.get(c.property) ?? "";
        if (!c.fix.test(reason)) throw new Error(`case "${c.id}": reason for ${c.property} lacks ${c.fix}: ${reason}`);
      }
      counted.cases += cases.length;
      expect(r.steps.some((s) => s.type === SYMLINK_TOKEN && s.phase === "done")).toBe(false);
      expect(oss.stats().total).toBe(0);
    },
    120_000,
  );

  test("bad stack config: malformed endpoint and region, half a key pair", async () => {
    const config = {
      "alicloud:region": { value: "oss-cn-hangzhou" },
      "pulumi-oss-symlink:endpoint": { value: "ftp://127.0.0.1:21" },
      "alicloud:accessKey": { value: "LTAIonlyTheIdIsSet" },
    };
    const r = await runEngine({ ...job("badconfig"), op: "preview", program: linksProgram(undefined, [validLink("cfg")]), config });
    counted.previews++;
    expect(r.ok).toBe(false);
    const reported = reportedFailures(r, "cfg");
    expect([...reported.keys()].sort()).toEqual(["alicloud:secretKey", "endpoint", "region"]);
    expect(reported.get("region")).toMatch(/did you mean "cn-hangzhou"\?.*from config alicloud:region/);
    expect(reported.get("endpoint")).toMatch(/only http:\/\/ and https:\/\/ are supported \(from config pulumi-oss-symlink:endpoint\)/);
    expect(reported.get("alicloud:secretKey")).toMatch(/set alicloud:secretKey too \(pulumi config set --secret alicloud:secretKey/);
    counted.cases += 3;
    expect(oss.stats().total).toBe(0);
  }, 120_000);

  // A lone surrogate has no UTF-8 form, and it never reaches check(): the SDK's protobuf encoder
  // runs first. Measured with @pulumi/pulumi 3.259: a high surrogate followed by an ordinary
  // character is silently DROPPED ("links/\ud800x" becomes "links/x", so preview plans a link at
  // a different key and up would create it); a trailing high surrogate or any lone low surrogate
  // makes the engine's gRPC server reject RegisterResource ("string field contains invalid
  // UTF-8"), an unhandled exception that names neither the property nor the fix. Only the
  // Symlink constructor sees the raw string, so that is where the check must be.
  test("lone surrogates in key, target and metadata fail at preview naming the property", async () => {
    const cases = [
      { id: "high surrogate before a character (dropped by the encoder)", property: "key", link: { ...validLink("surrogatekey"), key: "links/\ud800x" } },
      { id: "lone low surrogate", property: "target", link: { ...validLink("surrogatetarget"), target: "targets/\udc00" } },
      { id: "trailing high surrogate in a metadata value", property: "metadata", link: { ...validLink("surrogatemeta"), metadata: { note: "abc\ud83d" } } },
    ];
    const results = await Promise.all(
      cases.map((c, i) =>
        runEngine({
          ...job(`surrogate${i}`),
          // Concurrent runs: a workspace dir each, so none reads a Pulumi.yaml another is writing.
          workDir: path.join(tmp, "workspaces", `surrogate${i}`),
          op: "preview",
          program: linksProgram(undefined, [c.link]),
          config: ossStackConfig(oss),
        }),
      ),
    );
    counted.previews += results.length;
    expect(oss.stats().total).toBe(0);
    const problems: string[] = [];
    results.forEach((r, i) => {
      const c = cases[i]!;
      const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message).join("\n");
      // The message must say which input holds the surrogate and what to do about it.
      const named = new RegExp(`\\b${c.property}\\b[\\s\\S]*lone (UTF-16 )?surrogate[\\s\\S]*remove it`);
      if (r.ok || !named.test(errors)) {
        const planned = r.steps.find((s) => s.type === SYMLINK_TOKEN && s.new?.inputs !== undefined)?.new?.inputs;
        problems.push(
          `${c.id}: preview ${r.ok ? "SUCCEEDED" : "failed"}` +
            (planned ? ` planning key=${JSON.stringify(planned.key)} target=${JSON.stringify(planned.target)}` : "") +
            (errors ? `; error: ${errors.trim().split("\n")[0]}` : ""),
        );
      }
    });
    expect(problems).toEqual([]);
    counted.cases += cases.length;
  }, 120_000);
});

describe("no credentials anywhere", () => {
  // With no credentials in config, none in the environment, an empty HOME (no ~/.aliyun or
  // ~/.alibabacloud files) and the ECS metadata and CLI-profile sources disabled, no source can
  // succeed, and check() can tell without the network (possibleCredentialSources). So preview
  // fails, naming the config key and the env vars to set, and OSS sees no request.
  let oss: LocalOss;
  let tmp: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    requirePulumi();
    tmp = makeTempDir("rel-nocreds-");
    oss = await startEngineOss({ buckets: [BUCKET] });
    for (const name of Object.keys(process.env)) {
      if (/^(OSS_|ALIBABA_CLOUD_|ALICLOUD_|ALIBABACLOUD_)/.test(name)) delete process.env[name];
    }
  });

  afterAll(async () => {
    process.env = saved;
    await oss?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("preview fails without contacting OSS, naming the credential config keys and env vars", async () => {
    const home = path.join(tmp, "empty-home");
    fs.mkdirSync(home);
    const base = {
      stateDir: path.join(tmp, "state"),
      projectName: "relnocreds",
      stackName: "dev",
      program: linksProgram(BUCKET, [{ name: "nocreds", key: "links/a", target: "targets/a" }]),
      config: ossStackConfig(oss, false),
      env: {
        HOME: home,
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
        ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "true",
      },
    };
    const preview = await runEngine({ ...base, op: "preview" });
    expect(preview.ok).toBe(false);
    const errors = preview.diagnostics.filter((d) => d.severity === "error").map((d) => d.message).join("\n");
    expect(errors).toMatch(/no OSS credentials anywhere/);
    // Names the ways to provide them: the stack config keys and the environment variables.
    expect(errors).toMatch(/alicloud:accessKey/);
    expect(errors).toMatch(/alicloud:secretKey/);
    expect(errors).toMatch(/OSS_ACCESS_KEY_ID/);
    expect(oss.stats().total).toBe(0);
    // Nothing was sent, so the message must not blame OSS for refusing anything.
    expect(errors).not.toMatch(/OSS refused/);
    console.log(`no credentials: preview failed with: ${errors.trim().split("\n").slice(0, 6).join(" / ")}`);
  }, 120_000);
});
