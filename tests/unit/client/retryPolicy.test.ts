/**
 * The client's whole retry policy (provider/oss/retryPolicy.ts) from one table: for each way an
 * attempt can fail, whether it is retried, how long the client waits first and whether the clock
 * is corrected. The loop that applies it is covered end to end in
 * tests/integration/client/retries.test.ts (attempt counts, last error, re-signing).
 */
import type { IncomingHttpHeaders } from "node:http";
import {
  classifyNetworkError,
  decideRetry,
  fullJitterBackoff,
  parseRetryAfter,
  RETRY_DEFAULTS,
  type AttemptFailure,
  type RetryDecision,
} from "../../../provider/oss/retryPolicy";

const NOW = Date.parse("2025-01-15T08:30:00Z");
const err = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause });
const answer = (status: number, code: string, headers: IncomingHttpHeaders = {}): AttemptFailure => ({ kind: "response", status, code, headers });
const transport = (error: unknown): AttemptFailure => ({ kind: "transport", error });

interface Row {
  failure: AttemptFailure;
  /** Attempts made so far, this one included (default 1). */
  failed?: number;
  /** Jitter source value (default 0.5); base 100 ms. */
  random?: number;
  decision: RetryDecision;
}

const NO: RetryDecision = { retry: false };
/** Backoff after the first failure with base 100 and random 0.5: 0.5 × min(2 × 100, cap). */
const BACKOFF_1 = { retry: true, delayMs: 100 } as const;

const table: Array<[string, Row]> = [
  // status classes
  ["500 InternalError", { failure: answer(500, "InternalError"), decision: BACKOFF_1 }],
  ["502 BadGateway", { failure: answer(502, "BadGateway"), decision: BACKOFF_1 }],
  ["503 ServiceUnavailable", { failure: answer(503, "ServiceUnavailable"), decision: BACKOFF_1 }],
  ["504 GatewayTimeout", { failure: answer(504, "GatewayTimeout"), decision: BACKOFF_1 }],
  ["599 (any 5xx)", { failure: answer(599, "InvalidResponse"), decision: BACKOFF_1 }],
  ["408 RequestTimeout", { failure: answer(408, "RequestTimeout"), decision: BACKOFF_1 }],
  ["429 QpsLimitExceeded", { failure: answer(429, "QpsLimitExceeded"), decision: BACKOFF_1 }],
  ["400 InvalidArgument", { failure: answer(400, "InvalidArgument"), decision: NO }],
  ["400 BadRequest", { failure: answer(400, "BadRequest"), decision: NO }],
  ["401 Unauthorized", { failure: answer(401, "Unauthorized"), decision: NO }],
  ["403 AccessDenied", { failure: answer(403, "AccessDenied"), decision: NO }],
  ["403 SignatureDoesNotMatch", { failure: answer(403, "SignatureDoesNotMatch"), decision: NO }],
  ["404 NoSuchKey", { failure: answer(404, "NoSuchKey"), decision: NO }],
  ["405 MethodNotAllowed", { failure: answer(405, "MethodNotAllowed"), decision: NO }],
  ["409 FileAlreadyExists", { failure: answer(409, "FileAlreadyExists"), decision: NO }],
  ["412 PreconditionFailed", { failure: answer(412, "PreconditionFailed"), decision: NO }],
  ["431 RequestHeaderFieldsTooLarge", { failure: answer(431, "RequestHeaderFieldsTooLarge"), decision: NO }],
  // backoff: random(0, min(2^n × base, 20 s))
  ["second failure: ceiling 400", { failure: answer(503, "ServiceUnavailable"), failed: 2, decision: { retry: true, delayMs: 200 } }],
  ["third failure, random 0.999: ceiling 800", { failure: answer(503, "ServiceUnavailable"), failed: 3, random: 0.999, decision: { retry: true, delayMs: 799 } }],
  ["random 0: no wait", { failure: answer(503, "ServiceUnavailable"), random: 0, decision: { retry: true, delayMs: 0 } }],
  ["tenth failure: capped at 20 s", { failure: answer(503, "ServiceUnavailable"), failed: 10, decision: { retry: true, delayMs: RETRY_DEFAULTS.capMs / 2 } }],
  // Retry-After replaces the backoff
  ["429 Retry-After: 2", { failure: answer(429, "QpsLimitExceeded", { "retry-after": "2" }), decision: { retry: true, delayMs: 2000 } }],
  ["503 Retry-After: 0 (no wait)", { failure: answer(503, "ServiceUnavailable", { "retry-after": "0" }), decision: { retry: true, delayMs: 0 } }],
  ["503 Retry-After HTTP-date 5 s ahead", { failure: answer(503, "ServiceUnavailable", { "retry-after": "Wed, 15 Jan 2025 08:30:05 GMT" }), decision: { retry: true, delayMs: 5000 } }],
  ["503 Retry-After: 3600 is capped at 20 s", { failure: answer(503, "ServiceUnavailable", { "retry-after": "3600" }), decision: { retry: true, delayMs: 20_000 } }],
  ["503 Retry-After unreadable: the backoff", { failure: answer(503, "ServiceUnavailable", { "retry-after": "soon" }), decision: BACKOFF_1 }],
  ["403 with Retry-After is still not retried", { failure: answer(403, "AccessDenied", { "retry-after": "1" }), decision: NO }],
  // clock skew
  [
    "RequestTimeTooSkewed with Date: correct the clock, retry at once",
    { failure: answer(403, "RequestTimeTooSkewed", { date: "Wed, 15 Jan 2025 08:50:00 GMT" }), decision: { retry: true, delayMs: 0, clockOffsetMs: 20 * 60 * 1000 } },
  ],
  ["RequestTimeTooSkewed, Date unreadable", { failure: answer(403, "RequestTimeTooSkewed", { date: "not a date" }), decision: NO }],
  ["RequestTimeTooSkewed, no Date", { failure: answer(403, "RequestTimeTooSkewed"), decision: NO }],
  // transport errors
  ["ECONNRESET", { failure: transport(err("ECONNRESET")), decision: BACKOFF_1 }],
  ["UND_ERR_SOCKET", { failure: transport(err("UND_ERR_SOCKET")), decision: BACKOFF_1 }],
  ["ECONNREFUSED", { failure: transport(err("ECONNREFUSED")), decision: BACKOFF_1 }],
  ["EPIPE", { failure: transport(err("EPIPE")), decision: BACKOFF_1 }],
  ["EAI_AGAIN", { failure: transport(err("EAI_AGAIN")), decision: BACKOFF_1 }],
  ["UND_ERR_HEADERS_TIMEOUT", { failure: transport(err("UND_ERR_HEADERS_TIMEOUT")), decision: BACKOFF_1 }],
  ["UND_ERR_BODY_TIMEOUT", { failure: transport(err("UND_ERR_BODY_TIMEOUT")), decision: BACKOFF_1 }],
  ["UND_ERR_CONNECT_TIMEOUT", { failure: transport(err("UND_ERR_CONNECT_TIMEOUT")), decision: BACKOFF_1 }],
  ["the attempt deadline (OSS_ATTEMPT_DEADLINE)", { failure: transport(err("OSS_ATTEMPT_DEADLINE")), decision: BACKOFF_1 }],
  ["ETIMEDOUT inside a wrapper", { failure: transport(err("WRAPPER", err("ETIMEDOUT"))), decision: BACKOFF_1 }],
  ["ENOTFOUND (DNS)", { failure: transport(err("ENOTFOUND")), decision: NO }],
  ["UND_ERR_CLOSED (closed dispatcher)", { failure: transport(err("UND_ERR_CLOSED")), decision: NO }],
  ["a TypeError (bad header)", { failure: transport(new TypeError("bad header")), decision: NO }],
  // nothing to gain
  ["missing credentials, a closed client, an InvalidResponse success", { failure: { kind: "final" }, decision: NO }],
];

