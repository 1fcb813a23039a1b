/**
 * The OSS client: the public methods, each one row of the operations table (operations.ts) run
 * through the one request pipeline (pipeline.ts). Options are checked in clientOptions.ts.
 */
import type {
  DeleteResult,
  GetObjectResult,
  GetSymlinkResult,
  HeadObjectResult,
  ListObjectsV2Input,
  ListObjectsV2Result,
  ObjectRef,
  OssClientApi,
  OssClientOptions,
  PutObjectInput,
  PutResult,
  PutSymlinkInput,
  VersioningStatus,
} from "./clientTypes";
import { resolveClientOptions } from "./clientOptions";
import type { ObjectAcl } from "./constants";
import { resolveCredentialsProvider } from "./credentials";
import { encodeKeyPath } from "./encoding";
import { bucketPathPrefix, type ResolvedEndpoint } from "./endpoint";
import {
  DELETE_OBJECT,
  GET_BUCKET_VERSIONING,
  GET_OBJECT,
  GET_OBJECT_ACL,
  GET_SYMLINK,
  HEAD_OBJECT,
  LIST_OBJECTS_V2,
  PUT_BUCKET_VERSIONING,
  PUT_OBJECT,
  PUT_OBJECT_ACL,
  PUT_SYMLINK,
} from "./operations";
import { RequestPipeline } from "./pipeline";
import { signV1 } from "./signV1";
import { signV4 } from "./signV4";
import type { CredentialsProvider } from "./clientTypes";

/**
 * OSS client over undici. Construct with {@link createOssClient}.
 *
 * @example
 * const client = createOssClient({ region: "cn-hangzhou" });
 * await client.putSymlink({ bucket: "my-bucket", key: "latest", target: "releases/v2.tar.gz" });
 * await client.close();
 */
export class OssClient implements OssClientApi {
  private readonly endpoint: ResolvedEndpoint;
  private readonly credentials: CredentialsProvider;
  private readonly pipeline: RequestPipeline;

  constructor(options: OssClientOptions) {
    const resolved = resolveClientOptions(options);
    this.endpoint = resolved.endpoint;
    this.credentials = resolveCredentialsProvider(options.credentials);
    this.pipeline = new RequestPipeline(
      resolved,
      this.credentials,
      options.signatureVersion === "v1" ? signV1 : signV4,
      options.dispatcher,
    );
  }

  /** The resolved endpoint (scheme, host, addressing style, signing region). */
  get resolvedEndpoint(): Readonly<ResolvedEndpoint> {
    return this.endpoint;
  }

  putSymlink(input: PutSymlinkInput): Promise<PutResult> {
    return this.pipeline.run(PUT_SYMLINK, input);
  }

  getSymlink(ref: ObjectRef): Promise<GetSymlinkResult> {
    return this.pipeline.run(GET_SYMLINK, ref);
  }

  headObject(ref: ObjectRef): Promise<HeadObjectResult> {
    return this.pipeline.run(HEAD_OBJECT, ref);
  }

  getObject(ref: ObjectRef): Promise<GetObjectResult> {
    return this.pipeline.run(GET_OBJECT, ref);
  }

  putObject(input: PutObjectInput): Promise<PutResult> {
    return this.pipeline.run(PUT_OBJECT, input);
  }

  deleteObject(ref: ObjectRef): Promise<DeleteResult> {
    return this.pipeline.run(DELETE_OBJECT, ref);
  }

  putObjectAcl(ref: ObjectRef & { acl: ObjectAcl }): Promise<{ versionId?: string }> {
    return this.pipeline.run(PUT_OBJECT_ACL, ref);
  }

  getObjectAcl(ref: ObjectRef): Promise<{ acl: ObjectAcl; versionId?: string }> {
    return this.pipeline.run(GET_OBJECT_ACL, ref);
  }

  getBucketVersioning(bucket: string): Promise<VersioningStatus> {
    return this.pipeline.run(GET_BUCKET_VERSIONING, bucket);
  }

  putBucketVersioning(bucket: string, status: "Enabled" | "Suspended"): Promise<void> {
    return this.pipeline.run(PUT_BUCKET_VERSIONING, { bucket, status });
  }

  listObjectsV2(input: ListObjectsV2Input): Promise<ListObjectsV2Result> {
    return this.pipeline.run(LIST_OBJECTS_V2, input);
  }

  objectUrl(bucket: string, key: string): string {
    return `${this.pipeline.originFor(bucket)}${bucketPathPrefix(this.endpoint, bucket)}${encodeKeyPath(key)}`;
  }

  async credentialSource(): Promise<string> {
    await this.credentials.getCredentials();
    return this.credentials.describe();
  }

  close(): Promise<void> {
    return this.pipeline.close();
  }
}

/**
 * Creates an OSS client. Nothing is resolved or connected until the first call except the
 * endpoint, which is validated here.
 *
 * @throws TypeError for a malformed region, endpoint or option.
 */
export function createOssClient(options: OssClientOptions): OssClient {
  return new OssClient(options);
}
