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

module.exports = { runConcurrent, median, sleep };
