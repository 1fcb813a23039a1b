/** Fault injection and request statistics. */
import { seededRandom, startLocalOss, type LocalOss } from "../../../server";
import { send, sendSigned, xmlField } from "./rawClient";

let oss: LocalOss;
beforeEach(async () => {
  oss = await startLocalOss({ buckets: ["f"], random: seededRandom(7) });
});
afterEach(async () => {
  await oss.close();
});

const link = (key: string, target = "t") =>
  sendSigned(oss, { method: "PUT", bucket: "f", key, query: { symlink: null }, headers: { "x-oss-symlink-target": target } });

test("stats count requests per OSS operation; resetStats zeroes them", async () => {
  await link("a");
  await link("b");
  await sendSigned(oss, { method: "GET", bucket: "f", key: "a", query: { symlink: null } });
  await sendSigned(oss, { method: "HEAD", bucket: "f", key: "a" });
  await sendSigned(oss, { method: "GET", bucket: "f", key: "a", query: { acl: null } });
  await sendSigned(oss, { method: "GET", bucket: "f", query: { "list-type": "2" } });
  await sendSigned(oss, { method: "DELETE", bucket: "f", key: "a" });
  const s = oss.stats();
  expect(s.total).toBe(7);
  expect(s.byOperation).toEqual({ PutSymlink: 2, GetSymlink: 1, HeadObject: 1, GetObjectACL: 1, ListObjectsV2: 1, DeleteObject: 1 });
  oss.resetStats();
  expect(oss.stats()).toEqual({
    total: 0,
    byOperation: {},
    faultsInjected: { latency: 0, error500: 0, error503: 0, error429: 0, reset: 0 },
    inFlight: { current: 0, peak: 0, integralMs: 0, meanOverSpan: 0 },
  });
});

test("stats record requests in flight: peak, and a time-weighted mean that counts injected latency", async () => {
  oss.faults.set({ latencyMs: 300 });
  oss.resetStats();
  await Promise.all(["a", "b", "c", "d"].map((k) => link(k)));
  const s = oss.stats().inFlight;
  expect(s.current).toBe(0);
  expect(s.peak).toBe(4);
  // Four requests of >= 300 ms each: the integral is at least 4 x 300 request·ms.
  expect(s.integralMs).toBeGreaterThanOrEqual(4 * 300);
  expect(s.meanOverSpan).toBeGreaterThan(1);
  expect(s.meanOverSpan).toBeLessThanOrEqual(4);
  // One at a time: never more than one in flight.
  oss.resetStats();
  oss.faults.set({ latencyMs: 20 });
  for (const k of ["e", "f", "g"]) await link(k);
  expect(oss.stats().inFlight.peak).toBe(1);
  expect(oss.stats().inFlight.meanOverSpan).toBeLessThanOrEqual(1);
});

test("error faults answer 500/503/429 (with Retry-After) and change nothing", async () => {
  oss.faults.set({ error500Rate: 1 });
  const r500 = await link("x");
  expect([r500.status, xmlField(r500.text, "Code")]).toEqual([500, "InternalError"]);
  oss.faults.set({ error500Rate: 0, error503Rate: 1 });
  const r503 = await link("x");
  expect([r503.status, xmlField(r503.text, "Code")]).toEqual([503, "ServiceUnavailable"]);
  oss.faults.set({ error503Rate: 0, error429Rate: 1, retryAfterSeconds: 3 });
  const r429 = await link("x");
  expect(r429.status).toBe(429);
  expect(r429.headers["retry-after"]).toBe("3");
  oss.faults.clear();
  const after = await sendSigned(oss, { method: "GET", bucket: "f", key: "x", query: { symlink: null } });
  expect(after.status).toBe(404);
  expect(oss.stats().faultsInjected).toMatchObject({ error500: 1, error503: 1, error429: 1 });
});

test("a fault is decided before authentication", async () => {
  oss.faults.set({ error503Rate: 1 });
  const res = await send(oss, { path: "/f/k", headers: { authorization: "OSS nobody:bad" } });
  expect(res.status).toBe(503);
});

test("HEAD faults have no body and carry x-oss-err", async () => {
  oss.faults.set({ error500Rate: 1 });
  const res = await sendSigned(oss, { method: "HEAD", bucket: "f", key: "k" });
  expect(res.status).toBe(500);
  expect(res.body.length).toBe(0);
  expect(Buffer.from(String(res.headers["x-oss-err"]), "base64").toString()).toContain("<Code>InternalError</Code>");
});

test("connection resets drop the socket without a response and without a state change", async () => {
  oss.faults.set({ resetRate: 1 });
  await expect(link("r")).rejects.toThrow();
  oss.faults.clear();
  expect((await sendSigned(oss, { method: "GET", bucket: "f", key: "r", query: { symlink: null } })).status).toBe(404);
  expect(oss.stats().faultsInjected.reset).toBe(1);
});

test("rates are honoured statistically with a seeded RNG, and operations can be targeted", async () => {
  oss.faults.set({ error503Rate: 0.5, operations: ["GetSymlink"] });
  await link("s");
  let failures = 0;
  for (let i = 0; i < 200; i++) {
    const res = await sendSigned(oss, { method: "GET", bucket: "f", key: "s", query: { symlink: null } });
    if (res.status === 503) failures++;
    else expect(res.status).toBe(200);
  }
  expect(failures).toBeGreaterThan(70);
  expect(failures).toBeLessThan(130);
  // PutSymlink is not targeted
  for (let i = 0; i < 20; i++) expect((await link(`p${i}`)).status).toBe(200);
});

test("latency: fixed and ranged", async () => {
  oss.faults.set({ latencyMs: 120 });
  let t = Date.now();
  await link("l");
  expect(Date.now() - t).toBeGreaterThanOrEqual(110);
  oss.faults.set({ latencyMs: [50, 80] });
  t = Date.now();
  await link("l");
  const took = Date.now() - t;
  expect(took).toBeGreaterThanOrEqual(45);
  expect(oss.stats().faultsInjected.latency).toBe(2);
  oss.faults.clear();
  expect(oss.faults.get()).toEqual({});
});

test("clock offset shifts the Date header and the skew check", async () => {
  oss.faults.set({ clockOffsetMs: 60 * 60 * 1000 });
  const res = await link("c");
  expect(res.status).toBe(403);
  expect(xmlField(res.text, "Code")).toBe("RequestTimeTooSkewed");
  const serverDate = Date.parse(String(res.headers["date"]));
  expect(serverDate - Date.now()).toBeGreaterThan(59 * 60 * 1000);
  // a client that adopts the server's clock (Go-v2 style) is accepted again
  const ok = await sendSigned(oss, { method: "PUT", bucket: "f", key: "c", query: { symlink: null }, headers: { "x-oss-symlink-target": "t" }, date: new Date(serverDate) });
  expect(ok.status).toBe(200);
});
