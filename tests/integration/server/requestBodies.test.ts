/**
 * Request bodies: PutBucketVersioning's XML is parsed by an XML parser in time linear in its
 * size (a hostile `<Status>` answers 400 MalformedXML as fast as a plain request), and every
 * operation has a body cap that a declared Content-Length over it meets before the body is read.
 */
import * as http from "node:http";
import { startLocalOss, type LocalOss } from "../../../server";
import { medianMs, withinBound } from "../../support/latency";
import { sendSigned, signRequest, xmlField, type RawResponse } from "./rawClient";

let oss: LocalOss;
beforeAll(async () => {
  oss = await startLocalOss({ buckets: ["xml"], maxObjectBytes: 1024 * 1024 });
});
afterAll(async () => {
  await oss.close();
});

const putVersioning = (body: string | Buffer, version: "v1" | "v4" = "v1"): Promise<RawResponse> =>
  sendSigned(oss, { method: "PUT", bucket: "xml", query: { versioning: null }, body, version });
const plain = (): Promise<RawResponse> => sendSigned(oss, { method: "GET", bucket: "xml", query: { versioning: null } });

const OPEN = `<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration><Status>`;
const hostile: Array<[string, string]> = [
  ["<Status> then 4,000 spaces, never closed", OPEN + " ".repeat(4000)],
  ["<Status> then 4,000 spaces and a letter, never closed", OPEN + " ".repeat(4000) + "x"],
  ["<Status>Enabled then 4,000 tabs, never closed", OPEN + "Enabled" + "\t".repeat(4000)],
  ["<Status> then 4,000 spaces then </Status without >", OPEN + " ".repeat(4000) + "Enabled</Status"],
  ["4,000 nested elements", `<VersioningConfiguration>${"<a>".repeat(4000)}`],
  ["1,700 unclosed <Status> elements", `<VersioningConfiguration>${"<Status> ".repeat(1700)}`],
  ["an entity expansion (billion laughs)", `<?xml version="1.0"?><!DOCTYPE v [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><VersioningConfiguration><Status>&d;&d;&d;&d;&d;&d;&d;&d;</Status></VersioningConfiguration>`],
  ["not XML", "Enabled"],
  ["wrong root element", "<Foo><Status>Enabled</Status></Foo>"],
  ["no <Status>", "<VersioningConfiguration></VersioningConfiguration>"],
  ["two <Status> elements", "<VersioningConfiguration><Status>Enabled</Status><Status>Suspended</Status></VersioningConfiguration>"],
  ["unclosed root", "<VersioningConfiguration><Status>Enabled</Status>"],
  ["mismatched closing tag", "<VersioningConfiguration><Status>Enabled</Statu></VersioningConfiguration>"],
  ["empty body", ""],
];

test("hostile PutBucketVersioning bodies answer 400 MalformedXML within 50 plain requests' time", async () => {
  const plainMs = await medianMs(plain, 15);
  const seen: Array<[string, number, string | undefined]> = [];
  let slowest = 0;
  for (const [name, body] of hostile) {
    const r = await withinBound(() => putVersioning(body), plain, plainMs, 50, 250);
    slowest = Math.max(slowest, r.ms);
    expect([name, r.ms <= r.boundMs ? "fast" : `${Math.round(r.ms)} ms > bound ${Math.round(r.boundMs)} ms`]).toEqual([name, "fast"]);
    seen.push([name, r.value.status, xmlField(r.value.text, "Code")]);
  }
  expect(seen).toEqual(hostile.map(([name]) => [name, 400, "MalformedXML"]));
  process.stdout.write(`requestBodies: ${hostile.length} hostile XML bodies, slowest ${slowest.toFixed(1)} ms, plain median ${plainMs.toFixed(1)} ms\n`);
  // Nothing above changed the bucket.
  expect((await plain()).text).toContain("<VersioningConfiguration></VersioningConfiguration>");
}, 120_000);

test("well-formed documents are accepted: whitespace, a BOM, a namespace, V1 and V4", async () => {
  const bucket = "xml-ok";
  await oss.createBucket(bucket);
  const put = (body: string | Buffer, version: "v1" | "v4" = "v1") =>
    sendSigned(oss, { method: "PUT", bucket, query: { versioning: null }, body, version });
  const status = async () => xmlField((await sendSigned(oss, { method: "GET", bucket, query: { versioning: null } })).text, "Status");

  expect((await put(`<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration>\n  <Status> Enabled </Status>\n</VersioningConfiguration>\n`)).status).toBe(200);
  expect(await status()).toBe("Enabled");
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>")]);
  expect((await put(bom, "v4")).status).toBe(200);
  expect(await status()).toBe("Suspended");
  expect((await put(`<VersioningConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"><Status>Enabled</Status></VersioningConfiguration>`)).status).toBe(200);
  expect(await status()).toBe("Enabled");
  const bad = await put("<VersioningConfiguration><Status>On</Status></VersioningConfiguration>");
  expect([bad.status, xmlField(bad.text, "Code")]).toEqual([400, "InvalidArgument"]);
});

/** Sends only the request head (with its Content-Length) and waits up to 5 s for a response. */
function headOnly(method: string, path: string, headers: Record<string, string | string[]>, declared: number): Promise<{ status: number; code?: string } | "no response within 5 s"> {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port: oss.port, method, path, headers: { ...headers, "content-length": String(declared) }, agent: false }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString("utf8")));
      res.on("end", () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, code: xmlField(text, "Code") });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve("no response within 5 s");
    }, 5000);
    req.on("error", () => undefined);
    req.flushHeaders();
  });
}

test.each([
  ["PutBucketVersioning", "PUT", { versioning: null }, undefined, 1024 * 1024],
  ["PutSymlink", "PUT", { symlink: null }, "k", 1024 * 1024],
  ["PutObjectACL", "PUT", { acl: null }, "k", 1024 * 1024],
  ["GetObject", "GET", {}, "k", 1024 * 1024],
  ["PutObject", "PUT", {}, "k", 1024 * 1024 + 1],
] as const)("%s with a declared Content-Length over its cap is refused before the body is sent", async (_op, method, query, key, declared) => {
  const { path, headers } = signRequest(oss, {
    method, bucket: "xml", key, query: { ...query },
    headers: { "x-oss-symlink-target": "t", "x-oss-object-acl": "private" },
  });
  expect(await headOnly(method, path, headers, declared)).toEqual({ status: 400, code: "EntityTooLarge" });
});

test("a chunked PutBucketVersioning body over the XML cap is refused; the server keeps serving", async () => {
  const body = `<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>${" ".repeat(100 * 1024)}`;
  const { path, headers } = signRequest(oss, { method: "PUT", bucket: "xml", query: { versioning: null } });
  const res = await new Promise<{ status: number; code?: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: oss.port, method: "PUT", path, headers: { ...headers, "transfer-encoding": "chunked" }, agent: false }, (r) => {
      let text = "";
      r.on("data", (c: Buffer) => (text += c.toString("utf8")));
      r.on("end", () => resolve({ status: r.statusCode ?? 0, code: xmlField(text, "Code") }));
    });
    req.on("error", reject);
    for (let i = 0; i < body.length; i += 4096) req.write(body.slice(i, i + 4096));
    req.end();
  });
  expect(res).toEqual({ status: 400, code: "EntityTooLarge" });
  expect((await plain()).status).toBe(200);
  expect((await plain()).text).not.toContain("<Status>Enabled</Status>");
});
