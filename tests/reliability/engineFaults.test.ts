// Faults through the real engine: with the local server failing ~22% of all requests (10% 503,
// 5% 500, 5% connection resets, 2% 429 with Retry-After) and adding 0–200 ms to every response,
// `up` of 200 links, a retarget of 50 and a destroy each converge when re-run the way a user
// would (a run that fails after the client's own retries is run again, with --continue-on-error
// so one failure does not stop the rest; see MAX_RUNS). After each phase,
// with faults cleared, the bucket holds exactly the declared links (none missing, none extra,
// each pointing at its declared target and carrying the owner token recorded in state) and the
// target objects are byte-for-byte untouched.
//
// Faults are drawn from a seeded PRNG (server `random: seededRandom(SEED)`), so the fault
// *sequence* is reproducible; which request gets which fault still depends on the engine's
// scheduling, so the counts vary a little from run to run.
import { seededRandom, type FaultConfig, type FaultCounts } from "../../server";
import { expectOk, requirePulumi, runEngine, stateResources, type EngineJob, type EngineOp } from "../engine/support/engine";
import { SYMLINK_TOKEN, useEngineOss } from "../engine/support/symlinkStack";
import { failureSummary, linksProgram, listBucket, withoutFaults, type LinkSpec } from "./engineSupport";

const SEED = 0x0551_2026;
const BUCKET = "rel-faults";
const LINKS = 200;
const RETARGETED = 50;
/**
 * A user re-runs a failed operation; more than this many runs counts as "did not converge".
 *
 * Runs pass `--continue-on-error`. Without it the engine stops starting steps at the first
 * failure, so a phase needs about (operations × per-operation failure rate) runs: measured, 200
 * deletes (GetSymlink + DeleteObject each, ~2% of them failing after 3 attempts) took 5 runs,
 * and a cap of 6 would fail in roughly one CI run out of seven. With it, each run attempts every
 * remaining operation and the second run almost always finishes.
 */
const MAX_RUNS = 4;

const FAULTS: FaultConfig = {
  error503Rate: 0.1,
  error500Rate: 0.05,
  resetRate: 0.05,
  error429Rate: 0.02,
  retryAfterSeconds: 1,
  latencyMs: [0, 200],
};

const linkKey = (i: number): string => `links/${String(i).padStart(3, "0")}`;
const targetKey = (i: number, version: 1 | 2): string => `targets/${String(i).padStart(3, "0")}${version === 2 ? "-v2" : ""}`;

/** The declared links: link i points at target v1, or v2 for the first `retargeted` links. */
function declared(retargeted: number): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < LINKS; i++) m.set(linkKey(i), targetKey(i, i < retargeted ? 2 : 1));
  return m;
}

function program(links: Map<string, string>): { module: string; args: unknown } {
  const specs: LinkSpec[] = [...links].map(([key, target]) => ({ name: key.replace("/", "-"), key, target }));
  return linksProgram(BUCKET, specs);
}

interface PhaseReport {
  phase: string;
  runs: number;
  converged: boolean;
  wallMs: number[];
  failures: string[];
  faults: FaultCounts;
  requests: number;
}