describe("decideRetry: the retry policy", () => {
  test.each(table)("%s", (_name, row) => {
    const decision = decideRetry(row.failure, row.failed ?? 1, { baseMs: 100, random: () => row.random ?? 0.5, nowMs: NOW });
    expect(decision).toEqual(row.decision);
  });

  test("the default backoff base and cap are the official SDKs' 200 ms and 20 s, 3 attempts", () => {
    expect(RETRY_DEFAULTS).toEqual({ maxAttempts: 3, baseMs: 200, capMs: 20_000 });
    expect(decideRetry(answer(503, "ServiceUnavailable"), 1, { baseMs: RETRY_DEFAULTS.baseMs, random: () => 0.5, nowMs: NOW })).toEqual({ retry: true, delayMs: 200 });
  });
});

describe("fullJitterBackoff", () => {
  test("random(0, min(2^n × base, cap))", () => {
    expect(fullJitterBackoff(1, 200, () => 0.5)).toBe(200); // ceiling 400
    expect(fullJitterBackoff(2, 200, () => 0.5)).toBe(400); // ceiling 800
    expect(fullJitterBackoff(3, 200, () => 0.999)).toBe(1598);
    expect(fullJitterBackoff(1, 200, () => 0)).toBe(0);
  });
  test("capped at 20 s however many attempts", () => {
    expect(fullJitterBackoff(10, 200, () => 0.5)).toBe(RETRY_DEFAULTS.capMs / 2);
    expect(fullJitterBackoff(5000, 200, () => 0.9999)).toBeLessThan(RETRY_DEFAULTS.capMs);
  });
});

describe("parseRetryAfter", () => {
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
    expect(parseRetryAfter(value, NOW, 20_000)).toBe(expected);
  });
});

describe("classifyNetworkError: the kind, which picks NetworkError or RequestTimeout", () => {
  test.each<[unknown, string, boolean]>([
    [err("ECONNRESET"), "network", true],
    [err("UND_ERR_SOCKET"), "network", true],
    [err("ECONNREFUSED"), "network", true],
    [err("EPIPE"), "network", true],
    [err("UND_ERR_HEADERS_TIMEOUT"), "timeout", true],
    [err("UND_ERR_BODY_TIMEOUT"), "timeout", true],
    [err("UND_ERR_CONNECT_TIMEOUT"), "timeout", true],
    [err("OSS_ATTEMPT_DEADLINE"), "timeout", true],
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
