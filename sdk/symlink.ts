/**
 * The Symlink resource class.
 */
import * as pulumi from "@pulumi/pulumi";
import { INPUT_FIELDS } from "../provider/lifecycle/schema";
import { SERIALIZED_PROVIDER } from "../provider/index";
import { ownerIdFor } from "./ownerIdFor";
import { rejectLoneSurrogates } from "./rejectLoneSurrogates";
import type { SymlinkAcl, SymlinkArgs, SymlinkStorageClass } from "./types";

/** Module and type name: the type token is `pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink`. */
export const SYMLINK_MODULE = "pulumi-oss-symlink";
export const SYMLINK_TYPE = "Symlink";

/**
 * An Alibaba Cloud OSS symbolic link (PutSymlink): an object at `key` that resolves to `target`
 * in the same bucket. The resource ID is `bucket/key`.
 *
 * Changing `bucket`, `key`, `region`, `target`, `acl` or `storageClass` replaces the link
 * (create-before-delete; the old resource's delete leaves the new link in place); metadata,
 * content headers, `forbidOverwrite`, `adopt` and `verifyTarget` are updated in place. Changing
 * `endpoint` (public, `-internal`, accelerate, a custom domain) is an update that sends no request.
 *
 * @example
 * ```ts
 * import { Symlink } from "pulumi-oss-symlink";
 *
 * const latest = new Symlink("latest", {
 *   bucket: "my-releases",
 *   key: "app/latest.tar.gz",
 *   target: "app/v1.4.2.tar.gz",
 *   acl: "public-read",
 *   metadata: { channel: "stable" },
 *   contentType: "application/gzip",
 * });
 * export const url = latest.url;
 * ```
 */
export class Symlink extends pulumi.CustomResource {
  /**
   * The type token of every Symlink, `pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink`, kept where
   * generated Pulumi SDK classes keep theirs: `@pulumi/policy`'s `args.isType(Symlink)`,
   * `args.asType(Symlink)` and `validateResourceOfType(Symlink, ...)` compare a resource's type with
   * it, which tells a Symlink apart from other dynamic resources (examples/policy).
   */
  public static readonly __pulumiType = `pulumi-nodejs:dynamic/${SYMLINK_MODULE}:${SYMLINK_TYPE}`;

  // `declare` rather than `x!:`: with target ES2022 (useDefineForClassFields) a plain field
  // declaration is emitted as a class field that resets to undefined after super() has set the
  // output, so every output would read as undefined.
  /** Bucket of the link and its target. */
  declare public readonly bucket: pulumi.Output<string>;
  /** Key of the link. */
  declare public readonly key: pulumi.Output<string>;
  /** Key the link points at (refresh reports the live value). */
  declare public readonly target: pulumi.Output<string>;
  /** The link's ACL. */
  declare public readonly acl: pulumi.Output<SymlinkAcl>;
  /** The link's storage class. */
  declare public readonly storageClass: pulumi.Output<SymlinkStorageClass>;
  /** User metadata (lower-case names, without the provider's reserved `pulumi-owner` entry). */
  declare public readonly metadata: pulumi.Output<Record<string, string>>;
  /** Whether creation refuses to overwrite a foreign object. */
  declare public readonly forbidOverwrite: pulumi.Output<boolean>;
  /** Whether creation adopts an existing symlink. */
  declare public readonly adopt: pulumi.Output<boolean>;
  /** `Cache-Control` of the link, if set. */
  declare public readonly cacheControl: pulumi.Output<string | undefined>;
  /** `Content-Disposition` of the link, if set. */
  declare public readonly contentDisposition: pulumi.Output<string | undefined>;
  /** `Content-Type` of the link, if set. */
  declare public readonly contentType: pulumi.Output<string | undefined>;
  /** Resolved region. */
  declare public readonly region: pulumi.Output<string>;
  /** Resolved custom endpoint, if any. */
  declare public readonly endpoint: pulumi.Output<string | undefined>;
  /** The link's own ETag (not the target's). */
  declare public readonly etag: pulumi.Output<string>;
  /** Version id of the link on a versioned bucket. */
  declare public readonly versionId: pulumi.Output<string | undefined>;
  /** OSS's Last-Modified of the link, known after a refresh (PutSymlink returns none: undefined after create/update). */
  declare public readonly lastModified: pulumi.Output<string | undefined>;
  /** Public (unsigned) URL of the link; readable anonymously only if the ACLs allow it. */
  declare public readonly url: pulumi.Output<string>;
  /** Internal: the ownership token written to `x-oss-meta-pulumi-owner`. */
  declare public readonly ownerToken: pulumi.Output<string>;
  /** Internal: stable id of this logical resource (hash of project/stack/name). */
  declare public readonly ownerId: pulumi.Output<string>;

