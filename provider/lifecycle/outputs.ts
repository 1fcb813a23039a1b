/**
 * Builds the outputs stored in state from checked inputs and what OSS answered, and the
 * user-facing inputs that refresh hands back (`ReadResult.inputs`).
 */
import { INPUT_FIELDS } from "./schema";
import type { SymlinkInputs, SymlinkOutputs } from "./types";

/** What a write reported. */
interface WriteResult {
  etag: string;
  versionId?: string;
  lastModified?: string;
}

/** Drops undefined values: the host's struct conversion has no `undefined`. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Outputs after a create or update. */
export function outputsAfterWrite(inputs: SymlinkInputs, write: WriteResult, ownerToken: string, url: string): SymlinkOutputs {
  return compact({
    ...pickInputs(inputs),
    etag: write.etag,
    versionId: write.versionId,
    lastModified: write.lastModified,
    url,
    ownerToken,
  });
}

/**
 * The outputs that may have no value: optional content headers, `endpoint` (absent = the region's
 * public endpoint), `versionId` (unversioned bucket) and `lastModified`.
 */
const OPTIONAL_OUTPUT_FIELDS = [
  "cacheControl",
  "contentDisposition",
  "contentType",
  "endpoint",
  "versionId",
  "lastModified",
] as const satisfies readonly (keyof SymlinkOutputs)[];

/**
 * Outputs as handed to the engine: every optional output present, `null` when it has no value.
 * Why: during a preview the Node SDK resolves a declared output that the engine's state lacks as
 * unknown, even for an unchanged resource (see docs/resource.md, "Outputs at preview"), so an
 * absent `versionId` showed as `[unknown]` in every preview. A `null` is a known "no value".
 */
export function withExplicitNulls(outs: SymlinkOutputs): Record<string, unknown> {
  const out: Record<string, unknown> = { ...outs };
  for (const f of OPTIONAL_OUTPUT_FIELDS) if (out[f] === undefined) out[f] = null;
  return out;
}

/** Props as read from the engine (state or olds): `null` values dropped, so inner code sees absent as undefined. */
export function withoutNulls<T extends Record<string, unknown>>(props: T): T {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null)) as T;
}

/** Only the input fields of a props object (so refresh can store them as the new inputs). */
export function pickInputs(props: SymlinkInputs): SymlinkInputs {
  const out: Record<string, unknown> = {};
  for (const f of INPUT_FIELDS) if (props[f] !== undefined) out[f] = props[f];
  return out as unknown as SymlinkInputs;
}
