// Pieces of the engine-level reliability tests (tests/reliability/engine*.test.ts) on top of the
// Symlink engine helpers (tests/engine/support/symlinkStack.ts: server, credentials, stack config,
// check client): the program that declares the links, and the checks that compare what the server
// holds with what the stack declares. See docs/reliability-engine.md.
import type { ListedObject, OssClientApi } from "../../provider/oss/clientTypes";
import type { LocalOss } from "../../server";
import type { EngineResult } from "../engine/support/engine";

/** The program: one Symlink per entry of `args.links`, every other field passed through as an input. */
export const LINKS_PROGRAM = "./tests/engine/programs/reliabilityLinks.js";

/** One link as the program takes it. */
export interface LinkSpec {
  name: string;
  key?: unknown;
  target?: unknown;
  [input: string]: unknown;
}

/** The program spec for `links` in `bucket`. */
export function linksProgram(bucket: string | undefined, links: LinkSpec[]): { module: string; args: unknown } {
  return { module: LINKS_PROGRAM, args: bucket === undefined ? { links } : { bucket, links } };
}

/** Every object in `bucket`, following continuation tokens. */
export async function listBucket(client: OssClientApi, bucket: string): Promise<ListedObject[]> {
  const all: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await client.listObjectsV2({ bucket, maxKeys: 1000, ...(token !== undefined ? { continuationToken: token } : {}) });
    all.push(...page.objects);
    token = page.isTruncated ? page.nextContinuationToken : undefined;
  } while (token !== undefined);
  return all;
}

/** Runs `fn` with the server's faults cleared, then puts the previous fault settings back. */
export async function withoutFaults<T>(oss: LocalOss, fn: () => Promise<T>): Promise<T> {
  const saved = oss.faults.get();
  oss.faults.clear();
  try {
    return await fn();
  } finally {
    oss.faults.set(saved);
  }
}

/** A short reason for a failed run, for reports: the engine's error diagnostics, else its error. */
export function failureSummary(r: EngineResult): string {
  const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message.trim().split("\n")[0] ?? "");
  if (errors.length > 0) return errors.join(" | ");
  return (r.error?.message ?? "unknown failure").split("\n").slice(0, 3).join(" ");
}