  /**
   * Reads the existing link with ID `bucket/key` into the program as a resource this stack does
   * not manage (`pulumi up` reads it, never writes or deletes it): the engine calls the provider's
   * `read` with the ID and the stack's configuration. For a plain value without a resource,
   * see {@link getSymlink}.
   *
   * @param name name of the read resource in this stack.
   * @param id `bucket/key` of the link.
   * @param opts resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Symlink {
    return new Symlink(name, {} as SymlinkArgs, { ...opts, id });
  }

  /**
   * @param name unique name of the resource (also feeds the ownership id).
   * @param rawArgs the link's configuration.
   * @param opts resource options.
   */
  constructor(name: string, rawArgs: SymlinkArgs, opts?: pulumi.CustomResourceOptions) {
    const args: Record<string, unknown> = rejectLoneSurrogates(name, rawArgs);
    const props = {
      // What `pulumi.dynamic.Resource` would add: the provider text the dynamic-provider host
      // loads (provider/index.ts says why it is written by hand).
      __provider: SERIALIZED_PROVIDER,
      // Every schema input (undefined when not given), then the outputs the provider fills in.
      ...Object.fromEntries(INPUT_FIELDS.map((f) => [f, args[f]])),
      ownerId: ownerIdFor(pulumi.getProject(), pulumi.getStack(), name),
      etag: undefined,
      versionId: undefined,
      lastModified: undefined,
      url: undefined,
      ownerToken: undefined,
    };
    // The SDK wraps every property in a promise that captures `new Error().stack` for its
    // leak report (runtime/debuggable.js), 20 per Symlink: in a profile of a 300-link `up` that
    // was the program's largest cost after GC (docs/performance.md). No stack is captured while
    // the resource registers; its source position and stack trace are unaffected (the SDK
    // lifts the limit itself to record them).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      // The type token `pulumi.dynamic.Resource` builds, so the engine hands the resource to the
      // dynamic-provider host. Registered directly (not through `pulumi.dynamic.Resource`): the
      // SDK takes the source position from the fourth frame above its Resource constructor, which
      // is then the user's `new Symlink(...)` instead of this constructor.
      super(`pulumi-nodejs:dynamic/${SYMLINK_MODULE}:${SYMLINK_TYPE}`, name, props, opts);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    // The provider stores `null` for an output without a value, so that a preview knows it has
    // none (provider/lifecycle/outputs.ts); programs see `undefined`, as the types say.
    this.cacheControl = this.cacheControl.apply(absentAsUndefined);
    this.contentDisposition = this.contentDisposition.apply(absentAsUndefined);
    this.contentType = this.contentType.apply(absentAsUndefined);
    this.endpoint = this.endpoint.apply(absentAsUndefined);
    this.versionId = this.versionId.apply(absentAsUndefined);
    this.lastModified = this.lastModified.apply(absentAsUndefined);
  }
}

function absentAsUndefined(value: string | null | undefined): string | undefined {
  return value ?? undefined;
}
