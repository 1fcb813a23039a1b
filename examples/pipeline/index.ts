// The program the pipeline deploys: one "latest" pointer, moved by a reviewed change of the stack
// config (`pulumi config set release v2` in a pull request). See README.md for the pipeline.
import * as pulumi from "@pulumi/pulumi";
import { Symlink } from "pulumi-oss-symlink";

const config = new pulumi.Config();
const bucket = config.require("bucket");
const release = config.get("release") ?? "v1";

const latest = new Symlink("app-latest", {
  bucket,
  key: "app/latest.js",
  target: `releases/${release}/app.js`,
  contentType: "application/javascript",
  cacheControl: "no-cache",
  metadata: { release },
});

export const latestUrl = latest.url;
export const latestTarget = latest.target;
