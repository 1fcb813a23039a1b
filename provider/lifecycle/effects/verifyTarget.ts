/**
 * Effect: `verifyTarget`. One HeadObject of the target (docs/oss.md §1.4), judged by
 * targetPlan.ts. A refusal of a target that is itself a link adds one GetSymlink of it, so the
 * message can name the object it points at; a target that serves reads costs exactly one HEAD.
 */
import type { OssClientApi } from "../../oss/clientTypes";
import { ossErrorCode, SymlinkProviderError, TargetRefusal } from "../errors";
import { findingFromError, findingFromHead, targetRefusal, type TargetFinding } from "../targetPlan";

/** A field of an OssError-shaped value (another copy of the module may have thrown it). */
function errorField<T>(err: unknown, name: "status" | "requestId"): T | undefined {
  return err !== null && typeof err === "object" ? ((err as Record<string, unknown>)[name] as T | undefined) : undefined;
}

/** What one HEAD of `target` in `bucket` says. A failure that says nothing about the target (credentials, network) is thrown. */
export async function probeTarget(client: OssClientApi, bucket: string, target: string): Promise<TargetFinding> {
  try {
    return findingFromHead(await client.headObject({ bucket, key: target }));
  } catch (err) {
    const code = ossErrorCode(err);
    const finding = code === undefined ? undefined : findingFromError(code, errorField<number>(err, "status"), errorField<string>(err, "requestId"));
    if (finding !== undefined) return finding;
    // The final line (errors.ts) puts OSS's answer first, then this, then the hint for its code.
    throw new SymlinkProviderError(`verifyTarget could not read the target "${target}" (HeadObject)`, code ?? "Unknown", { cause: err });
  }
}

/** Where a target that is itself a link points, if GetSymlink can tell (only for the message). */
async function linkedTo(client: OssClientApi, bucket: string, target: string): Promise<string | undefined> {
  try {
    return (await client.getSymlink({ bucket, key: target })).target;
  } catch {
    return undefined;
  }
}

/** Throws a {@link TargetRefusal} unless `target` exists, is not a link and is not archived. */
export async function verifyTarget(client: OssClientApi, bucket: string, target: string): Promise<void> {
  const finding = await probeTarget(client, bucket, target);
  if (finding.kind === "ok") return;
  const text = targetRefusal(finding, target, finding.kind === "symlink" ? await linkedTo(client, bucket, target) : undefined);
  throw new TargetRefusal(text.code, text.found, text.fix, finding.requestId);
}
