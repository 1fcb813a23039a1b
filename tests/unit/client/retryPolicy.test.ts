import { BACKOFF_CAP_MS, fullJitterBackoff } from "../../../provider/http/backoff";
import { parseRetryAfter } from "../../../provider/http/retryAfter";
import { runWithRetries, type AttemptOutcome } from "../../../provider/http/retryLoop";
import { classifyNetworkError } from "../../../provider/http/transport";

describe("fullJitterBackoff", () => {
  test("random(0, min(2^n × base, cap))", () => {
    expect(fullJitterBackoff(1, 200, () => 0.5)).toBe(200); // ceiling 400
    expect(fullJitterBackoff(2, 200, () => 0.5)).toBe(400); // ceiling 800
    expect(fullJitterBackoff(3, 200, () => 0.999)).toBe(1598);
    expect(fullJitterBackoff(1, 200, () => 0)).toBe(0);
  });
  test("capped at 20 s however many attempts", () => {
    expect(fullJitterBackoff(10, 200, () => 0.5)).toBe(BACKOFF_CAP_MS / 2);
    expect(fullJitterBackoff(5000, 200, () => 0.9999)).toBeLessThan(BACKOFF_CAP_MS);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-15T08:30:00Z");
  test.each<[string | string[] | undefined, number | undefined]>([
    [undefined, undefined],
    ["", undefined],
    ["2", 2000],
    [" 0 ", 0],
    [["3", "9"], 3000],
    ["Wed, 15 Jan 2025 08:30:05 GMT", 5000],
    ["Wed, 15 Jan 2025 08:29:00 GMT", 0],
    ["3600", 20_000],
    ["soon", undefined],
    ["-1", undefined],
  ])("%p → %p", (value, expected) => {
    expect(parseRetryAfter(value, now, 20_000)).toBe(expected);
  });
});

describe("runWithRetries", () => {
  const fail = (retryable: boolean, delayMs?: number): AttemptOutcome<string> =>
    delayMs === undefined ? { ok: false, error: new Error(`fail ${retryable}`), retryable } : { ok: false, error: new Error("fail"), retryable, delayMs };

  test("retries retryable failures with jittered backoff, then succeeds", async () => {
    const sleeps: number[] = [];
    const outcomes = [fail(true), fail(true), { ok: true as const, value: "done" }];
    const seen: number[] = [];
    const result = await runWithRetries(async (n) => {
      seen.push(n);
      return outcomes[n - 1]!;
    }, { maxAttempts: 5, baseMs: 100, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) });
    expect(result).toBe("done");
    expect(seen).toEqual([1, 2, 3]);
    expect(sleeps).toEqual([100, 200]);
  });

  test("a server-directed delay replaces the backoff; 0 means no wait", async () => {
    const sleeps: number[] = [];
    const outcomes = [fail(true, 1500), fail(true, 0), { ok: true as const, value: "x" }];
    await runWithRetries(async (n) => outcomes[n - 1]!, {
      maxAttempts: 3, baseMs: 100, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms),
    });
    expect(sleeps).toEqual([1500]);
  });

  test("non-retryable failures are thrown at once", async () => {
    let calls = 0;
    await expect(runWithRetries(async () => (calls++, fail(false)), { maxAttempts: 3, baseMs: 1, random: Math.random })).rejects.toThrow("fail false");
    expect(calls).toBe(1);
  });

  test("exhaustion throws the last attempt's error", async () => {
    let calls = 0;
    await expect(
      runWithRetries(async (n) => (calls++, { ok: false, error: new Error(`attempt ${n}`), retryable: true }), {
        maxAttempts: 3, baseMs: 0, random: () => 0,
      }),
    ).rejects.toThrow("attempt 3");
    expect(calls).toBe(3);
  });

  test("an exception thrown by an attempt (e.g. missing credentials) is not retried", async () => {
    let calls = 0;
    await expect(runWithRetries(async () => { calls++; throw new Error("no creds"); }, { maxAttempts: 3, baseMs: 0, random: () => 0 })).rejects.toThrow("no creds");
    expect(calls).toBe(1);
  });
});

describe("classifyNetworkError", () => {
  const err = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause });
  test.each<[unknown, string, boolean]>([
    [err("ECONNRESET"), "network", true],
    [err("UND_ERR_SOCKET"), "network", true],
    [err("ECONNREFUSED"), "network", true],
    [err("EPIPE"), "network", true],
    [err("UND_ERR_HEADERS_TIMEOUT"), "timeout", true],
    [err("UND_ERR_BODY_TIMEOUT"), "timeout", true],
    [err("UND_ERR_CONNECT_TIMEOUT"), "timeout", true],
    [err("UND_ERR_SOCKET", err("ECONNRESET")), "network", true],
    [err("WRAPPER", err("ETIMEDOUT")), "timeout", true],
    [err("ENOTFOUND"), "network", false],
    [err("UND_ERR_CLOSED"), "network", false],
    [new TypeError("bad header"), "network", false],
    ["a string", "network", false],
  ])("%p → %s retryable=%p", (error, kind, retryable) => {
    const result = classifyNetworkError(error);
    expect(result.kind).toBe(kind);
    expect(result.retryable).toBe(retryable);
  });
});
