// A Pulumi program that declares Symlink resources exactly as a user's program would:
// `require("pulumi-oss-symlink")` by package name (the repo links itself into node_modules; run
// `npm run build` first). Region, endpoint and credentials come from stack config, not args.
//
// args: { links: [{ name, bucket, key, target, ...other SymlinkArgs }] }
// Each link's `name` is its Pulumi resource name; the outputs are `{ [name]: { url, target, ownerToken } }`.
"use strict";
const { Symlink } = require("pulumi-oss-symlink");

module.exports = function program(args) {
  const outputs = {};
  for (const link of args.links || []) {
    const { name, ...props } = link;
    const r = new Symlink(name, props);
    outputs[name] = { url: r.url, target: r.target, ownerToken: r.ownerToken };
  }
  return outputs;
};
