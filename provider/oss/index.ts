/**
 * `pulumi-oss-symlink/oss`: the OSS client, its pure signers and encoders, and the one error class.
 * Re-exported by name (no `export *`) so the public surface is deliberate.
 */
export { OssClient, createOssClient } from "./client";
export { CLIENT_DEFAULTS } from "./clientOptions";
export type {
  OssClientApi,
  OssClientOptions,
  CredentialsProvider,
  ObjectRef,
  ContentHeaders,
  PutSymlinkInput,
  PutResult,
  GetSymlinkResult,
  HeadObjectResult,
  GetObjectResult,
  PutObjectInput,
  DeleteResult,
  VersioningStatus,
  ListObjectsV2Input,
  ListedObject,
  ListObjectsV2Result,
} from "./clientTypes";
export { resolveCredentialsProvider, OSS_CREDENTIAL_ENV } from "./credentials";
export { resolveEndpoint, normalizeRegion } from "./endpoint";
export type { EndpointOptions, ResolvedEndpoint, AddressingStyle } from "./endpoint";
export { signV4, presignV4, signV4Steps, presignV4Steps, v4CanonicalRequest, v4StringToSign, v4SigningKey } from "./signV4";
export { signV1, presignV1, signV1Steps, presignV1Steps, v1StringToSign } from "./signV1";
export { percentEncode, encodeKeyPath, encodeSymlinkTarget, decodeSymlinkTarget } from "./encoding";
export { OssError, LOCAL_ERROR_CODES, CREDENTIAL_ERROR_CODES } from "./ossError";
export type { OssErrorFields } from "./ossError";
export { parseError } from "./parseError";
export type { SignableRequest, Credentials, SignedHeaders, SignatureVersion } from "./types";
export { OBJECT_ACLS, SYMLINK_STORAGE_CLASSES } from "./constants";
export type { ObjectAcl, SymlinkStorageClass } from "./constants";
