"use strict";
/**
 * Item 6b, hostile request bodies: what each PutBucketVersioning body of
 * tests/fixtures/hostileVersioningBodies.json costs the local server next to a plain request
 * (GetBucketVersioning) of the same round. A parser whose work grows faster than its input (a
 * backtracking regex took 11 s on one of these bodies before the XML parser replaced it) shows as
 * a ratio far above the rest. The test suite checks only the answers (400 MalformedXML); the
 * cost is measured here, side by side, never asserted in a test.
 *
 * The server runs in its own process; requests are raw undici with V1 signatures computed just
 * before each request, one at a time.
 */
const { Agent } = require("undici");
const { signV1 } = require("pulumi-oss-symlink/oss");
const { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION } = require("pulumi-oss-symlink/server");
const { median, summary } = require("./lib/measure");
const { spawnServer } = require("./lib/spawnServer");
const { bodies } = require("../tests/fixtures/hostileVersioningBodies.json");

const BUCKET = "xml";
const CREDENTIALS = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };
const HOSTILE = bodies.map((b) => ({ name: b.name, body: b.parts.map(([text, times]) => text.repeat(times)).join("") }));

async function benchHostileBodies(opts) {
  const server = await spawnServer(["--bucket", BUCKET]);
  const agent = new Agent({ keepAliveTimeout: 4_000 });
  const send = async (method, body) => {
    const request = { method, bucket: BUCKET, query: { versioning: null }, headers: {}, region: DEFAULT_REGION };
    const headers = signV1(request, CREDENTIALS, new Date());
    const t0 = process.hrtime.bigint();
    const res = await agent.request({ origin: server.endpoint, path: `/${BUCKET}/?versioning`, method, headers, body: body ?? null });
    const text = await res.body.text();
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: res.statusCode, text };
  };
  const plainMs = async (count) => {
    const times = [];
    for (let i = 0; i < count; i++) {
      const r = await send("GET");
      if (r.status !== 200) throw new Error(`GetBucketVersioning answered ${r.status}: ${r.text.slice(0, 200)}`);
      times.push(r.ms);
    }
    return median(times);
  };
  const ratios = Object.fromEntries(HOSTILE.map((h) => [h.name, []]));
  try {
    await plainMs(20); // warm-up: connection, JIT
    for (let round = 0; round < opts.rounds; round++) {
      for (const h of HOSTILE) {
        const before = await plainMs(3);
        const r = await send("PUT", h.body);
        if (r.status !== 400 || !r.text.includes("<Code>MalformedXML</Code>")) {
          throw new Error(`"${h.name}": expected 400 MalformedXML, got ${r.status} ${r.text.slice(0, 200)}`);
        }
        const after = await plainMs(3);
        ratios[h.name].push(r.ms / ((before + after) / 2));
      }
    }
  } finally {
    await agent.close();
    await server.stop();
  }
  const perBody = Object.fromEntries(Object.entries(ratios).map(([name, values]) => [name, summary(values)]));
  const [slowestName, slowest] = Object.entries(perBody).sort((a, b) => b[1].median - a[1].median)[0];
  opts.log(`hostile bodies: ${HOSTILE.length} PutBucketVersioning bodies, each 400 MalformedXML; slowest "${slowestName}" ${slowest.median.toFixed(1)}× a plain request (median of ${slowest.n})`);
  return { bodies: HOSTILE.length, slowest: { name: slowestName, ...slowest }, perBody };
}

module.exports = { benchHostileBodies };

if (require.main === module) {
  benchHostileBodies({ rounds: 7, log: console.log })
    .then((r) => console.log(JSON.stringify(r, (k, v) => (k === "values" ? undefined : v), 1)))
    .catch((e) => { console.error(e); process.exit(1); });
}
