/**
 * What the embedded server answers for archived objects and for links to them, and for the HEAD
 * of a link (docs/oss.md §1.4): the answers `verifyTarget` decides on. Archive, ColdArchive and
 * DeepColdArchive objects are frozen until a RestoreObject, which here completes at once.
 */
import { createOssClient, type OssClient } from "../../../provider/oss/client";
import { OssError } from "../../../provider/oss/ossError";
import { startLocalOss, type LocalOss } from "../../../server";
import { sendSigned } from "./rawClient";

const BUCKET = "archive";
let oss: LocalOss;
let client: OssClient;

beforeAll(async () => {
  oss = await startLocalOss({ buckets: [BUCKET] });
  client = createOssClient({
    region: oss.region,
    endpoint: oss.endpoint,
    credentials: { accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret },
    maxAttempts: 1,
  });
  await client.putObject({ bucket: BUCKET, key: "plain.txt", body: "plain" });
  await client.putSymlink({ bucket: BUCKET, key: "link-to-plain", target: "plain.txt" });
});

afterAll(async () => {
  await client.close();
  await oss.close();
});

/** The OSS code and status a call failed with, or "ok". */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (err) {
    if (err instanceof OssError) return `${err.code} ${err.status}`;
    throw err;
  }
}

describe.each(["Archive", "ColdArchive", "DeepColdArchive"])("a %s object", (storageClass) => {
  const key = `frozen/${storageClass}.bin`;
  const link = `links/${storageClass}`;

  beforeAll(async () => {
    await client.putObject({ bucket: BUCKET, key, body: "cold bytes", storageClass });
    await client.putSymlink({ bucket: BUCKET, key: link, target: key });
  });

  test("a direct HEAD answers its metadata: the storage class and no x-oss-restore (never restored)", async () => {
    const head = await client.headObject({ bucket: BUCKET, key });
    expect(head.storageClass).toBe(storageClass);
    expect(head.objectType).toBe("Normal");
    expect(head.contentLength).toBe(10);
    expect(head.restore).toBeUndefined();
  });

  test("a GET of it answers 403 InvalidObjectState", async () => {
    expect(await outcome(client.getObject({ bucket: BUCKET, key }))).toBe("InvalidObjectState 403");
  });

  test("HEAD and GET through a link to it answer 403 InvalidObjectState", async () => {
    expect(await outcome(client.headObject({ bucket: BUCKET, key: link }))).toBe("InvalidObjectState 403");
    expect(await outcome(client.getObject({ bucket: BUCKET, key: link }))).toBe("InvalidObjectState 403");
  });

  test("the error document has OSS's message and no EC (none is documented)", async () => {
    const r = await sendSigned(oss, { method: "GET", bucket: BUCKET, key });
    expect(r.status).toBe(403);
    expect(r.text).toContain("<Code>InvalidObjectState</Code>");
    expect(r.text).toContain("<Message>The operation is not valid for the object's state</Message>");
    expect(r.text).not.toContain("<EC>");
    expect(r.headers["x-oss-ec"]).toBeUndefined();
  });
});

describe("RestoreObject (POST ?restore)", () => {
  test("the first answers 202; then HEAD reports x-oss-restore with the expiry, and GET reads the bytes, also through a link", async () => {
    await client.putObject({ bucket: BUCKET, key: "thaw/a.bin", body: "thawed", storageClass: "ColdArchive" });
    await client.putSymlink({ bucket: BUCKET, key: "thaw/link", target: "thaw/a.bin" });
    expect(await outcome(client.getObject({ bucket: BUCKET, key: "thaw/a.bin" }))).toBe("InvalidObjectState 403");
    const before = Date.now();
    const first = await sendSigned(oss, { method: "POST", bucket: BUCKET, key: "thaw/a.bin", query: { restore: null }, body: "<RestoreRequest><Days>2</Days></RestoreRequest>" });
    expect(first.status).toBe(202);
    const head = await client.headObject({ bucket: BUCKET, key: "thaw/a.bin" });
    const expiry = /^ongoing-request="false", expiry-date="([^"]+)"$/.exec(head.restore ?? "")?.[1];
    expect(expiry).toBeDefined();
    const days = (Date.parse(expiry!) - before) / 86_400_000;
    expect(days).toBeGreaterThan(1.99);
    expect(days).toBeLessThan(2.01);
    expect((await client.getObject({ bucket: BUCKET, key: "thaw/a.bin" })).body.toString()).toBe("thawed");
    expect((await client.getObject({ bucket: BUCKET, key: "thaw/link" })).body.toString()).toBe("thawed");
    // Again while restored: 200, the restore extended.
    const again = await sendSigned(oss, { method: "POST", bucket: BUCKET, key: "thaw/a.bin", query: { restore: null } });
    expect(again.status).toBe(200);
  });

  test("an object that is not Archive-class: 400 OperationNotSupported; a bad Days: 400 InvalidArgument", async () => {
    const plain = await sendSigned(oss, { method: "POST", bucket: BUCKET, key: "plain.txt", query: { restore: null } });
    expect(plain.status).toBe(400);
    expect(plain.text).toContain("<Code>OperationNotSupported</Code>");
    const link = await sendSigned(oss, { method: "POST", bucket: BUCKET, key: "link-to-plain", query: { restore: null } });
    expect(link.text).toContain("<Code>OperationNotSupported</Code>");
    await client.putObject({ bucket: BUCKET, key: "thaw/b.bin", body: "b", storageClass: "Archive" });
    const bad = await sendSigned(oss, { method: "POST", bucket: BUCKET, key: "thaw/b.bin", query: { restore: null }, body: "<RestoreRequest><Days>0</Days></RestoreRequest>" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("<Code>InvalidArgument</Code>");
    expect(await outcome(client.getObject({ bucket: BUCKET, key: "thaw/b.bin" }))).toBe("InvalidObjectState 403");
    expect(oss.stats().byOperation.RestoreObject).toBeGreaterThanOrEqual(3);
  });
});

test("an Archive-class link to a Standard object reads normally: only the target's class freezes reads", async () => {
  await client.putSymlink({ bucket: BUCKET, key: "archive-class-link", target: "plain.txt", storageClass: "Archive" });
  expect((await client.getObject({ bucket: BUCKET, key: "archive-class-link" })).body.toString()).toBe("plain");
  expect((await client.headObject({ bucket: BUCKET, key: "archive-class-link" })).storageClass).toBe("Standard");
});

test("HEAD of a link to a normal object: 200, x-oss-object-type Symlink, the target's class and length", async () => {
  const head = await client.headObject({ bucket: BUCKET, key: "link-to-plain" });
  expect(head).toMatchObject({ objectType: "Symlink", storageClass: "Standard", contentLength: 5 });
});

test("HEAD of a link to a link answers 400 InvalidTargetType; of a link to nothing, 404 SymlinkTargetNotExist", async () => {
  await client.putSymlink({ bucket: BUCKET, key: "link-to-link", target: "link-to-plain" });
  await client.putSymlink({ bucket: BUCKET, key: "link-to-nothing", target: "missing.txt" });
  expect(await outcome(client.headObject({ bucket: BUCKET, key: "link-to-link" }))).toBe("InvalidTargetType 400");
  expect(await outcome(client.headObject({ bucket: BUCKET, key: "link-to-nothing" }))).toBe("SymlinkTargetNotExist 404");
});
