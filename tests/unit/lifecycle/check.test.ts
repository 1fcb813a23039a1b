import { checkSymlink, type CheckContext } from "../../../provider/lifecycle/check";
import { UNKNOWN_VALUE } from "../../../provider/lifecycle/unknown";

const OWNER = "0123456789abcdef";
const base = { bucket: "my-bucket", key: "links/latest", target: "releases/v1.txt", ownerId: OWNER, region: "cn-hangzhou" };
const noConfig: CheckContext = { config: {}, env: {} };

interface Case {
  name: string;
  news: Record<string, unknown>;
  ctx?: CheckContext;
  /** Expected failing properties (exact set); empty = passes. */
  fails: string[];
  /** Substrings the joined reasons must contain. */
  reason?: string[];
  /** Fields of the returned inputs to compare. */
  inputs?: Record<string, unknown>;
}

const long = (n: number): string => "a".repeat(n);

const cases: Case[] = [
  { name: "minimal valid input passes with defaults", news: base, fails: [], inputs: { acl: "default", storageClass: "Standard", metadata: {}, forbidOverwrite: false, adopt: false, region: "cn-hangzhou" } },
  { name: "all fields valid", news: { ...base, acl: "public-read", storageClass: "IA", metadata: { team: "web", "x-y-1": "a b@c.d" }, forbidOverwrite: true, adopt: true, cacheControl: "no-cache", contentDisposition: "inline", contentType: "text/plain", endpoint: "http://127.0.0.1:9000" }, fails: [] },
  // bucket
  { name: "bucket missing", news: { ...base, bucket: undefined }, fails: ["bucket"], reason: ["bucket is required"] },
  { name: "bucket too short", news: { ...base, bucket: "ab" }, fails: ["bucket"], reason: ["3 to 63"] },
  { name: "bucket too long", news: { ...base, bucket: long(64) }, fails: ["bucket"] },
  { name: "bucket 63 chars ok", news: { ...base, bucket: long(63) }, fails: [] },
  { name: "bucket upper case suggests lower", news: { ...base, bucket: "My-Bucket" }, fails: ["bucket"], reason: ['Did you mean "my-bucket"?'] },
  { name: "bucket underscore", news: { ...base, bucket: "my_bucket" }, fails: ["bucket"], reason: ["lower-case letters, digits and hyphens"] },
  { name: "bucket leading hyphen", news: { ...base, bucket: "-bucket" }, fails: ["bucket"], reason: ["start and end"] },
  { name: "bucket trailing hyphen", news: { ...base, bucket: "bucket-" }, fails: ["bucket"] },
  { name: "bucket not a string", news: { ...base, bucket: 42 }, fails: ["bucket"], reason: ["must be a string"] },
  // key / target (§2.1)
  { name: "key empty", news: { ...base, key: "" }, fails: ["key"], reason: ["must not be empty"] },
  { name: "key leading slash", news: { ...base, key: "/a/b" }, fails: ["key"], reason: ['did you mean "a/b"'] },
  { name: "key leading backslash", news: { ...base, key: "\\a" }, fails: ["key"] },
  { name: "key 1023 bytes ok", news: { ...base, key: long(1023) }, fails: [] },
  { name: "key 1024 bytes", news: { ...base, key: long(1024) }, fails: ["key"], reason: ["1024 UTF-8 bytes"] },
  { name: "key multi-byte over limit (342 × 3 bytes)", news: { ...base, key: "链".repeat(342) }, fails: ["key"], reason: ["1026 UTF-8 bytes"] },
  { name: "key lone surrogate", news: { ...base, key: "a\uD800b" }, fails: ["key"], reason: ["lone UTF-16 surrogate"] },
  { name: "key with surrogate pair ok", news: { ...base, key: "emoji/😀.txt" }, fails: [] },
  { name: "key with dot segments allowed", news: { ...base, key: "a/../b/./c" }, fails: [] },
  { name: "key with control char allowed", news: { ...base, key: "form\x0Cfeed" }, fails: [] },
  { name: "target empty", news: { ...base, target: "" }, fails: ["target"] },
  { name: "target leading slash", news: { ...base, target: "/x" }, fails: ["target"] },
  { name: "target lone low surrogate", news: { ...base, target: "\uDC00" }, fails: ["target"] },
  { name: "target equals key", news: { ...base, target: base.key }, fails: ["target"], reason: ["InvalidTargetType"] },
  { name: "target missing", news: { ...base, target: undefined }, fails: ["target"] },
  // enums
  { name: "acl wrong case", news: { ...base, acl: "Private" }, fails: ["acl"], reason: ['Did you mean "private"?'] },
  { name: "acl typo", news: { ...base, acl: "public-raed" }, fails: ["acl"], reason: ['Did you mean "public-read"?'] },
  { name: "acl far off lists values", news: { ...base, acl: "everyone" }, fails: ["acl"], reason: ['"default", "private", "public-read", "public-read-write"'] },
  { name: "storageClass lower case", news: { ...base, storageClass: "standard" }, fails: ["storageClass"], reason: ['Did you mean "Standard"?'] },
  { name: "storageClass ColdArchive not documented", news: { ...base, storageClass: "ColdArchive" }, fails: ["storageClass"], reason: ['Did you mean "Archive"?'] },
  { name: "storageClass IA ok", news: { ...base, storageClass: "IA" }, fails: [] },
  // metadata (§1.9)
  { name: "metadata underscore name", news: { ...base, metadata: { my_key: "v" } }, fails: ["metadata.my_key"], reason: ['e.g. "my-key"'] },
  { name: "metadata with prefix", news: { ...base, metadata: { "x-oss-meta-team": "v" } }, fails: ["metadata.x-oss-meta-team"], reason: ['use "team"'] },
  { name: "metadata empty name", news: { ...base, metadata: { "": "v" } }, fails: ["metadata."] },
  { name: "metadata reserved owner name", news: { ...base, metadata: { "Pulumi-Owner": "v" } }, fails: ["metadata.Pulumi-Owner"], reason: ["reserved"] },
  { name: "metadata case-only duplicate", news: { ...base, metadata: { Team: "a", team: "b" } }, fails: ["metadata.team"], reason: ["differ only in case"] },
  { name: "metadata names folded to lower case", news: { ...base, metadata: { Team: "web" } }, fails: [], inputs: { metadata: { team: "web" } } },
  { name: "metadata value non-latin1", news: { ...base, metadata: { city: "杭州" } }, fails: ["metadata.city"], reason: ["encode them yourself"] },
  { name: "metadata value newline", news: { ...base, metadata: { a: "x\ny" } }, fails: ["metadata.a"] },
  { name: "metadata value latin-1 ok", news: { ...base, metadata: { a: "caf\u00e9" } }, fails: [] },
  { name: "metadata value trailing space", news: { ...base, metadata: { a: "x " } }, fails: ["metadata.a"], reason: ["whitespace"] },
  { name: "metadata value not a string", news: { ...base, metadata: { a: 5 } }, fails: ["metadata.a"], reason: ["must be strings"] },
  { name: "metadata not an object", news: { ...base, metadata: ["a"] }, fails: ["metadata"] },
  // 8192 budget: owner entry = 23 + 33 = 56 bytes; one entry "x-oss-meta-a" (12) + value.
  { name: "metadata exactly at 8192 bytes", news: { ...base, metadata: { a: long(8192 - 56 - 12) } }, fails: [] },
  { name: "metadata one byte over", news: { ...base, metadata: { a: long(8192 - 56 - 12 + 1) } }, fails: ["metadata"], reason: ["8193 bytes", "ownership entry"] },
  // content headers
  { name: "contentType with newline", news: { ...base, contentType: "text/plain\r\nX: y" }, fails: ["contentType"] },
  { name: "empty cacheControl dropped", news: { ...base, cacheControl: "" }, fails: [], inputs: { cacheControl: undefined } },
  // header size (a 100 KB value used to pass preview and fail at create with HTTP 431)
  { name: "contentType 100 KB", news: { ...base, contentType: long(100 * 1024) }, fails: ["contentType"], reason: ["102400 characters", "at most 1024"] },
  { name: "cacheControl 1025 chars", news: { ...base, cacheControl: long(1025) }, fails: ["cacheControl"], reason: ["at most 1024"] },
  { name: "contentDisposition 1025 chars", news: { ...base, contentDisposition: long(1025) }, fails: ["contentDisposition"], reason: ["at most 1024"] },
  { name: "content headers of 1024 chars ok", news: { ...base, contentType: long(1024), cacheControl: long(1024), contentDisposition: long(1024) }, fails: [] },
  { name: "contentDisposition non-string", news: { ...base, contentDisposition: 1 }, fails: ["contentDisposition"] },
  // booleans
  { name: "forbidOverwrite string", news: { ...base, forbidOverwrite: "true" }, fails: ["forbidOverwrite"], reason: ["without quotes"] },
  { name: "adopt number", news: { ...base, adopt: 1 }, fails: ["adopt"] },
  // region
  { name: "no region anywhere", news: { ...base, region: undefined }, fails: ["region"], reason: ["alicloud:region", "ALIBABA_CLOUD_REGION"] },
  { name: "region from config", news: { ...base, region: undefined }, ctx: { config: { region: "cn-shanghai" }, env: { OSS_REGION: "x" } }, fails: [], inputs: { region: "cn-shanghai" } },
  { name: "region from env ALICLOUD_REGION", news: { ...base, region: undefined }, ctx: { config: {}, env: { ALICLOUD_REGION: "ap-southeast-1", OSS_REGION: "eu-west-1" } }, fails: [], inputs: { region: "ap-southeast-1" } },
  { name: "region from env OSS_REGION", news: { ...base, region: undefined }, ctx: { config: {}, env: { OSS_REGION: "eu-west-1" } }, fails: [], inputs: { region: "eu-west-1" } },
  { name: "input region beats config", news: base, ctx: { config: { region: "cn-shanghai" }, env: {} }, fails: [], inputs: { region: "cn-hangzhou" } },
  { name: "region with oss- prefix", news: { ...base, region: "oss-cn-hangzhou" }, fails: ["region"], reason: ['did you mean "cn-hangzhou"'] },
  { name: "region from env malformed names source", news: { ...base, region: undefined }, ctx: { config: {}, env: { ALIBABA_CLOUD_REGION: "CN Hangzhou" } }, fails: ["region"], reason: ["env ALIBABA_CLOUD_REGION"] },
  // endpoint
  { name: "endpoint host ok", news: { ...base, endpoint: "oss-cn-hangzhou-internal.aliyuncs.com" }, fails: [] },
  { name: "endpoint host:port ok", news: { ...base, endpoint: "localhost:9000" }, fails: [] },
  { name: "endpoint trailing slash trimmed", news: { ...base, endpoint: "http://127.0.0.1:9000/" }, fails: [], inputs: { endpoint: "http://127.0.0.1:9000" } },
  { name: "endpoint ftp scheme", news: { ...base, endpoint: "ftp://x.y" }, fails: ["endpoint"], reason: ["only http:// and https://"] },
  { name: "endpoint with path", news: { ...base, endpoint: "https://oss.example.com/bucket" }, fails: ["endpoint"], reason: ["without a path"] },
  { name: "endpoint garbage", news: { ...base, endpoint: "not a host" }, fails: ["endpoint"] },
  { name: "endpoint bad port", news: { ...base, endpoint: "host:99999" }, fails: ["endpoint"] },
  { name: "endpoint from config", news: base, ctx: { config: { endpoint: "http://127.0.0.1:1234" }, env: { OSS_ENDPOINT: "http://127.0.0.1:5" } }, fails: [], inputs: { endpoint: "http://127.0.0.1:1234" } },
  { name: "endpoint from env", news: base, ctx: { config: {}, env: { OSS_ENDPOINT: "http://127.0.0.1:5" } }, fails: [], inputs: { endpoint: "http://127.0.0.1:5" } },
  { name: "no endpoint stays absent", news: base, fails: [], inputs: { endpoint: undefined } },
  // ownerId / config
  { name: "ownerId missing", news: { ...base, ownerId: undefined }, fails: ["ownerId"], reason: ["Symlink class"] },
  { name: "half a key pair in config", news: base, ctx: { config: { accessKeyId: "AKID" }, env: {} }, fails: ["alicloud:secretKey"] },
  // unknowns during preview
  { name: "unknown target passes", news: { ...base, target: UNKNOWN_VALUE }, fails: [], inputs: { target: UNKNOWN_VALUE } },
  { name: "unknown bucket and key pass", news: { ...base, bucket: UNKNOWN_VALUE, key: UNKNOWN_VALUE }, fails: [] },
  { name: "unknown metadata value passes, budget skipped", news: { ...base, metadata: { a: UNKNOWN_VALUE, b: long(9000) } }, fails: [] },
  { name: "unknown whole metadata passes", news: { ...base, metadata: UNKNOWN_VALUE }, fails: [], inputs: { metadata: UNKNOWN_VALUE } },
  { name: "unknown acl and flags pass", news: { ...base, acl: UNKNOWN_VALUE, forbidOverwrite: UNKNOWN_VALUE, adopt: UNKNOWN_VALUE }, fails: [] },
  { name: "unknown region passes even without config", news: { ...base, region: UNKNOWN_VALUE }, fails: [] },
  { name: "unknown endpoint passes", news: { ...base, endpoint: UNKNOWN_VALUE }, fails: [] },
  // several failures at once
  { name: "several failures reported together", news: { bucket: "B", key: "/k", target: "/k", ownerId: OWNER, acl: "PRIVATE" }, fails: ["bucket", "key", "target", "acl", "region"] },
];

