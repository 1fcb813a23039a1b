/**
 * Lookups of a live link, in the `getX` / `getXOutput` shape of Pulumi packages. A dynamic
 * provider cannot serve invokes (its host answers "unknown function"), so these read the link from
 * the program process itself: the same stack config keys and environment as a Symlink
 * (provider/config.ts), read through `pulumi.Config`, and the same OSS client. They run at preview
 * too, like any data source.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "../provider/config";
import { lookupSymlink, type LookedUpSymlink } from "../provider/lookupSymlink";

/** Arguments of {@link getSymlink}. */
export interface GetSymlinkArgs {
  /** Bucket of the link. */
  bucket: string;
  /** Key of the link. */
  key: string;
  /** A version of the link on a versioned bucket. Default: the current version. */
  versionId?: string;
  /** Bare region id. Default: config `alicloud:region`, then env `ALIBABA_CLOUD_REGION` / `ALICLOUD_REGION` / `OSS_REGION`. */
  region?: string;
  /** Custom endpoint. Default: config `pulumi-oss-symlink:endpoint`, then `alicloud:endpoints` (oss), then env `OSS_ENDPOINT`, then the public endpoint of `region`. */
  endpoint?: string;
}

/** Arguments of {@link getSymlinkOutput}: those of {@link getSymlink}, each an `Input`. */
export type GetSymlinkOutputArgs = { [K in keyof GetSymlinkArgs]: pulumi.Input<NonNullable<GetSymlinkArgs[K]>> };

/** Options of {@link getSymlinkOutput}. */
export interface GetSymlinkOutputOptions {
  /** Look the link up only once these resources are created or updated (and not at all while one is unknown at preview). */
  dependsOn?: pulumi.Input<pulumi.Resource> | pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/**
 * What a lookup found: the live link. `id` is `bucket/key`, the ID of a Symlink resource for it.
 * `storageClass` is undefined for a `versionId` that is not the current version; optional fields
 * are undefined when the link has no such value.
 */
export type GetSymlinkResult = Readonly<LookedUpSymlink>;

/** The stack config as a dynamic provider's `configure` sees it: `ns:key` verbatim, a bare key in the project's namespace. */
function stackConfig(): ConfigSource {
  return {
    get(key: string): string | undefined {
      const colon = key.indexOf(":");
      return colon < 0 ? new pulumi.Config().get(key) : new pulumi.Config(key.slice(0, colon)).get(key.slice(colon + 1));
    },
  };
}

/**
 * Reads the symlink at `bucket/key`: its target, ACL, storage class, metadata, content headers,
 * ETag, version id and Last-Modified. Fails, naming `oss://bucket/key`, when the key does not exist
 * or holds a normal object. Uses the stack's `alicloud:*` config and `pulumi-oss-symlink:endpoint` like a
 * Symlink does.
 *
 * @example
 * ```ts
 * import { getSymlink } from "pulumi-oss-symlink";
 *
 * const latest = await getSymlink({ bucket: "my-releases", key: "app/latest.tar.gz" });
 * console.log(`latest -> ${latest.target}`);
 * ```
 */
export function getSymlink(args: GetSymlinkArgs): Promise<GetSymlinkResult> {
  return lookupSymlink(args, { config: stackConfig(), env: process.env });
}

/** The resources `dependsOn` names, resolved (an `Input` of a resource or of a list). */
function dependencies(dependsOn: GetSymlinkOutputOptions["dependsOn"]): pulumi.Output<unknown[]> {
  return pulumi.output(dependsOn ?? []).apply((value) => {
    const resources = (Array.isArray(value) ? value : [value]) as pulumi.Resource[];
    return pulumi.all(resources.map((r) => (pulumi.CustomResource.isInstance(r) ? r.id : r.urn)));
  });
}

/**
 * {@link getSymlink} taking `Input`s and returning an `Output`, for arguments that come from other
 * resources; the lookup runs once they are known (at preview, not while one is unknown).
 *
 * @example
 * ```ts
 * import { getSymlinkOutput, Symlink } from "pulumi-oss-symlink";
 *
 * const link = new Symlink("latest", { bucket: "my-releases", key: "app/latest.tar.gz", target: "app/v2.tar.gz" });
 * // Read back what OSS holds once the link is written.
 * export const liveTarget = getSymlinkOutput({ bucket: link.bucket, key: link.key }, { dependsOn: [link] }).target;
 * ```
 */
export function getSymlinkOutput(args: GetSymlinkOutputArgs, opts: GetSymlinkOutputOptions = {}): pulumi.Output<GetSymlinkResult> {
  return pulumi.all([pulumi.output(args), dependencies(opts.dependsOn)]).apply(([plain]) => getSymlink(plain as GetSymlinkArgs));
}
