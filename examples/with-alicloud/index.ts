// A bucket managed by the official Alibaba Cloud provider (@pulumi/alicloud), two release objects
// in it, and symbolic links into it managed by pulumi-oss-symlink. Both providers read the same
// stack config (Pulumi.dev.yaml: alicloud:region and alicloud:profile, or any other alicloud:*
// identity setting, docs/configuration.md), so the links are written as the identity that owns
// the bucket.
//
// Real Alibaba Cloud account only: @pulumi/alicloud is a Terraform-bridged provider plugin that
// talks to Alibaba Cloud's control plane; the local OSS server cannot stand in for it.
import * as pulumi from "@pulumi/pulumi";
import * as alicloud from "@pulumi/alicloud";
import { Symlink } from "pulumi-oss-symlink";

const config = new pulumi.Config();
// Bucket names are global across Alibaba Cloud: pick your own.
const requestedName = config.require("bucketName");
const release = config.get("release") ?? "v1";

const bucket = new alicloud.oss.Bucket("releases", {
  bucket: requestedName,
  versioning: { status: "Enabled" },
  // Lets `pulumi destroy` remove the bucket although it holds object versions and delete markers.
  forceDestroy: true,
  tags: { "managed-by": "pulumi", example: "pulumi-oss-symlink" },
});

// OSS does not require a link's target to exist; uploading the objects first (and depending on
// them) just makes a GET through the link work as soon as the link exists.
const releases = ["v1", "v2"].map(
  (v) =>
    new alicloud.oss.BucketObject(`app-${v}`, {
      bucket: bucket.bucket,
      key: `releases/${v}/app.js`,
      content: `console.log("app ${v}");\n`,
      contentType: "application/javascript",
    }),
);

const latest = new Symlink(
  "app-latest",
  {
    bucket: bucket.bucket,
    key: "app/latest.js",
    target: `releases/${release}/app.js`,
    contentType: "application/javascript",
    cacheControl: "no-cache",
  },
  { dependsOn: releases },
);

const stable = new Symlink(
  "app-stable",
  {
    bucket: bucket.bucket,
    key: "app/stable.js",
    target: "releases/v1/app.js",
    contentType: "application/javascript",
  },
  { dependsOn: releases },
);

export const bucketName = bucket.bucket;
export const bucketEndpoint = bucket.extranetEndpoint;
export const latestUrl = latest.url;
export const latestTarget = latest.target;
export const latestVersionId = latest.versionId;
export const stableUrl = stable.url;
