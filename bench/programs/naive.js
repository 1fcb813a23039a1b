// A "naive" dynamic provider, written the way many first dynamic providers are: the OSS SDK
// imported at module level and captured by the provider's methods, a client built per call,
// settings captured from the program's scope. Used only to compare the size of the serialized
// `__provider` in state. args: { n, bucket, prefix, endpoint, accessKeyId, accessKeySecret }
"use strict";
const pulumi = require("@pulumi/pulumi");
const OSS = require("ali-oss");

module.exports = function program({ n, bucket, prefix, endpoint, accessKeyId, accessKeySecret }) {
  const settings = { endpoint, region: "oss-cn-hangzhou", accessKeyId, accessKeySecret };
  const clientFor = (b) => new OSS({ ...settings, bucket: b, cname: false });
  const naiveProvider = {
    async create(inputs) {
      await clientFor(inputs.bucket).putSymlink(inputs.key, inputs.target);
      return { id: `${inputs.bucket}/${inputs.key}`, outs: inputs };
    },
    async update(_id, _olds, news) {
      await clientFor(news.bucket).putSymlink(news.key, news.target);
      return { outs: news };
    },
    async delete(_id, props) {
      await clientFor(props.bucket).delete(props.key);
    },
  };
  class NaiveLink extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
      super(naiveProvider, name, args, opts, "bench", "NaiveLink");
    }
  }
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(4, "0");
    new NaiveLink(`link-${id}`, { bucket, key: `${prefix}/link-${id}`, target: `${prefix}/target-${id}.bin` });
  }
  return {};
};