describe("checkSymlink", () => {
  it("has at least 40 cases", () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const out = checkSymlink(c.news, c.ctx ?? noConfig);
    expect(out.failures.map((f) => f.property).sort()).toEqual([...c.fails].sort());
    const reasons = out.failures.map((f) => f.reason).join("\n");
    for (const fragment of c.reason ?? []) expect(reasons).toContain(fragment);
    for (const [field, value] of Object.entries(c.inputs ?? {})) expect(out.inputs[field]).toEqual(value);
  });

  it("every reason says what to do (non-trivial text)", () => {
    for (const c of cases) {
      for (const f of checkSymlink(c.news, c.ctx ?? noConfig).failures) expect(f.reason.length).toBeGreaterThan(20);
    }
  });

  it("drops output-only and unknown fields and keeps __provider", () => {
    const out = checkSymlink({ ...base, etag: "x", ownerToken: "y", bogus: 1, __provider: "text" }, noConfig);
    expect(out.inputs).not.toHaveProperty("etag");
    expect(out.inputs).not.toHaveProperty("ownerToken");
    expect(out.inputs).not.toHaveProperty("bogus");
    expect(out.inputs.__provider).toBe("text");
  });

  it("never puts credentials from config into inputs", () => {
    const out = checkSymlink(base, { config: { accessKeyId: "AKID-123", accessKeySecret: "SECRET-456", securityToken: "TOKEN-789" }, env: {} });
    const text = JSON.stringify(out);
    expect(text).not.toContain("AKID-123");
    expect(text).not.toContain("SECRET-456");
    expect(text).not.toContain("TOKEN-789");
  });
});
