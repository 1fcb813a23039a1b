import { Agent } from "undici";
import { createOssClient, type OssClient } from "../../../provider/oss/client";
import { OssError } from "../../../provider/oss/ossError";
import { loopbackClients } from "../../support/loopbackClients";
import { errorXml, startLoopbackServer } from "../../support/loopbackServer";

const CREDS = { accessKeyId: "AKID-test", accessKeySecret: "SECRET-test" };

const { setup, track } = loopbackClients(CREDS);

const xml = (s: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n${s}`;

describe("request shapes", () => {
  test("putSymlink: PUT /bucket/key?symlink with every header, empty body", async () => {
    const { server, client } = await setup([
      { status: 200, headers: { etag: '"136A5E127272200EDAB170DD84DE0000"', "x-oss-version-id": "CAEQNRiBgMClj7qD0BYi", "x-oss-request-id": "5CAC40C8B7AEADE01700064B" } },
    ]);
    const result = await client.putSymlink({
      bucket: "bkt",
      key: "links/a b+c.txt",
      target: "releases/v1.2.3/report 2024+final.txt",
      acl: "public-read",
      storageClass: "IA",
      forbidOverwrite: true,
      metadata: { Owner: "team-a", "build-id": "42" },
      contentType: "text/plain",
      cacheControl: "no-cache",
      contentDisposition: 'attachment; filename="x.txt"',
    });
    expect(result).toEqual({
      etag: "136A5E127272200EDAB170DD84DE0000",
      versionId: "CAEQNRiBgMClj7qD0BYi",
      requestId: "5CAC40C8B7AEADE01700064B",
    });
    const req = server.requests[0]!;
    expect(req.method).toBe("PUT");
    expect(req.url).toBe("/bkt/links/a%20b%2Bc.txt?symlink");
    expect(req.headers["x-oss-symlink-target"]).toBe("releases/v1.2.3/report%202024%2Bfinal.txt");
    expect(req.headers["x-oss-object-acl"]).toBe("public-read");
    expect(req.headers["x-oss-storage-class"]).toBe("IA");
    expect(req.headers["x-oss-forbid-overwrite"]).toBe("true");
    expect(req.headers["x-oss-meta-owner"]).toBe("team-a");
    expect(req.headers["x-oss-meta-build-id"]).toBe("42");
    expect(req.headers["content-type"]).toBe("text/plain");
    expect(req.headers["cache-control"]).toBe("no-cache");
    expect(req.headers["content-disposition"]).toBe('attachment; filename="x.txt"');
    expect(req.headers["content-length"]).toBe("0");
    expect(req.body.length).toBe(0);
    expect(req.headers.host).toBe(`127.0.0.1:${server.port}`);
    expect(req.headers.authorization).toMatch(/^OSS4-HMAC-SHA256 Credential=AKID-test\/\d{8}\/cn-hangzhou\/oss\/aliyun_v4_request,/);
    expect(req.headers["x-oss-date"]).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req.headers["x-oss-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect(req.headers.date).toMatch(/GMT$/);
  });

  test("putSymlink minimal: no optional headers; forbidOverwrite false sends nothing", async () => {
    const { server, client } = await setup([{ status: 200, headers: { etag: '"E"' } }]);
    await client.putSymlink({ bucket: "bkt", key: "k", target: "目录/链接 1.txt", forbidOverwrite: false });
    const req = server.requests[0]!;
    expect(req.headers["x-oss-symlink-target"]).toBe("%E7%9B%AE%E5%BD%95/%E9%93%BE%E6%8E%A5%201.txt");
    for (const name of ["x-oss-object-acl", "x-oss-storage-class", "x-oss-forbid-overwrite", "content-type", "cache-control"]) {
      expect(req.headers[name]).toBeUndefined();
    }
  });

  test("keys with dot segments reach the server verbatim", async () => {
    const { server, client } = await setup([{ status: 200, headers: { etag: '"E"' } }]);
    await client.putSymlink({ bucket: "bkt", key: "a/../b/./c", target: "../x" });
    expect(server.requests[0]!.url).toBe("/bkt/a/../b/./c?symlink");
    expect(server.requests[0]!.headers["x-oss-symlink-target"]).toBe("../x");
  });

  test("getSymlink: GET ?symlink&versionId, decodes the target, metadata without prefix", async () => {
    const { server, client } = await setup([
      {
        status: 200,
        headers: {
          "x-oss-symlink-target": "releases/v1.2.3/report%202024%2Bfinal.txt",
          etag: '"A797938C31D59EDD08D86188F6D50000"',
          "last-modified": "Fri, 24 Feb 2012 06:07:48 GMT",
          "x-oss-version-id": "v1",
          "x-oss-meta-owner": "team-a",
          "content-type": "text/plain",
          "x-oss-request-id": "RID",
        },
      },
    ]);
    const result = await client.getSymlink({ bucket: "bkt", key: "link", versionId: "v1" });
    expect(result).toEqual({
      target: "releases/v1.2.3/report 2024+final.txt",
      etag: "A797938C31D59EDD08D86188F6D50000",
      lastModified: "Fri, 24 Feb 2012 06:07:48 GMT",
      versionId: "v1",
      metadata: { owner: "team-a" },
      contentType: "text/plain",
      requestId: "RID",
    });
    const req = server.requests[0]!;
    expect(req.method).toBe("GET");
    expect(req.url).toBe("/bkt/link?symlink&versionId=v1");
  });

  test("getSymlink without the target header is InvalidResponse", async () => {
    const { client } = await setup([{ status: 200 }]);
    await expect(client.getSymlink({ bucket: "bkt", key: "link" })).rejects.toMatchObject({
      code: "InvalidResponse",
      message: expect.stringContaining("no x-oss-symlink-target header"),
    });
  });

  test("headObject: HEAD, reads type, length, storage class and the link's metadata", async () => {
    const { server, client } = await setup([
      {
        status: 200,
        headers: {
          "content-length": "344606",
          etag: '"5B3C1A2E053D1B002CC607C5A0000000"',
          "x-oss-object-type": "Symlink",
          "x-oss-storage-class": "Standard",
          "last-modified": "Fri, 24 Feb 2012 06:07:48 GMT",
          "x-oss-meta-a": "1",
          "cache-control": "max-age=60",
          "content-disposition": "inline",
        },
      },
    ]);
    const result = await client.headObject({ bucket: "bkt", key: "dir/obj" });
    expect(result).toEqual({
      etag: "5B3C1A2E053D1B002CC607C5A0000000",
      contentLength: 344606,
      objectType: "Symlink",
      storageClass: "Standard",
      lastModified: "Fri, 24 Feb 2012 06:07:48 GMT",
      metadata: { a: "1" },
      cacheControl: "max-age=60",
      contentDisposition: "inline",
    });
    expect(server.requests[0]!.method).toBe("HEAD");
    expect(server.requests[0]!.url).toBe("/bkt/dir/obj");
  });

  test("getObject returns the body as a Buffer", async () => {
    const { server, client } = await setup([{ status: 200, headers: { etag: '"E1"', "content-type": "application/octet-stream" }, body: Buffer.from([0, 1, 2, 255]) }]);
    const result = await client.getObject({ bucket: "bkt", key: "bin", versionId: "null" });
    expect(Buffer.isBuffer(result.body)).toBe(true);
    expect([...result.body]).toEqual([0, 1, 2, 255]);
    expect(result.contentLength).toBe(4);
    expect(result.etag).toBe("E1");
    expect(server.requests[0]!.url).toBe("/bkt/bin?versionId=null");
  });

  test("putObject sends the body and headers", async () => {
    const { server, client } = await setup([{ status: 200, headers: { etag: '"D41D8CD98F00B204E9800998ECF8427E"' } }]);
    const result = await client.putObject({ bucket: "bkt", key: "t.txt", body: "hello", contentType: "text/plain", acl: "private", metadata: { K: "v" } });
    expect(result.etag).toBe("D41D8CD98F00B204E9800998ECF8427E");
    const req = server.requests[0]!;
    expect(req.method).toBe("PUT");
    expect(req.url).toBe("/bkt/t.txt");
    expect(req.body.toString()).toBe("hello");
    expect(req.headers["content-length"]).toBe("5");
    expect(req.headers["content-type"]).toBe("text/plain");
    expect(req.headers["x-oss-object-acl"]).toBe("private");
    expect(req.headers["x-oss-meta-k"]).toBe("v");
  });

  test("deleteObject: DELETE with versionId; reads the delete marker", async () => {
    const { server, client } = await setup([
      { status: 204, headers: { "x-oss-delete-marker": "true", "x-oss-version-id": "marker-1" } },
      { status: 204 },
    ]);
    await expect(client.deleteObject({ bucket: "bkt", key: "link", versionId: "v 1" })).resolves.toEqual({ deleteMarker: true, versionId: "marker-1" });
    await expect(client.deleteObject({ bucket: "bkt", key: "link" })).resolves.toEqual({ deleteMarker: false });
    expect(server.requests[0]!.method).toBe("DELETE");
    expect(server.requests[0]!.url).toBe("/bkt/link?versionId=v%201");
    expect(server.requests[1]!.url).toBe("/bkt/link");
  });

  test("putObjectAcl: PUT ?acl with the ACL header, no body", async () => {
    const { server, client } = await setup([{ status: 200, headers: { "x-oss-version-id": "v9" } }]);
    await expect(client.putObjectAcl({ bucket: "bkt", key: "link", acl: "private", versionId: "v9" })).resolves.toEqual({ versionId: "v9" });
    const req = server.requests[0]!;
    expect(req.method).toBe("PUT");
    expect(req.url).toBe("/bkt/link?acl&versionId=v9");
    expect(req.headers["x-oss-object-acl"]).toBe("private");
    expect(req.body.length).toBe(0);
  });

  test("getObjectAcl: GET ?acl, parses the grant", async () => {
    const { server, client } = await setup([
      {
        status: 200,
        headers: { "content-type": "application/xml" },
        body: xml("<AccessControlPolicy><Owner><ID>1</ID><DisplayName>1</DisplayName></Owner><AccessControlList><Grant>default</Grant></AccessControlList></AccessControlPolicy>"),
      },
      { status: 200, body: "<html>not xml</html>" },
    ]);
    await expect(client.getObjectAcl({ bucket: "bkt", key: "link" })).resolves.toEqual({ acl: "default" });
    expect(server.requests[0]!.url).toBe("/bkt/link?acl");
    await expect(client.getObjectAcl({ bucket: "bkt", key: "link" })).rejects.toMatchObject({ code: "InvalidResponse", status: 200 });
  });

  test("bucket versioning: GET/PUT /bucket/?versioning", async () => {
    const { server, client } = await setup([
      { status: 200, body: xml("<VersioningConfiguration/>") },
      { status: 200, body: xml("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>") },
      { status: 200 },
    ]);
    await expect(client.getBucketVersioning("bkt")).resolves.toBe("Off");
    await expect(client.getBucketVersioning("bkt")).resolves.toBe("Enabled");
    await client.putBucketVersioning("bkt", "Suspended");
    expect(server.requests[0]!.method).toBe("GET");
    expect(server.requests[0]!.url).toBe("/bkt/?versioning");
    const put = server.requests[2]!;
    expect(put.method).toBe("PUT");
    expect(put.url).toBe("/bkt/?versioning");
    expect(put.headers["content-type"]).toBe("application/xml");
    expect(put.headers["content-md5"]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(put.body.toString()).toContain("<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>");
  });

  test("listObjectsV2: query parameters and parsed result", async () => {
    const { server, client } = await setup([
      {
        status: 200,
        body: xml(
          "<ListBucketResult><Name>bkt</Name><IsTruncated>true</IsTruncated><NextContinuationToken>tok 2</NextContinuationToken>" +
            '<Contents><Key>p/a</Key><Type>Symlink</Type><StorageClass>Standard</StorageClass><ETag>"E"</ETag><Size>0</Size><LastModified>2024-01-02T03:04:05.000Z</LastModified></Contents>' +
            "</ListBucketResult>",
        ),
      },
    ]);
    const result = await client.listObjectsV2({ bucket: "bkt", prefix: "p/", maxKeys: 1, continuationToken: "tok 1", startAfter: "p/0" });
    expect(result).toEqual({
      objects: [{ key: "p/a", type: "Symlink", storageClass: "Standard", etag: "E", size: 0, lastModified: "2024-01-02T03:04:05.000Z" }],
      isTruncated: true,
      nextContinuationToken: "tok 2",
    });
    const req = server.requests[0]!;
    expect(req.path).toBe("/bkt/");
    expect(req.url).toBe("/bkt/?list-type=2&encoding-type=url&prefix=p%2F&max-keys=1&continuation-token=tok%201&start-after=p%2F0");
  });

  test("listObjectsV2 asks for encoding-type=url and decodes keys and the token, CR LF and all", async () => {
    // XML turns a literal CR LF into LF, so a key with CR LF only survives URL-encoded.
    const { client } = await setup([
      {
        status: 200,
        body: xml(
          "<ListBucketResult><Name>bkt</Name><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>" +
            "<NextContinuationToken>p%2Fa%0D%0Ab</NextContinuationToken>" +
            "<Contents><Key>p/a%0D%0Ab%2Bc%20d%E4%B8%AD</Key><StorageClass>IA</StorageClass><Size>0</Size></Contents>" +
            "<Contents><Key>p/plus+space</Key><Size>0</Size></Contents>" +
            "</ListBucketResult>",
        ),
      },
    ]);
    const result = await client.listObjectsV2({ bucket: "bkt", prefix: "p/" });
    expect(result.objects.map((o) => o.key)).toEqual(["p/a\r\nb+c d中", "p/plus space"]);
    expect(result.nextContinuationToken).toBe("p/a\r\nb");
  });

  test("listObjectsV2: a server that ignores encoding-type (no <EncodingType>) has its keys taken as sent", async () => {
    const { client } = await setup([
      { status: 200, body: xml("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>p/100%</Key><Size>0</Size></Contents></ListBucketResult>") },
    ]);
    expect((await client.listObjectsV2({ bucket: "bkt" })).objects[0]!.key).toBe("p/100%");
  });

  test("listObjectsV2: a URL-encoded key that does not decode is an InvalidResponse", async () => {
    const { client } = await setup([
      { status: 200, body: xml("<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated><Contents><Key>p/%FF%zz</Key><Size>0</Size></Contents></ListBucketResult>") },
    ]);
    await expect(client.listObjectsV2({ bucket: "bkt" })).rejects.toMatchObject({ code: "InvalidResponse", message: expect.stringMatching(/URL-encoded/) });
  });

  test.each([
    ["putSymlink", (c: OssClient) => c.putSymlink({ bucket: "bkt", key: "k", target: "t" })],
    ["putObject", (c: OssClient) => c.putObject({ bucket: "bkt", key: "k", body: "x" })],
  ])("%s: a 200 without an ETag is an InvalidResponse, not a success with an empty etag", async (_name, op) => {
    const { server, client } = await setup([{ status: 200, headers: { "x-oss-request-id": "NOETAG-1" } }]);
    const error = await op(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OssError);
    expect(error).toMatchObject({ code: "InvalidResponse", status: 200, requestId: "NOETAG-1" });
    expect((error as Error).message).toMatch(/no ETag header/);
    // Not retried: a repeat would not make the answer an OSS one.
    expect(server.requests).toHaveLength(1);
  });

  test("V1 signing puts an OSS header and a Date", async () => {
    const { server, client } = await setup([{ status: 200, headers: { etag: '"E"' } }], { signatureVersion: "v1" });
    await client.putSymlink({ bucket: "bkt", key: "k", target: "t" });
    expect(server.requests[0]!.headers.authorization).toMatch(/^OSS AKID-test:[A-Za-z0-9+/]+=*$/);
    expect(server.requests[0]!.headers.date).toMatch(/GMT$/);
  });

  test("STS token goes in x-oss-security-token", async () => {
    const { server, client } = await setup([{ status: 200 }], { credentials: { ...CREDS, securityToken: "sts-token" } });
    await client.headObject({ bucket: "bkt", key: "k" });
    expect(server.requests[0]!.headers["x-oss-security-token"]).toBe("sts-token");
  });

  test("cname: no bucket in host or path, signature scope keeps the configured region", async () => {
    const cname = await setup([{ status: 200 }], { cname: true });
    await cname.client.headObject({ bucket: "bkt", key: "k" });
    expect(cname.server.requests[0]!.url).toBe("/k");
    expect(cname.server.requests[0]!.headers.host).toBe(`127.0.0.1:${cname.server.port}`);
    expect(cname.server.requests[0]!.headers.authorization).toContain("/cn-hangzhou/oss/");
  });

  test("virtual-hosted style: bucket in Host, key alone in the path", async () => {
    const server = track(await startLoopbackServer([{ status: 200, headers: { etag: '"E"' } }]));
    const loopback = server.origin;
    const seenOrigins: string[] = [];
    // Route every request to the loopback server while keeping the Host the client chose.
    const agent = track(new Agent().compose((dispatch) => (opts, handler) => {
      const origin = String(opts.origin);
      seenOrigins.push(origin);
      return dispatch({ ...opts, origin: loopback, headers: { ...(opts.headers as Record<string, string>), host: new URL(origin).host } }, handler);
    }));
    const client = track(createOssClient({ region: "oss-cn-hangzhou", credentials: CREDS, dispatcher: agent }));
    await client.putSymlink({ bucket: "bkt", key: "dir/link", target: "t" });
    expect(seenOrigins).toEqual(["https://bkt.oss-cn-hangzhou.aliyuncs.com"]);
    expect(server.requests[0]!.url).toBe("/dir/link?symlink");
    expect(server.requests[0]!.headers.host).toBe("bkt.oss-cn-hangzhou.aliyuncs.com");
  });

  test("HEAD error from x-oss-err on the wire", async () => {
    const { client } = await setup([
      {
        status: 404,
        headers: {
          "x-oss-request-id": "R1",
          "x-oss-err": Buffer.from(errorXml("SymlinkTargetNotExist", "The symlink target object does not exist")).toString("base64"),
        },
      },
    ]);
    await expect(client.headObject({ bucket: "bkt", key: "link" })).rejects.toMatchObject({
      code: "SymlinkTargetNotExist",
      status: 404,
      method: "HEAD",
      resource: "/bkt/link",
    });
  });

  test("objectUrl and credentialSource", async () => {
    const { server, client } = await setup([{ status: 200 }]);
    expect(client.objectUrl("bkt", "a b/ü.txt")).toBe(`${server.origin}/bkt/a%20b/%C3%BC.txt`);
    const hosted = createOssClient({ region: "oss-cn-shanghai", credentials: CREDS });
    try {
      expect(hosted.objectUrl("bkt", "k")).toBe("https://bkt.oss-cn-shanghai.aliyuncs.com/k");
    } finally {
      await hosted.close();
    }
    await expect(client.credentialSource()).resolves.toBe("explicit credentials");
  });

  test("close() is idempotent and leaves an injected dispatcher open", async () => {
    const server = track(await startLoopbackServer([{ status: 200, body: "still open" }]));
    const agent = new Agent();
    try {
      const client = track(createOssClient({ region: "cn-hangzhou", endpoint: server.origin, credentials: CREDS, dispatcher: agent }));
      await client.headObject({ bucket: "bkt", key: "k" });
      await client.close();
      await client.close();
      const response = await agent.request({ origin: server.origin, path: "/", method: "GET" });
      await expect(response.body.text()).resolves.toBe("still open");
    } finally {
      await agent.close();
    }
  });
});
