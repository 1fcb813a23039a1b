// Several OSS symbolic links in one bucket, and one in a versioned bucket.
//
// Config (all optional; `npm run demo` sets them for the local server):
//   bucket           bucket of the plain links           (default "demo")
//   versionedBucket  versioned bucket of the pinned link (default "demo-versioned")
//   latestTarget     what `app/latest.js` points at      (default "releases/v1/app.js")
// Provider config: alicloud:region, alicloud:accessKey, alicloud:secretKey (secret) or any other
// alicloud:* identity setting (docs/configuration.md), and `pulumi-oss-symlink:endpoint` only for
// a non-Alibaba endpoint such as the local server.
import * as pulumi from "@pulumi/pulumi";
import { Symlink } from "pulumi-oss-symlink";

const config = new pulumi.Config();
const bucket = config.get("bucket") ?? "demo";
const versionedBucket = config.get("versionedBucket") ?? "demo-versioned";
// The one link meant to move: retarget it with `pulumi config set latestTarget releases/v2/app.js`.
const latestTarget = config.get("latestTarget") ?? "releases/v1/app.js";

const latest = new Symlink("app-latest", {
  bucket,
  key: "app/latest.js",
  target: latestTarget,
  // A moving pointer must not be cached for long; the content type is the link's own, so a GET
  // through it is served as JavaScript whatever the target's type is.
  contentType: "application/javascript",
  cacheControl: "no-cache",
  metadata: { channel: "latest" },
});

const stable = new Symlink("app-stable", {
  bucket,
  key: "app/stable.js",
  target: "releases/v1/app.js",
  contentType: "application/javascript",
  metadata: { channel: "stable" },
});

const home = new Symlink("docs-home", {
  bucket,
  key: "index.html",
  target: "docs/index.html",
  contentType: "text/html; charset=utf-8",
});

// On a versioned bucket every PutSymlink is a new version of the key; `versionId` says which.
const pinned = new Symlink("pinned-app", {
  bucket: versionedBucket,
  key: "app/pinned.js",
  target: "releases/v1/app.js",
  contentType: "application/javascript",
});

function describe(link: Symlink) {
  return {
    bucket: link.bucket,
    key: link.key,
    target: link.target,
    etag: link.etag,
    versionId: link.versionId,
    url: link.url,
  };
}

/** Every link, by resource name: what the demo prints and probes. */
export const links = {
  "app-latest": describe(latest),
  "app-stable": describe(stable),
  "docs-home": describe(home),
  "pinned-app": describe(pinned),
};
