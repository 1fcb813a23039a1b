/**
 * Temporary credentials the local STS endpoint and credentials-URI server issue, and the lookup the
 * OSS server uses to accept requests signed with them (AccessKeyId `STS.…`, secret, and the
 * security token sent as `x-oss-security-token`), until their expiration.
 */
import { randomBytes } from "node:crypto";
import type { SessionPolicy } from "./sessionPolicy";

/** What the OSS verifier needs to know about one temporary AccessKeyId. */
export interface TemporaryCredentialRecord {
  accessKeySecret: string;
  securityToken: string;
  /** Epoch milliseconds after which requests signed with it are refused. */
  expiresAt: number;
  /** The session policy it was issued with (the `Policy` parameter); absent: the role's full access. */
  policy?: SessionPolicy;
}

/** Read side, given to the OSS server (`LocalOssOptions.temporaryCredentials`). */
export interface TemporaryCredentialLookup {
  lookup(accessKeyId: string): TemporaryCredentialRecord | undefined;
}

/** Credentials as STS returns them (`Credentials` in the AssumeRole reply). */
export interface IssuedCredentials {
  AccessKeyId: string;
  AccessKeySecret: string;
  SecurityToken: string;
  /** `YYYY-MM-DDTHH:mm:ssZ`, the only form @alicloud/credentials parses. */
  Expiration: string;
}

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function base62(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

/** `2026-12-01T21:00:00Z`: whole seconds, as STS writes it. */
export function stsTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Issues and remembers temporary credentials. One store can back several endpoints. */
export class TemporaryCredentialStore implements TemporaryCredentialLookup {
  private readonly records = new Map<string, TemporaryCredentialRecord>();

  /** `now` is injectable so a test can issue credentials that are already expired. */
  constructor(private readonly now: () => number = Date.now) {}

  /** New credentials valid for `durationSeconds` from now, limited to `policy` when one is given. */
  issue(durationSeconds: number, policy?: SessionPolicy): IssuedCredentials {
    const accessKeyId = `STS.${base62(25)}`;
    const accessKeySecret = base62(44);
    // Real tokens are long opaque base64 strings; the length exercises header handling the same way.
    const securityToken = `CAIS${randomBytes(384).toString("base64")}`;
    const expiresAt = Math.floor((this.now() + durationSeconds * 1000) / 1000) * 1000;
    this.records.set(accessKeyId, { accessKeySecret, securityToken, expiresAt, ...(policy !== undefined ? { policy } : {}) });
    return { AccessKeyId: accessKeyId, AccessKeySecret: accessKeySecret, SecurityToken: securityToken, Expiration: stsTimestamp(expiresAt) };
  }

  lookup(accessKeyId: string): TemporaryCredentialRecord | undefined {
    return this.records.get(accessKeyId);
  }

  /** Current time of this store's clock, epoch ms. */
  currentTime(): number {
    return this.now();
  }
}
