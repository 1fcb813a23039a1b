/**
 * A preview runs only `check` and `diff`, which send nothing: the provider process must not load
 * the HTTP client (undici, the XML parser), which costs most of the implementation's load time
 * and ~30 MB (docs/performance.md). A create whose PutSymlink succeeds reads no XML, so it does
 * not load the XML parser either; the first XML document read does. Checked in a plain node
 * process on the compiled dist/, by what is in `require.cache`.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const implJs = path.join(root, "dist", "provider", "impl.js");

const childScript = `
const impl = require(${JSON.stringify(implJs)});
const loaded = () => Object.keys(require.cache).filter((f) => /[\\\\/]undici[\\\\/]|[\\\\/]fast-xml-parser[\\\\/]|[\\\\/]provider[\\\\/]oss[\\\\/]client\\.js$/.test(f)).length;
const http = require("node:http");
const xmlParserLoaded = () => Object.keys(require.cache).some((f) => /[\\\\/]fast-xml-parser[\\\\/]/.test(f));
// Answers every request 200 with an ETag and no body: a PutSymlink that succeeds; a GetObjectACL
// whose empty body the client reads as XML (and refuses).
const server = http.createServer((req, res) => { req.resume(); res.writeHead(200, { etag: '"0123456789ABCDEF0123456789ABCDEF"', "x-oss-request-id": "5C3D9175B6FC201293AD0001" }); res.end(); });
(async () => {
  await impl.configure({ config: { get: (k) => ({ "alicloud:accessKey": "AKID", "alicloud:secretKey": "s", "alicloud:region": "cn-hangzhou" })[k] } });
  const news = { bucket: "my-bucket", key: "k", target: "t", ownerId: "0123456789abcdef" };
  const checked = await impl.check({}, news);
  const d = await impl.diff("my-bucket/k", { ...checked.inputs, target: "old" }, checked.inputs);
  const afterPreview = loaded();
  // A refresh builds the client: against a closed port it fails, but the client module is loaded.
  await impl.read("my-bucket/k", { ...checked.inputs, endpoint: "http://127.0.0.1:9" }).catch(() => undefined);
  const afterRead = loaded();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = "http://127.0.0.1:" + server.address().port;
  const created = await impl.create({ ...checked.inputs, endpoint });
  const xmlAfterCreate = xmlParserLoaded();
  await impl.read(created.id, { ...created.outs, endpoint }).catch(() => undefined);
  process.stdout.write(JSON.stringify({ failures: checked.failures, replaces: d.replaces, afterPreview, afterRead, createdId: created.id, xmlAfterCreate, xmlAfterRead: xmlParserLoaded() }));
  await impl.shutdown();
  server.close();
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe("the HTTP client is loaded on first use", () => {
  it("check and diff leave undici, the XML parser and the client unloaded; the first request loads the client, the first XML document the parser", () => {
    if (!fs.existsSync(implJs)) throw new Error(`${implJs} is missing: run \`npm run build\` first`);
    const out = JSON.parse(execFileSync(process.execPath, ["-e", childScript], { cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" } }));
    expect(out.failures).toEqual([]);
    expect(out.replaces).toEqual(["target"]);
    expect(out.afterPreview).toBe(0);
    expect(out.afterRead).toBeGreaterThanOrEqual(2);
    expect(out.createdId).toBe("my-bucket/k");
    expect(out.xmlAfterCreate).toBe(false);
    expect(out.xmlAfterRead).toBe(true);
  });
});
