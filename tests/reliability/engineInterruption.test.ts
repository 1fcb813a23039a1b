// Interruption through the real engine: `up` runs that retarget every link (a same-key
// replacement each: create-before-delete, the old resource's delete guarded by the owner token)
// are killed with SIGKILL at random points, the driver's whole session at once (the driver with
// the Automation API and the inline program, the pulumi CLI, the provider plugin). Then the user's
// recovery: `up` again; if the stack is locked, `pulumi cancel`, then `up`; then clear whatever
// pending operations the engine kept. The stack must converge, every link must resolve to its
// latest target, and no link may ever be missing from the bucket, not even right after a kill.
//
// The local server runs in the jest process, so the kill never hits it.
//
// Where the kill lands: a seeded-random point of the up's typical duration, measured in the
// server's requests rather than in wall time. An unkilled replacement of every link is run first
// and its requests counted (R); each killed run is then SIGKILLed when the server has received
// its k-th request, k uniform in [1, R-1]. Measured first with wall-time delays drawn within the
// unkilled run's wall time: ~4 of the ~9 s are Node, CLI and workspace start-up, and most kills
// landed before the first provider call (0 of 20 links touched), testing nothing. The server adds
// 20-80 ms latency *before* applying each request, so at the kill the k-th request is still in
// flight and the server applies it after its client is dead (a write whose answer is lost).
//
// Why the whole session: the pulumi CLI starts every plugin in a process group of its own
// (measured: the provider's `pulumi-resource-pulumi-nodejs` shell and its
// `node .../dynamic-provider/index.js` have PGID = their own pid, but the driver's session id), so
// a kill of the driver's process group would leave the provider running as an orphan, possibly
// still finishing in-flight OSS calls. So the kill (runKilledWhen below) starts the driver with
// the harness's startDriver, a session leader, and SIGKILLs every process of that session
// (killSession): driver, CLI, plugin.
//
// What this CLI (3.259, file backend) needs after a SIGKILL, measured:
// * The lock file of the killed process stays in `.pulumi/locks/...`; the next `up` fails with
//   "the stack is currently locked by 1 lock(s) ... delete the lock file with `pulumi cancel`".
//   `pulumi cancel` works on the file backend: it removes the lock. No manual file removal needed.
// * Rarely, the kill lands while the backend saves a checkpoint and leaves the stack file's
//   `.attrs` sidecar empty; every command then fails with "failed to load checkpoint: EOF".
//   Removing the empty sidecar repairs it (see removeEmptyAttrs).
// * Pending `deleting` operations: the next `up` warns ("Attempting to deploy or update resources
//   with N pending operations from previous deployment") and drops them.
// * Pending `creating` operations: the next `up` warns but KEEPS them in state (the warning says
//   clearing pending CREATEs needs an interactive refresh). The non-interactive equivalent is
//   `pulumi refresh --clear-pending-creates`, which is what we run; no `stack export/import`
//   surgery is needed. (Those pending creates are links whose PutSymlink may or may not have
//   landed; the recovery `up` rewrote every key with a fresh owner token anyway.)
import * as fs from "node:fs";
import * as path from "node:path";
import { seededRandom } from "../../server";
import {
  expectOk,
  killSession,
  startDriver,
  requirePulumi,
  runEngine,
  stateResources,
  type EngineJob,
  type EngineResult,
} from "../engine/support/engine";
import { SYMLINK_TOKEN, useEngineOss } from "../engine/support/symlinkStack";
import { filesUnder } from "../support/filesUnder";
import { failureSummary, linksProgram, listBucket, type LinkSpec } from "./engineSupport";

const SEED = 0x51_6b11;
const BUCKET = "rel-interrupt";
const LINKS = 20;
const KILLS = 5;
/** Versions available as targets; a run that finishes before its kill time uses one up too. */
const MAX_VERSIONS = 12;

const linkKey = (i: number): string => `links/${String(i).padStart(2, "0")}`;
const targetKey = (i: number, v: number): string => `targets/${String(i).padStart(2, "0")}/v${v}`;
const bodyOf = (key: string): string => `body of ${key}`;

/** Outcome of {@link runKilledAt}: either the run finished first, or its whole session was killed. */
type KillOutcome = { killed: false; result: EngineResult } | { killed: true; processes: number; afterMs: number };

