"use strict";
/** Small timing helpers shared by the bench sections. */

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight; resolves with elapsed ms. */
async function runConcurrent(n, concurrency, task) {
  let next = 0;
  const start = process.hrtime.bigint();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Median and spread of repeated measurements: `{ median, min, max, spread, n, values }`, where
 * spread = (max − min) / median (0 for one value). NaN values (not measured) are left out.
 */
function summary(values) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x));
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN, spread: NaN, n: 0, values: [] };
  const m = median(v);
  const min = Math.min(...v);
  const max = Math.max(...v);
  return { median: m, min, max, spread: m !== 0 ? (max - min) / Math.abs(m) : 0, n: v.length, values: v };
}

module.exports = { runConcurrent, median, sleep, summary };
