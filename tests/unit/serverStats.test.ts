import { StatsCounter } from "../../server/stats";

const NO_FAULTS = { latency: 0, error500: 0, error503: 0, error429: 0, reset: 0 };

describe("StatsCounter in-flight recording (injected clock)", () => {
  let t = 0;
  const counter = () => new StatsCounter(() => t);
  beforeEach(() => (t = 1000));

  it("integrates the count over time and takes the mean over the busy span", () => {
    const c = counter();
    const a = c.begin(); // 1 in flight from 1000
    t = 1010;
    const b = c.begin(); // 2 from 1010
    t = 1030;
    a(); // 1 from 1030
    t = 1040;
    b(); // 0 from 1040
    t = 5000; // idle time after the last end does not dilute the mean
    const s = c.snapshot(NO_FAULTS).inFlight;
    // 10 ms x 1 + 20 ms x 2 + 10 ms x 1 = 60 request·ms over a 40 ms span.
    expect(s).toEqual({ current: 0, peak: 2, integralMs: 60, firstStartMs: 1000, lastEndMs: 1040, meanOverSpan: 1.5 });
  });

  it("ending twice (finish, then close) counts once", () => {
    const c = counter();
    const end = c.begin();
    t = 1010;
    end();
    t = 1020;
    end();
    expect(c.snapshot(NO_FAULTS).inFlight).toMatchObject({ current: 0, peak: 1, integralMs: 10 });
  });

  it("reset starts a new window; a request still in flight stays counted from the reset on", () => {
    const c = counter();
    const long = c.begin();
    t = 1100;
    c.reset();
    t = 1120;
    long();
    const s = c.snapshot(NO_FAULTS).inFlight;
    expect(s).toEqual({ current: 0, peak: 1, integralMs: 20, firstStartMs: 1100, lastEndMs: 1120, meanOverSpan: 1 });
  });

  it("a snapshot while requests are in flight measures up to now", () => {
    const c = counter();
    c.begin();
    c.begin();
    t = 1050;
    expect(c.snapshot(NO_FAULTS).inFlight).toMatchObject({ current: 2, integralMs: 100, meanOverSpan: 2 });
  });
});