/**
 * Runs one engine job like runEngine, but as soon as `killNow()` returns true (polled every 2 ms)
 * SIGKILLs every process of the driver's session (driver, pulumi CLI, provider plugin), as a
 * `kill -9` of the whole tree would.
 */
async function runKilledWhen(job: EngineJob, killNow: () => boolean): Promise<KillOutcome> {
  const started = Date.now();
  const run = startDriver(job);
  let kill: Promise<number> | undefined;
  const timer = setInterval(() => {
    if (kill === undefined && run.pid !== undefined && killNow()) kill = killSession(run.pid);
  }, 2);
  const exit = await run.exited.finally(() => clearInterval(timer));
  // A result line means the run finished (a kill that fired after that found nothing to stop).
  if (exit.result !== undefined) return { killed: false, result: exit.result };
  if (kill === undefined) throw new Error(`engine driver printed no result\nstdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`);
  return { killed: true, processes: await kill, afterMs: Date.now() - started };
}

/** The first line of the CLI's own complaint in a failed run, for the report. */
function recoveryReason(r: EngineResult): string {
  const m = /\nerror: ([^\n]*)/.exec(r.error?.message ?? "");
  return (m?.[1] ?? failureSummary(r)).slice(0, 120);
}

/**
 * Deletes the zero-byte `*.attrs` sidecars under the file backend's `.pulumi` dir; returns their
 * paths relative to it. A SIGKILL while the backend saves a checkpoint can leave the stack
 * file's sidecar (`stacks/<project>/<stack>.json.attrs`: content type and MD5, written by the
 * Go CDK's fileblob driver) created but empty, while `<stack>.json` itself is intact (the data is
 * written to a temp file and renamed; the sidecar is not). Every later command then fails with
 * "failed to load checkpoint: EOF". Removing the empty sidecar is enough: the driver treats a
 * missing sidecar as "no attributes", and the stack file holds the last completed checkpoint.
 */
function removeEmptyAttrs(stateDir: string): string[] {
  const root = path.join(stateDir, ".pulumi");
  const empty = filesUnder(root).filter((file) => file.endsWith(".attrs") && fs.statSync(file).size === 0);
  for (const file of empty) fs.rmSync(file);
  return empty.map((file) => path.relative(root, file));
}

function program(version: number): { module: string; args: unknown } {
  const links: LinkSpec[] = Array.from({ length: LINKS }, (_, i) => ({ name: `link-${i}`, key: linkKey(i), target: targetKey(i, version) }));
  return linksProgram(BUCKET, links);
}

interface KillRecord {
  version: number;
  /** The server request at whose arrival the kill fired, of ~`requestsPerRun`. */
  atRequest: number;
  /** Wall time from spawn to the kill. */
  afterMs: number;
  /** Processes of the session that received SIGKILL (driver, CLI, plugin, the plugin's shell). */
  processes: number;
  /** Links already pointing at the new version at the moment of the kill. */
  switched: number;
  pendingAfterKill: string[];
  markedForDelete: number;
  locked: boolean;
  pendingAfterUp: string[];
  recoveryRuns: string[];
}

