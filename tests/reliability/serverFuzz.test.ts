/**
 * Bounded fuzz of every server operation with valid signatures. Each request is signed (V1 or
 * V4, by ali-oss's signer) and carries a random body, random headers and random sub-resources;
 * the server must answer each one, never with a 5xx other than 501 NotImplemented and never
 * with a signature refusal, and go on serving. The count is fixed (FUZZ_SEED picks another
 * sequence) and the test stops by itself: the server runs as the `oss-local` bin in a child
 * process, so a server stuck in a loop cannot stop the test's own clock, and a request
 * unanswered after 10 s ends the run. How long hostile bodies take next to a plain request is
 * measured by `npm run bench` (bench/hostileBodies.js), not asserted here.
 * Needs `dist/` (`npm test` builds it in pretest).
 */
import { seededRandom, type LocalOss, type OperationName, type RandomSource } from "../../server";
import { startCli, type CliServer } from "../support/ossCli";
import { sendSigned, xmlField, type RawResponse, type Signed } from "../integration/server/rawClient";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const PER_OPERATION = 20;
const TIMEOUT_MS = 10_000;

let cli: CliServer;
let oss: LocalOss;
beforeAll(async () => {
  // "plain" holds the link the plain request reads; the fuzz never touches it.
  cli = await startCli(["--bucket", "fz", "--bucket", "plain", "--versioned-bucket", "fzv"]);
  oss = { port: cli.port, region: "cn-hangzhou" } as LocalOss;
  for (const bucket of ["fz", "fzv", "plain"]) {
    await sendSigned(oss, { method: "PUT", bucket, key: "obj", body: "object body" });
    await sendSigned(oss, { method: "PUT", bucket, key: "link", query: { symlink: null }, headers: { "x-oss-symlink-target": "obj" } });
  }
});
afterAll(async () => {
  await cli?.kill();
});

/** Small random helpers over one seeded source. */
function gen(random: RandomSource) {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const ascii = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(0x21 + int(0x5e))).join("");
  const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));
  const repeat = (unit: string, max: number): string => unit.repeat(1 + int(Math.max(1, Math.floor(max / unit.length))));
  return { int, pick, chance, ascii, bytes, repeat };
}
type Gen = ReturnType<typeof gen>;

const XML_UNITS = [" ", "\t", "\n", "<", ">", "</", "/>", "<Status>", "</Status>", "<a>", "&", "&amp;", ";", "<!--", "-->", "<![CDATA[", "]]>", "<?", "?>", "=\"", "Enabled", "\uFEFF"];

/** A body: empty, random bytes, runs of whitespace, XML-looking noise, or a valid document. */
function body(g: Gen, forXml: boolean): Buffer | string {
  switch (g.int(forXml ? 6 : 3)) {
    case 0: return "";
    case 1: return g.bytes(g.int(64 * 1024));
    case 2: return g.repeat(g.pick([" ", "\t", "\r\n", "<", "&"]), 15 * 1024);
    case 3: return "<VersioningConfiguration><Status>" + g.repeat(g.pick([" ", "\t", " x", "<Status>"]), 14 * 1024);
    case 4: return Array.from({ length: g.int(3000) }, () => g.pick(XML_UNITS)).join("").slice(0, 15 * 1024);
    default: return `<VersioningConfiguration><Status>${g.pick(["Enabled", "Suspended", "Off", ""])}</Status></VersioningConfiguration>`;
  }
}

/** Random headers the handlers read (values printable, no leading/trailing space: they are signed). */
function headers(g: Gen): Record<string, string> {
  const h: Record<string, string> = {};
  const options: Array<() => void> = [
    () => (h[`x-oss-meta-${g.ascii(1 + g.int(8)).replace(/[^A-Za-z0-9-]/g, "a")}`] = g.ascii(g.int(200))),
    () => (h["range"] = g.pick([`bytes=${g.int(20)}-${g.int(20)}`, `bytes=-${g.int(20)}`, `bytes=${g.int(20)}-`, "bytes=1-2,3-4", g.ascii(20), `bytes=${"9".repeat(30)}-`])),
    () => (h["if-match"] = g.pick(['"X"', "*", g.ascii(40)])),
    () => (h["if-none-match"] = g.pick(['"X"', "*", g.ascii(40)])),
    () => (h["if-modified-since"] = g.pick(["Wed, 01 Jan 2020 00:00:00 GMT", g.ascii(29), "0"])),
    () => (h["if-unmodified-since"] = g.pick(["Wed, 01 Jan 2020 00:00:00 GMT", g.ascii(29)])),
    () => (h["x-oss-forbid-overwrite"] = g.pick(["true", "false", g.ascii(5)])),
    () => (h["x-oss-storage-class"] = g.pick(["Standard", "IA", "Archive", "ColdArchive", g.ascii(8)])),
    () => (h["x-oss-object-acl"] = g.pick(["default", "private", "public-read", "public-read-write", g.ascii(8)])),
    () => (h["x-oss-symlink-target"] = g.pick(["obj", "link", "%EF%BB%BFobj", "%zz", "%C0%AF", g.ascii(g.int(300)), "a/".repeat(g.int(600))])),
    () => (h["content-md5"] = g.pick(["1B2M2Y8AsgTpgAmY7PhCfg==", g.ascii(24)])),
    () => (h["content-type"] = g.pick(["application/xml", "text/plain", g.ascii(30)])),
    () => (h["cache-control"] = g.ascii(g.int(100))),
  ];
  for (let n = g.int(5); n > 0; n--) g.pick(options)();
  return h;
}

