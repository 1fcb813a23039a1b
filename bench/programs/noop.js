// The baseline: the same number of dynamic resources with the same input shape, whose provider
// does nothing (no network, no imports). `ours / this` is what the Symlink provider adds on
// top of the engine's own per-resource cost. args: { n, bucket, prefix }
"use strict";
const pulumi = require("@pulumi/pulumi");

const noopProvider = {
  async create(inputs) {
    return { id: `${inputs.bucket}/${inputs.key}`, outs: inputs };
  },
  async diff() {
    return { changes: false };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};

class NoopLink extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(noopProvider, name, args, opts, "bench", "NoopLink");
  }
}

module.exports = function program({ n, bucket, prefix }) {
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(4, "0");
    new NoopLink(`link-${id}`, { bucket, key: `${prefix}/link-${id}`, target: `${prefix}/target-${id}.bin` });
  }
  return {};
};
