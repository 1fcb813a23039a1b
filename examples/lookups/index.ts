// Links that are checked before they are written, and links read back:
//
// * `app/latest.js` points at a release this program uploads (`Upload` below, a stand-in for
//   `alicloud.oss.BucketObject`). Its `target` is the upload's `key` output, so the engine writes
//   the link only after the upload, and `verifyTarget: true` HEADs the target before PutSymlink.
// * `app/stable.js` points at a key your release process uploads. With `verifyTarget: true`,
//   `pulumi up` refuses to write a link to a key that does not exist, is itself a link, or is
//   Archive/ColdArchive, and `pulumi preview --refresh` shows a target that has since gone.
// * `getSymlinkOutput` reads app/latest.js back once it is written; `getSymlink` and
//   `Symlink.get` read a link that another stack or tool manages (`sharedKey`).
import * as pulumi from "@pulumi/pulumi";
import { getSymlink, getSymlinkOutput, Symlink } from "pulumi-oss-symlink";

const config = new pulumi.Config();
const bucket = config.get("bucket") ?? "demo";
const release = config.get("release") ?? "v1";
const stableTarget = config.get("stableTarget") ?? "releases/stable/app.js";
const sharedKey = config.get("sharedKey") ?? "shared/current.js";
// On by default here; off, create and update are one PutSymlink each and refresh sends no HEAD.
const verifyTarget = config.getBoolean("verifyTarget") ?? true;
const cacheControl = config.get("cacheControl") ?? "no-cache";

interface UploadArgs {
  bucket: pulumi.Input<string>;
  key: pulumi.Input<string>;
  content: pulumi.Input<string>;
}

/**
 * A small text object in OSS, uploaded with the package's own client and the stack's config. In a
 * real stack use `alicloud.oss.BucketObject` (examples/with-alicloud); this one also runs against
 * the embedded OSS server.
 */
class Upload extends pulumi.dynamic.Resource {
  declare public readonly key: pulumi.Output<string>;

  constructor(name: string, args: UploadArgs, opts?: pulumi.CustomResourceOptions) {
    super(uploadProvider, name, args, opts, "oss-symlink-lookups", "Upload");
  }
}

/** The upload's OSS client, from the stack config keys a Symlink reads (docs/configuration.md). */
function uploadClient(c: pulumi.dynamic.Config | undefined) {
  const { createOssClient } = require("pulumi-oss-symlink/oss");
  return createOssClient({
    region: c?.get("alicloud:region"),
    endpoint: c?.get("pulumi-oss-symlink:endpoint") ?? process.env.OSS_ENDPOINT,
    ...(c?.get("alicloud:accessKey") !== undefined
      ? { credentials: { accessKeyId: c.get("alicloud:accessKey"), accessKeySecret: c.get("alicloud:secretKey"), securityToken: c.get("alicloud:securityToken") } }
      : {}),
  });
}

const uploadProvider: pulumi.dynamic.ResourceProvider & { config?: pulumi.dynamic.Config } = {
  async configure(req) {
    this.config = req.config;
  },
  async create(inputs) {
    const client = uploadClient(this.config);
    try {
      await client.putObject({ bucket: inputs.bucket, key: inputs.key, body: inputs.content, contentType: "application/javascript" });
    } finally {
      await client.close();
    }
    return { id: `${inputs.bucket}/${inputs.key}`, outs: inputs };
  },
  async delete(_id, props) {
    const client = uploadClient(this.config);
    try {
      await client.deleteObject({ bucket: props.bucket, key: props.key });
    } finally {
      await client.close();
    }
  },
};

// Uploaded by this program: the link's target is the upload's output, so the link waits for it.
const build = new Upload(`app-${release}`, { bucket, key: `releases/${release}/app.js`, content: `console.log("app ${release}");\n` });
const latest = new Symlink("app-latest", {
  bucket,
  key: "app/latest.js",
  target: build.key,
  contentType: "application/javascript",
  cacheControl,
  verifyTarget,
});

// Uploaded by someone else: verifyTarget refuses a target that would not serve reads.
const stable = new Symlink("app-stable", {
  bucket,
  key: "app/stable.js",
  target: stableTarget,
  contentType: "application/javascript",
  cacheControl,
  verifyTarget,
});

// Read back once written: the live link, as OSS reports it.
const latestLive = getSymlinkOutput({ bucket, key: latest.key }, { dependsOn: [latest] });

// A link this stack does not manage, read two ways: as a plain value, and as a read-only resource.
const shared = getSymlink({ bucket, key: sharedKey });
const sharedResource = Symlink.get("shared", `${bucket}/${sharedKey}`);

export const latestTarget = latest.target;
export const latestLiveTarget = latestLive.target;
export const latestLiveEtag = latestLive.etag;
export const stableUrl = stable.url;
export const sharedTarget = shared.then((l) => l.target);
export const sharedManagedByPulumi = shared.then((l) => l.managedByPulumi);
export const sharedLastModified = shared.then((l) => l.lastModified);
export const sharedResourceTarget = sharedResource.target;
export const sharedResourceEtag = sharedResource.etag;