/** Random sub-resources and parameters (each may change which operation the request is). */
function extraQuery(g: Gen): Record<string, string | null> {
  const q: Record<string, string | null> = {};
  const options: Array<() => void> = [
    () => (q["versionId"] = g.pick(["null", "CAEQ" + g.ascii(10).replace(/[^A-Za-z0-9]/g, "x"), "", "\uFEFFnull"])),
    () => (q["prefix"] = g.pick(["", "o", "\uFEFF", g.ascii(g.int(50))])),
    () => (q["delimiter"] = g.pick(["/", "", g.ascii(3)])),
    () => (q["max-keys"] = g.pick(["1", "1000", "0", "1001", "-1", g.ascii(5)])),
    () => (q["start-after"] = g.ascii(g.int(30))),
    () => (q["continuation-token"] = g.pick(["b2Jq", g.ascii(20)])),
    () => (q["encoding-type"] = g.pick(["url", g.ascii(4)])),
    () => (q["fetch-owner"] = g.pick(["true", "false"])),
    () => (q[g.pick(["uploads", "tagging", "append", "restore", "objectMeta", "x-oss-process", "response-content-type"])] = g.chance(0.5) ? null : g.ascii(5)),
    () => (q[g.ascii(1 + g.int(10)).replace(/[^A-Za-z0-9-]/g, "q")] = g.chance(0.5) ? null : g.ascii(g.int(20))),
  ];
  for (let n = g.int(3); n > 0; n--) g.pick(options)();
  return q;
}

const mayCarryBody = (method: string): boolean => method !== "HEAD";

const KEYS = ["obj", "link", "new", "\uFEFFobj", "a/../b", "中文 key+%", "k".repeat(1023)];

/** The request shape of each operation, before the random additions. */
const OPERATIONS: Array<[OperationName, (g: Gen, bucket: string) => Signed]> = [
  ["PutObject", (g, bucket) => ({ method: "PUT", bucket, key: g.pick(KEYS), body: body(g, false) })],
  ["GetObject", (g, bucket) => ({ method: "GET", bucket, key: g.pick(KEYS) })],
  ["HeadObject", (g, bucket) => ({ method: "HEAD", bucket, key: g.pick(KEYS) })],
  ["DeleteObject", (g, bucket) => ({ method: "DELETE", bucket, key: g.pick(["new", "\uFEFFobj", "gone"]) })],
  ["PutSymlink", (g, bucket) => ({ method: "PUT", bucket, key: g.pick(KEYS), query: { symlink: null }, headers: { "x-oss-symlink-target": "obj" } })],
  ["GetSymlink", (g, bucket) => ({ method: "GET", bucket, key: g.pick(KEYS), query: { symlink: null } })],
  ["PutObjectACL", (g, bucket) => ({ method: "PUT", bucket, key: g.pick(KEYS), query: { acl: null }, headers: { "x-oss-object-acl": "private" } })],
  ["GetObjectACL", (g, bucket) => ({ method: "GET", bucket, key: g.pick(KEYS), query: { acl: null } })],
  ["PutBucketVersioning", (g, bucket) => ({ method: "PUT", bucket, query: { versioning: null }, body: body(g, true) })],
  ["GetBucketVersioning", (_g, bucket) => ({ method: "GET", bucket, query: { versioning: null } })],
  ["ListObjectsV2", (_g, bucket) => ({ method: "GET", bucket, query: { "list-type": "2" } })],
  ["Unsupported", (g, bucket) => ({ method: g.pick(["POST", "PUT", "GET"]), bucket, key: g.pick(KEYS), query: { uploads: null } })],
];

test(`fuzz: ${OPERATIONS.length} operations × ${PER_OPERATION} signed requests with random bodies, headers and sub-resources, each answered`, async () => {
  const g = gen(seededRandom(SEED));
  const plain = (): Promise<RawResponse> => sendSigned(oss, { method: "GET", bucket: "plain", key: "link", query: { symlink: null }, timeoutMs: TIMEOUT_MS });
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;
  fuzz: for (let round = 0; round < PER_OPERATION; round++) {
    for (const [name, shape] of OPERATIONS) {
      // Versioning stays Off on "fz": a fuzzed PutBucketVersioning goes to the versioned bucket.
      const bucket = name === "PutBucketVersioning" || g.chance(0.5) ? "fzv" : "fz";
      const base = shape(g, bucket);
      const request: Signed = {
        ...base,
        version: g.chance(0.5) ? "v1" : "v4",
        headers: { ...headers(g), ...base.headers },
        query: { ...extraQuery(g), ...base.query },
        body: base.body ?? (mayCarryBody(base.method) && g.chance(0.2) ? body(g, false).slice(0, 2048) : undefined),
        timeoutMs: TIMEOUT_MS,
      };
      const what = `${name} #${round} ${request.method} ${request.version} ${JSON.stringify(Object.keys(request.query ?? {}))}`;
      let response: RawResponse;
      try {
        response = await sendSigned(oss, request);
      } catch (e) {
        failures.push(`${what}: ${(e as Error).message}; the server is stuck, fuzzing stopped`);
        break fuzz;
      }
      sent++;
      const code = xmlField(response.text, "Code") ?? (request.method === "HEAD" ? String(response.headers["x-oss-ec"] ?? "") : "");
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500 && response.status !== 501) failures.push(`${what}: ${response.status} ${code}`);
      if (code === "SignatureDoesNotMatch" || code === "0002-00000040") failures.push(`${what}: the signature was refused, so the handler was not exercised`);
    }
  }
  expect(failures).toEqual([]);
  // It still serves.
  expect((await plain()).headers["x-oss-symlink-target"]).toBe("obj");
  process.stdout.write(
    `serverFuzz: seed ${SEED}, ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`,
  );
}, 180_000);