describe(`engine under faults: ${LINKS} links, seeded faults (seed ${SEED})`, () => {
  const local = useEngineOss({ projectName: "relfaults", bucket: BUCKET, server: { random: seededRandom(SEED) } });
  let job: Omit<EngineJob, "op">;
  const targets = new Map<string, { etag: string; body: string }>();
  const reports: PhaseReport[] = [];

  beforeAll(async () => {
    requirePulumi();
    job = local.job();
    const keys: string[] = [];
    for (let i = 0; i < LINKS; i++) keys.push(targetKey(i, 1));
    for (let i = 0; i < RETARGETED; i++) keys.push(targetKey(i, 2));
    for (let at = 0; at < keys.length; at += 25) {
      await Promise.all(
        keys.slice(at, at + 25).map(async (key) => {
          const body = `body of ${key}\n`;
          const put = await local.client.putObject({ bucket: BUCKET, key, body, contentType: "text/plain" });
          targets.set(key, { etag: put.etag, body });
        }),
      );
    }
  });

  afterAll(async () => {
    if (reports.length > 0) {
      const lines = reports.map(
        (r) =>
          `${r.phase}: ${r.converged ? "converged" : "DID NOT CONVERGE"} in ${r.runs} run(s) ` +
          `(wall ${r.wallMs.map((ms) => (ms / 1000).toFixed(1)).join(" + ")} s), ${r.requests} requests, ` +
          `faults ${JSON.stringify(r.faults)}` +
          (r.failures.length > 0 ? `\n    failed runs: ${r.failures.join("\n    ")}` : ""),
      );
      console.log(`engine faults report (seed ${SEED}):\n  ${lines.join("\n  ")}`);
    }
  });

  /** Runs `op` until it succeeds, at most MAX_RUNS times, with faults on; reports what happened. */
  async function converge(phase: string, op: EngineOp, links?: Map<string, string>): Promise<PhaseReport> {
    local.oss.resetStats();
    local.oss.faults.set(FAULTS);
    const report: PhaseReport = { phase, runs: 0, converged: false, wallMs: [], failures: [], faults: local.oss.stats().faultsInjected, requests: 0 };
    try {
      while (report.runs < MAX_RUNS && !report.converged) {
        report.runs++;
        const r = await runEngine({
          ...job,
          op,
          ...(links ? { program: program(links) } : {}),
          options: { continueOnError: true },
          timeoutMs: 480_000,
        });
        report.wallMs.push(r.wallMs);
        if (r.ok) report.converged = true;
        else report.failures.push(`run ${report.runs}: ${failureSummary(r)}`);
      }
    } finally {
      local.oss.faults.clear();
      const stats = local.oss.stats();
      report.faults = stats.faultsInjected;
      report.requests = stats.total;
      reports.push(report);
    }
    return report;
  }

  /** With faults cleared: the bucket holds exactly `links` (plus the untouched targets), and state agrees. */
  async function expectServerMatches(links: Map<string, string>): Promise<void> {
    await withoutFaults(local.oss, async () => {
      const listed = await listBucket(local.client, BUCKET);
      const symlinks = listed.filter((o) => o.type === "Symlink").map((o) => o.key).sort();
      const normals = listed.filter((o) => o.type !== "Symlink").map((o) => o.key).sort();
      expect({ missing: [...links.keys()].filter((k) => !symlinks.includes(k)), extra: symlinks.filter((k) => !links.has(k)) }).toEqual({
        missing: [],
        extra: [],
      });
      expect(normals).toEqual([...targets.keys()].sort());

      // State: exactly the declared links, nothing pending, nothing marked for deletion.
      const exported = expectOk(await runEngine({ ...job, op: "export" }));
      expect(exported.deployment?.deployment.pending_operations ?? []).toEqual([]);
      const resources = stateResources(exported, SYMLINK_TOKEN);
      expect(resources.filter((r) => r.delete === true).map((r) => r.urn)).toEqual([]);
      const tokens = new Map(resources.map((r) => [r.outputs?.key as string, r.outputs?.ownerToken as string]));
      expect([...tokens.keys()].sort()).toEqual([...links.keys()].sort());

      const wrong: string[] = [];
      for (const [key, target] of links) {
        const live = await local.client.getSymlink({ bucket: BUCKET, key });
        if (live.target !== target) wrong.push(`${key}: target ${live.target}, declared ${target}`);
        if (live.metadata["pulumi-owner"] !== tokens.get(key)) {
          wrong.push(`${key}: owner ${live.metadata["pulumi-owner"]}, state ${tokens.get(key)}`);
        }
      }
      expect(wrong).toEqual([]);
      await expectTargetsUntouched();
    });
  }

  async function expectTargetsUntouched(): Promise<void> {
    const changed: string[] = [];
    for (const [key, want] of targets) {
      const got = await local.client.getObject({ bucket: BUCKET, key });
      if (got.etag !== want.etag || got.body.toString("utf8") !== want.body) changed.push(key);
    }
    expect(changed).toEqual([]);
  }

  test(`up of ${LINKS} links converges under faults`, async () => {
    const links = declared(0);
    const report = await converge(`up ${LINKS} links`, "up", links);
    expect(report.faults.error503 + report.faults.error500 + report.faults.reset + report.faults.error429).toBeGreaterThan(0);
    expect(report).toMatchObject({ converged: true });
    await expectServerMatches(links);
  }, 1_800_000);

  test(`retarget of ${RETARGETED} links (same keys, replacements) converges under faults`, async () => {
    const links = declared(RETARGETED);
    const report = await converge(`retarget ${RETARGETED} links`, "up", links);
    expect(report).toMatchObject({ converged: true });
    await expectServerMatches(links);
  }, 1_800_000);

  test("destroy converges under faults and leaves only the targets", async () => {
    const report = await converge(`destroy ${LINKS} links`, "destroy");
    expect(report).toMatchObject({ converged: true });
    await withoutFaults(local.oss, async () => {
      const listed = await listBucket(local.client, BUCKET);
      expect(listed.filter((o) => o.type === "Symlink").map((o) => o.key)).toEqual([]);
      expect(listed.map((o) => o.key).sort()).toEqual([...targets.keys()].sort());
      const exported = expectOk(await runEngine({ ...job, op: "export" }));
      expect(stateResources(exported, SYMLINK_TOKEN)).toEqual([]);
      await expectTargetsUntouched();
    });
  }, 1_800_000);
});