describe(`engine interruption: SIGKILL during same-key replacements of ${LINKS} links`, () => {
  // Latency widens the window in which provider calls are in flight, so kills land inside
  // creates and deletes rather than only between them.
  const local = useEngineOss({
    projectName: "relkill",
    bucket: BUCKET,
    server: { faults: { latencyMs: [20, 80] }, random: seededRandom(SEED + 1) },
  });
  let job: Omit<EngineJob, "op">;
  const random = seededRandom(SEED);
  const kills: KillRecord[] = [];
  const notKilled: number[] = [];
  let engineRuns = 0;
  /** Server requests of an unkilled replacement of every link (the baseline test counts them). */
  let requestsPerRun = 0;

  const run = async (j: Partial<EngineJob> & Pick<EngineJob, "op">): Promise<EngineResult> => {
    engineRuns++;
    return runEngine({ ...job, ...j });
  };

  beforeAll(async () => {
    requirePulumi();
    job = local.job();
    const puts: Array<Promise<unknown>> = [];
    for (let v = 0; v < MAX_VERSIONS; v++) {
      for (let i = 0; i < LINKS; i++) puts.push(local.client.putObject({ bucket: BUCKET, key: targetKey(i, v), body: bodyOf(targetKey(i, v)) }));
    }
    await Promise.all(puts);
  });

  afterAll(async () => {
    console.log(
      `engine interruption report (seed ${SEED}): ${kills.length} kills, ${notKilled.length} run(s) finished before their kill time ` +
        `(versions ${notKilled.join(", ") || "none"}), ${engineRuns} engine runs in total\n  ` +
        kills
          .map(
            (k) =>
              `v${k.version}: killed ${k.processes} processes at request ${k.atRequest}/${requestsPerRun} (${k.afterMs} ms after spawn), ${k.switched}/${LINKS} links already switched, ` +
              `${k.markedForDelete} old resources marked for delete, pending after kill [${k.pendingAfterKill.join(", ")}], ` +
              `locked: ${k.locked}, pending after recovery up [${k.pendingAfterUp.join(", ")}], recovery: ${k.recoveryRuns.join(" -> ")}`,
          )
          .join("\n  "),
    );
  });

  /** Live view: key -> target of every symlink in the bucket. */
  async function liveLinks(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const o of await listBucket(local.client, BUCKET)) {
      if (o.type === "Symlink") out.set(o.key, (await local.client.getSymlink({ bucket: BUCKET, key: o.key })).target);
    }
    return out;
  }

  function pendingOps(exported: EngineResult): string[] {
    const ops = (exported.deployment?.deployment.pending_operations ?? []) as Array<{ type: string; resource: { urn: string } }>;
    return ops.map((p) => `${p.type} ${p.resource.urn.split("::").pop()}`);
  }

  /** Converged at `version`: state and bucket hold exactly the links, each resolving to its v-target and owned by the state's token. */
  async function expectConverged(version: number): Promise<void> {
    const exported = expectOk(await run({ op: "export" }));
    expect(pendingOps(exported)).toEqual([]);
    const resources = stateResources(exported, SYMLINK_TOKEN);
    expect(resources.filter((r) => r.delete === true).map((r) => r.urn)).toEqual([]);
    expect(resources).toHaveLength(LINKS);
    const live = await liveLinks();
    expect([...live.keys()].sort()).toEqual(Array.from({ length: LINKS }, (_, i) => linkKey(i)));
    const wrong: string[] = [];
    for (const r of resources) {
      const key = r.outputs?.key as string;
      const i = Number(key.slice("links/".length));
      const want = targetKey(i, version);
      if (r.outputs?.target !== want) wrong.push(`${key}: state target ${String(r.outputs?.target)}`);
      if (live.get(key) !== want) wrong.push(`${key}: live target ${String(live.get(key))}`);
      const link = await local.client.getSymlink({ bucket: BUCKET, key });
      if (link.metadata["pulumi-owner"] !== r.outputs?.ownerToken) wrong.push(`${key}: live owner ${link.metadata["pulumi-owner"]} != state ${String(r.outputs?.ownerToken)}`);
      const body = (await local.client.getObject({ bucket: BUCKET, key })).body.toString("utf8");
      if (body !== bodyOf(want)) wrong.push(`${key}: resolves to "${body}"`);
    }
    expect(wrong).toEqual([]);
  }

  test("baseline: create, then one unkilled replacement of every link to time it", async () => {
    expectOk(await run({ op: "up", program: program(0) }));
    await expectConverged(0);
    local.oss.resetStats();
    const timed = expectOk(await run({ op: "up", program: program(1) }));
    const { total, byOperation } = local.oss.stats();
    requestsPerRun = total;
    expect(timed.resourceChanges).toMatchObject({ replace: LINKS });
    await expectConverged(1);
    console.log(
      `unkilled replacement of ${LINKS} links: ${requestsPerRun} requests ${JSON.stringify(byOperation)}, ` +
        `${timed.wallMs} ms wall (${timed.durationMs} ms in the Automation API)`,
    );
  }, 300_000);

  test(`${KILLS} SIGKILLs at random points, each followed by a user's recovery`, async () => {
    expect(requestsPerRun).toBeGreaterThan(1);
    let version = 2;
    while (kills.length < KILLS) {
      if (version >= MAX_VERSIONS) throw new Error(`only ${kills.length} of ${KILLS} runs were killed before running out of versions`);
      const atRequest = 1 + Math.floor(random() * (requestsPerRun - 1));
      engineRuns++;
      local.oss.resetStats();
      const outcome = await runKilledWhen({ ...job, op: "up", program: program(version) }, () => local.oss.stats().total >= atRequest);
      if (!outcome.killed) {
        // The run beat its kill time: a normal up, which must have converged.
        expectOk(outcome.result);
        notKilled.push(version);
        await expectConverged(version);
        version++;
        continue;
      }

      // Right after the kill: every key still holds a link (create-before-delete, and no
      // predecessor's delete removed a successor), pointing at the old or the new target.
      const live = await liveLinks();
      const gaps: string[] = [];
      let switched = 0;
      for (let i = 0; i < LINKS; i++) {
        const t = live.get(linkKey(i));
        if (t === targetKey(i, version)) switched++;
        else if (t !== targetKey(i, version - 1)) gaps.push(`${linkKey(i)}: ${t === undefined ? "MISSING" : t}`);
      }
      expect(gaps).toEqual([]);
      const afterKill = await run({ op: "export" });
      const record: KillRecord = {
        version,
        atRequest,
        afterMs: outcome.afterMs,
        processes: outcome.processes,
        switched,
        pendingAfterKill: afterKill.ok ? pendingOps(afterKill) : [`export failed: ${failureSummary(afterKill)}`],
        markedForDelete: afterKill.ok ? stateResources(afterKill, SYMLINK_TOKEN).filter((r) => r.delete === true).length : -1,
        locked: false,
        pendingAfterUp: [],
        recoveryRuns: [],
      };
      kills.push(record);

      // The user's recovery: run `up` again and follow what the CLI says (see the header).
      let up = await run({ op: "up", program: program(version) });
      record.recoveryRuns.push(up.ok ? "up ok" : `up failed (${recoveryReason(up)})`);
      for (let step = 0; step < 3 && !up.ok; step++) {
        const message = up.error?.message ?? "";
        if (/currently locked/.test(message)) {
          record.locked = true;
          expectOk(await run({ op: "cancel" }));
          record.recoveryRuns.push("cancel");
        } else if (/failed to load checkpoint: EOF/.test(message)) {
          const removed = removeEmptyAttrs(job.stateDir);
          expect(removed).not.toEqual([]);
          record.recoveryRuns.push(`removed empty ${removed.join(", ")}`);
        } else {
          break;
        }
        up = await run({ op: "up", program: program(version) });
        record.recoveryRuns.push(up.ok ? "up ok" : `up failed (${recoveryReason(up)})`);
      }
      expectOk(up);
      const afterUp = expectOk(await run({ op: "export" }));
      record.pendingAfterUp = pendingOps(afterUp);
      if (record.pendingAfterUp.length > 0) {
        // Only pending creates survive an up (see the header); refresh clears them non-interactively.
        expect(record.pendingAfterUp.every((p) => p.startsWith("creating "))).toBe(true);
        const refresh = expectOk(await run({ op: "refresh", options: { clearPendingCreates: true } }));
        record.recoveryRuns.push("refresh --clear-pending-creates");
        // Refresh after the converged up finds no drift: the live links are what state says.
        expect({ update: refresh.resourceChanges?.update ?? 0, delete: refresh.resourceChanges?.delete ?? 0 }).toEqual({ update: 0, delete: 0 });
      }
      await expectConverged(version);
      version++;
    }
    // The kills covered both halves of a replacement: while new links were being written, and
    // after all were written while the predecessors' deletes were pending.
    expect(kills.some((k) => k.switched < LINKS)).toBe(true);
    expect(kills.some((k) => k.switched === LINKS && k.markedForDelete > 0)).toBe(true);
  }, 900_000);

  test("destroy after the kills removes every link and keeps the targets", async () => {
    expectOk(await run({ op: "destroy" }));
    const listed = await listBucket(local.client, BUCKET);
    expect(listed.filter((o) => o.type === "Symlink")).toEqual([]);
    expect(listed).toHaveLength(LINKS * MAX_VERSIONS);
  }, 300_000);
});
