// A minimal Pulumi program for proving the engine harness: each `Marker` is a dynamic resource
// whose provider writes a file on create, rewrites it on update, reports it gone on refresh when
// the file was removed, and deletes it on delete. The file system is the "cloud", so a test can
// see that the engine really ran each provider method in the provider plugin process.
//
// To prove the channels that real providers use for endpoints and credentials, the file content
// is `<config prefix><text><env suffix>`: the prefix is the stack config key `<project>:prefix`
// (secret or not) delivered through `configure`, the suffix is MARKER_SUFFIX in the provider
// process's environment at call time. Both are absent by default.
//
// args: { dir: string, markers: [{ name: string, text: string }] }
"use strict";
const pulumi = require("@pulumi/pulumi");

// One provider object for every Marker, so it is serialized once (Pulumi caches by identity).
// Methods require their modules at call time: nothing but the method text is captured.
const markerProvider = {
  async configure(req) {
    this.prefix = req.config.get("prefix") || "";
  },
  content(text) {
    return `${this.prefix || ""}${text}${process.env.MARKER_SUFFIX || ""}`;
  },
  async create(inputs) {
    const fs = require("node:fs");
    const file = require("node:path").join(inputs.dir, inputs.name);
    fs.writeFileSync(file, this.content(inputs.text), { flag: "wx" });
    return { id: file, outs: { dir: inputs.dir, name: inputs.name, text: inputs.text, file } };
  },
  async diff(_id, olds, news) {
    const replaces = olds.dir !== news.dir || olds.name !== news.name ? ["name"] : [];
    return { changes: replaces.length > 0 || olds.text !== news.text, replaces };
  },
  async update(id, _olds, news) {
    require("node:fs").writeFileSync(id, this.content(news.text));
    return { outs: { dir: news.dir, name: news.name, text: news.text, file: id } };
  },
  async read(id, props) {
    const fs = require("node:fs");
    if (!fs.existsSync(id)) return {};
    return { id, props: { ...props, text: fs.readFileSync(id, "utf8") } };
  },
  async delete(id) {
    require("node:fs").rmSync(id, { force: true });
  },
};

class Marker extends pulumi.dynamic.Resource {
  constructor(name, props, opts) {
    super(markerProvider, name, { ...props, file: undefined }, opts, "harness", "Marker");
  }
}

module.exports = async function program(args) {
  const outputs = {};
  for (const m of args.markers) {
    const r = new Marker(m.name, { dir: args.dir, name: m.name, text: m.text });
    outputs[m.name] = r.file;
  }
  return outputs;
};
