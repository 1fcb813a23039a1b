// The concurrency baseline: N dynamic resources whose provider does nothing but one plain HTTP
// request per operation (create, read, delete) to the local server, with no SDK, signing or
// retries. The local server's in-flight count during its `up` and `refresh` is the parallelism
// the engine actually offers a provider whose operations take as long as one request, which is
// what the Symlink provider's own in-flight count is compared with. args: { n, bucket, prefix, endpoint }
"use strict";
const pulumi = require("@pulumi/pulumi");

module.exports = function program({ n, bucket, prefix, endpoint }) {
  // Captured by value into the serialized provider (a string).
  const url = `${endpoint}/${bucket}/?one-request-baseline`;
  const oneRequest = async () => {
    const res = await fetch(url);
    await res.arrayBuffer();
  };
  const provider = {
    async create(inputs) {
      await oneRequest();
      return { id: `${inputs.bucket}/${inputs.key}`, outs: inputs };
    },
    async read(id, props) {
      await oneRequest();
      return { id, props };
    },
    async diff() {
      return { changes: false };
    },
    async update(_id, _olds, news) {
      return { outs: news };
    },
    async delete() {
      await oneRequest();
    },
  };
  class OneRequestLink extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
      super(provider, name, args, opts, "bench", "OneRequestLink");
    }
  }
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(4, "0");
    new OneRequestLink(`link-${id}`, { bucket, key: `${prefix}/link-${id}`, target: `${prefix}/target-${id}.bin` });
  }
  return {};
};
