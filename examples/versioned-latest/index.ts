// A "latest" pointer on a versioned bucket, moved from release to release by one config value.
//
//   pulumi config set release v1.1.0 && pulumi up
//
// Each release is an object `releases/<release>/app.tar.gz` uploaded by your release process
// (this program does not upload it). Moving the pointer is a replacement of the Symlink: the new
// link is written over the same key first (one atomic PutSymlink, so readers never see a gap),
// then the old resource's delete finds that the live link is no longer its own and leaves it.
// See README.md for what that leaves in the bucket's version history.
import * as pulumi from "@pulumi/pulumi";
import { Symlink } from "pulumi-oss-symlink";

const config = new pulumi.Config();
const bucket = config.get("bucket") ?? "demo-versioned";
const release = config.require("release");
const prefix = config.get("prefix") ?? "releases";

const latest = new Symlink("latest", {
  bucket,
  key: `${prefix}/latest/app.tar.gz`,
  target: `${prefix}/${release}/app.tar.gz`,
  contentType: "application/gzip",
  contentDisposition: `attachment; filename="app-${release}.tar.gz"`,
  cacheControl: "no-cache",
  metadata: { release },
});

/** The release the pointer resolves to now. */
export const currentRelease = release;
/** Key and target of the pointer. */
export const latestKey = latest.key;
export const latestTarget = latest.target;
/** The version of the link object this release wrote: fetch it to see what "latest" meant then. */
export const latestVersionId = latest.versionId;
export const latestUrl = latest.url;
