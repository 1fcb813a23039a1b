// Reads through links and checks targets, for the demo's tables and its poller.
"use strict";

const { firstLine, formatBytes } = require("./table");

/** GET `bucket/key`: `{ ok: true, body }` or `{ ok: false, code }` for an OSS error (e.g. NoSuchKey). */
async function tryGet(client, bucket, key) {
  try {
    const result = await client.getObject({ bucket, key });
    return { ok: true, body: result.body };
  } catch (err) {
    if (err && typeof err.code === "string" && typeof err.status === "number") return { ok: false, code: err.code, status: err.status };
    throw err;
  }
}

/** A table cell describing a GET: `27 B  console.log("app v1");` or `not found (NoSuchKey)`. */
function describeGet(got) {
  if (!got.ok) return got.status === 404 ? `not found (${got.code})` : `error ${got.status} ${got.code}`;
  return `${formatBytes(got.body.length)}  ${firstLine(got.body)}`;
}

/**
 * Polls `bucket/key` with GETs, one at a time, until stopped. Each body is labelled by `label`
 * (e.g. the target whose bytes it matches), so the report shows the order in which readers
 * saw targets, and how many reads failed: a retarget must never make the link disappear.
 */
function startPoller(client, { bucket, key, label, pauseMs = 5 }) {
  let running = true;
  const report = { polls: 0, notFound: 0, errors: {}, segments: [] };
  const record = (name) => {
    const last = report.segments[report.segments.length - 1];
    if (last && last.label === name) last.count++;
    else report.segments.push({ label: name, count: 1 });
  };
  const loop = (async () => {
    while (running) {
      let got;
      try {
        got = await tryGet(client, bucket, key);
      } catch (err) {
        got = { ok: false, code: (err && err.code) || "Error", status: 0 };
      }
      report.polls++;
      if (got.ok) record(label(got.body));
      else if (got.status === 404) {
        report.notFound++;
        record("not found");
      } else {
        report.errors[got.code] = (report.errors[got.code] ?? 0) + 1;
        record(`error ${got.code}`);
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return report;
    },
  };
}

/** `releases/v1/app.js ×120 → releases/v2/app.js ×85` */
function describeSegments(segments) {
  return segments.map((s) => `${s.label} ×${s.count}`).join(" → ");
}

module.exports = { tryGet, describeGet, startPoller, describeSegments };
