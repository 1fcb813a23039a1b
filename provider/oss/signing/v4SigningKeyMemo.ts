import { createSecretKey, type KeyObject } from "node:crypto";
import { deriveV4SigningKey } from "./deriveV4SigningKey";

/**
 * How many (secret, day, region) signing keys are kept. A process normally signs with one key
 * pair in one or two regions, plus the next day's key around midnight UTC; 16 leaves room for
 * STS rotation without letting a stream of rotated secrets grow the memo without bound.
 */
export const V4_SIGNING_KEY_MEMO_SIZE = 16;

const memo = new Map<string, KeyObject>();

/** The previous call's inputs and key (a hit of the memo, without building its id). */
let last: { secret: string; day: string; region: string; key: KeyObject } | undefined;

/**
 * The V4 signing key for (secret, day, region) as a `KeyObject`, derived once and then reused.
 *
 * Why a memo does not make the signer impure: the key is a deterministic function of exactly
 * these three arguments, the memo is keyed by all three, and a `KeyObject` is immutable, so a
 * hit returns the same bytes a fresh derivation would. Nothing in it depends on the clock, the
 * environment or an earlier caller's request; eviction only changes the cost of the next call.
 *
 * Why it matters: derivation is four HMACs, and on Node 24 an HMAC keyed with a `Buffer` costs
 * about six times one keyed with a `KeyObject` or a string (the key goes through the
 * `KeyObject`/`CryptoKey` brand checks each time). Re-deriving per request made up most of the
 * signer's time; with the memo a signature is one SHA-256 and one HMAC.
 *
 * The memo holds derived keys only for the lifetime of the process, in module scope, never
 * serialized; it holds nothing the caller's credentials object did not already expose.
 */
export function v4SigningKeyObject(accessKeySecret: string, day: string, region: string): KeyObject {
  // The same three inputs as the previous call (the usual case): no memo id to build.
  if (last !== undefined && last.day === day && last.region === region && last.secret === accessKeySecret) return last.key;
  // Length prefixes keep the id injective whatever characters the parts hold.
  const id = `${day.length}:${day}${region.length}:${region}${accessKeySecret}`;
  let key = memo.get(id);
  if (key === undefined) {
    key = createSecretKey(deriveV4SigningKey(accessKeySecret, day, region));
    if (memo.size >= V4_SIGNING_KEY_MEMO_SIZE) {
      // Map iteration is insertion order: drop the oldest entry.
      const oldest = memo.keys().next();
      if (oldest.done !== true) memo.delete(oldest.value);
    }
    memo.set(id, key);
  }
  last = { secret: accessKeySecret, day, region, key };
  return key;
}
