// `n` Symlink resources, declared as a user's program would (`require("pulumi-oss-symlink")`).
// Region, endpoint and credentials come from stack config. args: { n, bucket, prefix }
"use strict";
const { Symlink } = require("pulumi-oss-symlink");

module.exports = function program({ n, bucket, prefix }) {
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(4, "0");
    new Symlink(`link-${id}`, { bucket, key: `${prefix}/link-${id}`, target: `${prefix}/target-${id}.bin` });
  }
  return {};
};
