/**
 * Builds the outputs stored in state from checked inputs and what OSS answered, and the
 * user-facing inputs that refresh hands back (`ReadResult.inputs`).
 */
import type { SymlinkInputs, SymlinkOutputs } from "./types";
import { INPUT_FIELDS } from "./types";

/** What a write reported. */
export interface WriteResult {
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

/** Only the input fields of a props object (so refresh can store them as the new inputs). */
export function pickInputs(props: SymlinkInputs): SymlinkInputs {
  const out: Record<string, unknown> = {};
  for (const f of INPUT_FIELDS) if (props[f] !== undefined) out[f] = props[f];
  return out as unknown as SymlinkInputs;
}
