/**
 * Looks for secrets anywhere in a thrown value: message, stack, every own property (enumerable or
 * not), the `cause` chain, `AggregateError.errors`, nested objects and arrays, and the text
 * `util.inspect` prints (what a log line or Pulumi's diagnostics would show).
 */
import { inspect } from "node:util";

/** Where each secret was found, as `path: secret` strings; empty when the value is clean. */
export function findSecrets(value: unknown, secrets: readonly string[]): string[] {
  const hits: string[] = [];
  const seen = new Set<unknown>();

  const checkText = (path: string, text: string): void => {
    for (const secret of secrets) if (text.includes(secret)) hits.push(`${path}: ${secret}`);
  };

  const walk = (path: string, v: unknown, depth: number): void => {
    if (typeof v === "string") {
      checkText(path, v);
      return;
    }
    if (typeof v !== "object" || v === null || seen.has(v) || depth > 12) return;
    seen.add(v);
    if (Buffer.isBuffer(v)) {
      checkText(path, v.toString("utf8"));
      return;
    }
    // Own properties, enumerable or not (`message`, `stack` and `cause` are not enumerable on Error).
    for (const name of Object.getOwnPropertyNames(v)) {
      let child: unknown;
      try {
        child = (v as Record<string, unknown>)[name];
      } catch {
        continue;
      }
      walk(`${path}.${name}`, child, depth + 1);
    }
    if (v instanceof Map) for (const [k, c] of v) walk(`${path}[${String(k)}]`, c, depth + 1);
  };

  walk("error", value, 0);
  checkText("inspect(error)", inspect(value, { depth: 12, showHidden: true }));
  if (value instanceof Error) checkText("String(error)", String(value));
  return hits;
}

/** The messages along an error's `cause` chain, outermost first. */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let e: unknown = error;
  while (e !== undefined && e !== null && chain.length < 20) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}
