/**
 * The `Policy` parameter of AssumeRole / AssumeRoleWithOIDC, as the OSS server applies it to the
 * temporary credentials issued with it. In Alibaba Cloud the credentials may do what both the
 * role's policies and this session policy allow; the local roles carry no policy of their own, so
 * here the session policy alone decides. Evaluation follows RAM: an explicit Deny wins, then an
 * Allow, otherwise the request is denied (docs/oss.md §1.11).
 *
 * Only the elements a least-privilege policy for OSS needs are understood: `Effect`, `Action` and
 * `Resource`, with `*` and `?` wildcards. A statement with `Condition`, `NotAction`, `NotResource`
 * or `Principal` is refused at AssumeRole rather than half applied (docs/server.md).
 */
import { stsErrors } from "./stsErrors";

interface Statement {
  effect: "Allow" | "Deny";
  actions: readonly RegExp[];
  resources: readonly RegExp[];
}

/** A parsed session policy. */
export interface SessionPolicy {
  /**
   * The first of `actions` it does not allow on the bucket or object, or undefined when it allows
   * them all. The resource is `acs:oss:<region>:<account>:<bucket>[/<key>]`, the role's account.
   */
  denied(actions: readonly string[], region: string, bucket: string, key: string | undefined): string | undefined;
}

const MAX_POLICY_LENGTH = 2048;
const KNOWN = new Set(["Effect", "Action", "Resource"]);

/** A RAM pattern (`*`: any run, `?`: one character), case-insensitive as RAM compares actions. */
function pattern(text: string): RegExp {
  const body = text.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

function strings(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

function statement(raw: unknown): Statement {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw stsErrors.policyGrammar();
  const s = raw as Record<string, unknown>;
  for (const name of Object.keys(s)) {
    if (!KNOWN.has(name)) throw stsErrors.policyElementNotSupported(name);
  }
  const actions = strings(s.Action);
  const resources = strings(s.Resource);
  if ((s.Effect !== "Allow" && s.Effect !== "Deny") || actions === undefined || resources === undefined) throw stsErrors.policyGrammar();
  return { effect: s.Effect, actions: actions.map(pattern), resources: resources.map(pattern) };
}

/**
 * Checks the `Policy` parameter: optional; at most 2048 characters of a JSON document with
 * `Version` and a `Statement` list. Returns the policy to attach to the credentials, or undefined
 * when none was given.
 */
export function parseSessionPolicy(policy: string | undefined, account: string): SessionPolicy | undefined {
  if (policy === undefined || policy === "") return undefined;
  if (policy.length > MAX_POLICY_LENGTH) throw stsErrors.policyGrammar();
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw stsErrors.policyGrammar();
  }
  const d = doc as { Version?: unknown; Statement?: unknown };
  if (d === null || typeof d !== "object" || typeof d.Version !== "string" || !Array.isArray(d.Statement)) throw stsErrors.policyGrammar();
  const statements = d.Statement.map(statement);
  const matches = (effect: Statement["effect"], action: string, resource: string): boolean =>
    statements.some((s) => s.effect === effect && s.actions.some((a) => a.test(action)) && s.resources.some((r) => r.test(resource)));
  return {
    denied(actions, region, bucket, key) {
      const resource = `acs:oss:${region}:${account}:${bucket}${key === undefined ? "" : `/${key}`}`;
      return actions.find((action) => matches("Deny", action, resource) || !matches("Allow", action, resource));
    },
  };
}
