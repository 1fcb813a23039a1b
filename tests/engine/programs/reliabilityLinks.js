// Program for the engine reliability tests (tests/reliability/engine*.test.ts): one Symlink per
// entry of `args.links`, every other field of an entry passed through as the resource's input
// unchanged (so bad-input tests can hand check() exactly the value under test).
//
// args: { bucket?: string, links: [{ name: string, ...SymlinkArgs }] }
// outputs: { count } — nothing per link, so a 200-link stack keeps its outputs small.
"use strict";

module.exports = async function program(args) {
  // Required at run time, as a user's program would, so the serialized provider is the package's.
  const { Symlink } = require("pulumi-oss-symlink");
  for (const link of args.links) {
    const { name, ...props } = link;
    new Symlink(name, { ...(args.bucket !== undefined ? { bucket: args.bucket } : {}), ...props });
  }
  return { count: args.links.length };
};
