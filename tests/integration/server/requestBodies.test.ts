/**
 * Request bodies: a hostile PutBucketVersioning document (tests/fixtures/hostileVersioningBodies.json)
 * answers 400 MalformedXML and changes nothing, and every operation has a body cap that a declared
 * Content-Length over it meets before the body is read. What those bodies cost next to a plain
 * request is measured by `npm run bench` (bench/hostileBodies.js), not asserted here.
 */
import * as http from "node:http";
import { startLocalOss, type LocalOss } from "../../../server";
import * as hostileBodies from "../../fixtures/hostileVersioningBodies.json";
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

const hostile: Array<[string, string]> = hostileBodies.bodies.map((b) => [b.name, b.parts.map(([text, times]) => String(text).repeat(Number(times))).join("")]);

test("hostile PutBucketVersioning bodies answer 400 MalformedXML and change nothing", async () => {
  const seen: Array<[string, number, string | undefined]> = [];
  for (const [name, body] of hostile) {
    const r = await putVersioning(body);
    seen.push([name, r.status, xmlField(r.text, "Code")]);
  }
  expect(seen).toEqual(hostile.map(([name]) => [name, 400, "MalformedXML"]));
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
