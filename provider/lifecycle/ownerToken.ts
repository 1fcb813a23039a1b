/**
 * The ownership marker every create writes into the link's user metadata.
 *
 * Why: a replacement keeps the same bucket/key, so Pulumi creates the new link and then calls
 * delete for the old resource with the *same* ID. Without a marker that delete would remove
 * the link we just wrote. The token is `<ownerId>.<nonce>`: `ownerId` is stable for the logical
 * resource (so a same-key successor can recognise its predecessor), `nonce` is new per create
 * (so the predecessor's delete can tell that the live link is no longer its own).
 */
import { randomBytes } from "node:crypto";
import { HEADER } from "../oss/constants";

/** Metadata name (without `x-oss-meta-`) that carries the token. Reserved: users cannot set it. */
export const OWNER_META_NAME = "pulumi-owner";

/** Random nonce, 16 lower-case hex characters. */
function newNonce(): string {
  return randomBytes(8).toString("hex");
}

/** Builds a token for `ownerId`; `nonce` defaults to a fresh random one. */
export function newOwnerToken(ownerId: string, nonce: string = newNonce()): string {
  return `${ownerId}.${nonce}`;
}

/** Splits a token at its last `.`; undefined for anything that is not one of ours. */
export function parseOwnerToken(token: string | undefined): { ownerId: string; nonce: string } | undefined {
  if (token === undefined) return undefined;
  const dot = token.lastIndexOf(".");
  if (dot <= 0 || dot === token.length - 1) return undefined;
  return { ownerId: token.slice(0, dot), nonce: token.slice(dot + 1) };
}

/** Same nonce, new ownerId: an update after the resource was renamed (aliased) keeps the create's nonce. */
export function withOwnerId(token: string, ownerId: string): string {
  const parsed = parseOwnerToken(token);
  return newOwnerToken(ownerId, parsed?.nonce ?? newNonce());
}

/** Size a token adds to the metadata budget: header name + value, UTF-8 bytes (ownerId ≤ 64 chars). */
export function ownerTokenBudget(ownerId: string): number {
  return Buffer.byteLength(`${HEADER.metaPrefix}${OWNER_META_NAME}`) + Buffer.byteLength(newOwnerToken(ownerId, "0".repeat(16)));
}
