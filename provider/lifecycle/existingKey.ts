/** What GetSymlink found at a key, reduced to what the lifecycle decisions need. */
export type ExistingKey =
  | { kind: "absent" }
  /**
   * A symlink; `ownerToken` is its `x-oss-meta-pulumi-owner` value, if any; `versionId` the
   * version GetSymlink read, on a bucket whose versioning is (or was) enabled.
   */
  | { kind: "symlink"; target: string; ownerToken?: string; versionId?: string }
  /** A normal (appendable, multipart...) object: GetSymlink answered NotSymlink. */
  | { kind: "notSymlink" };
