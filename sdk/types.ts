/**
 * Public types of the Symlink resource.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The link's own ACL (`x-oss-object-acl`). `default` inherits the bucket's ACL. */
export type SymlinkAcl = "default" | "private" | "public-read" | "public-read-write";

/** Storage classes PutSymlink accepts (the docs advise Standard: IA/Archive bill a 64 KB minimum). */
export type SymlinkStorageClass = "Standard" | "IA" | "Archive";

/** Arguments of a {@link Symlink}. */
export interface SymlinkArgs {
  /** Bucket that holds both the link and its target (3–63 lower-case letters, digits, hyphens). Changing it replaces the resource. */
  bucket: pulumi.Input<string>;
  /** Object key of the link (1–1023 UTF-8 bytes, no leading `/` or `\`). Changing it replaces the resource. */
  key: pulumi.Input<string>;
  /**
   * Key of the object the link points at, in the same bucket. OSS does not check that it exists.
   * Must differ from `key`. Changing it replaces the resource: the new link overwrites the same key
   * atomically, so reads through the link never see a gap.
   */
  target: pulumi.Input<string>;
  /** The link's own ACL. Default `default`. Changing it replaces the resource. */
  acl?: pulumi.Input<SymlinkAcl>;
  /** The link's storage class. Default `Standard`. Changing it replaces the resource. */
  storageClass?: pulumi.Input<SymlinkStorageClass>;
  /**
   * User metadata of the link, names without the `x-oss-meta-` prefix (letters, digits, `-`; folded
   * to lower case). Values must be printable ASCII (latin-1 passes but is not portable). The name
   * `pulumi-owner` is reserved. Updated in place.
   */
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Refuse to overwrite an existing object at `key` when creating (`x-oss-forbid-overwrite`). A
   * same-key replacement of this resource's own previous link still succeeds. Ignored by OSS on
   * versioned buckets. Default false. Updated in place.
   */
  forbidOverwrite?: pulumi.Input<boolean>;
  /**
   * Take over a symlink that already exists at `key` on create (the supported alternative to
   * `pulumi import`, which dynamic resources cannot use). A normal object is never adopted.
   * Default false. Updated in place.
   */
  adopt?: pulumi.Input<boolean>;
  /** `Cache-Control` stored on the link. Updated in place. */
  cacheControl?: pulumi.Input<string>;
  /** `Content-Disposition` stored on the link. Updated in place. */
  contentDisposition?: pulumi.Input<string>;
  /** `Content-Type` stored on the link (GET through the link returns the link's type). Updated in place. */
  contentType?: pulumi.Input<string>;
  /**
   * Bare region id, e.g. `cn-hangzhou`. Default: config `alicloud:region`, then env
   * `ALIBABA_CLOUD_REGION` / `ALICLOUD_REGION` / `OSS_REGION`. Changing it replaces the resource.
   */
  region?: pulumi.Input<string>;
  /**
   * Custom endpoint: an http(s) URL or a host. Default: config `<project>:endpoint`, then env
   * `OSS_ENDPOINT`, then the public endpoint of `region`. Changing it replaces the resource.
   */
  endpoint?: pulumi.Input<string>;
}
