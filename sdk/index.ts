/**
 * pulumi-oss-symlink: Alibaba Cloud OSS symbolic links as Pulumi resources.
 */
export { Symlink, SYMLINK_MODULE, SYMLINK_TYPE } from "./symlink";
export type { SymlinkAcl, SymlinkArgs, SymlinkStorageClass } from "./types";
export { ownerIdFor } from "./ownerIdFor";
export { getSymlink, getSymlinkOutput } from "./getSymlink";
export type { GetSymlinkArgs, GetSymlinkOutputArgs, GetSymlinkOutputOptions, GetSymlinkResult } from "./getSymlink";
