/**
 * Delete reads the link (GetSymlink) and then deletes it. An object written in between by
 * someone else must survive on a versioned bucket: the delete names the exact version
 * GetSymlink returned. On an unversioned bucket OSS offers no conditional delete, so the window
 * remains; the test pins the documented behaviour (README, "Ownership and delete").
 *
 * The race is made deterministic with a client wrapper that writes the foreign object right
 * after the effect's first GetSymlink has answered, before the effect can send its DeleteObject.
 */
import { deleteLink } from "../../../provider/lifecycle/effects/deleteLink";
import { createOssClient } from "../../../provider/oss/client";
import type { OssClientApi } from "../../../provider/oss/clientTypes";
import { startLocalOss, type LocalOss } from "../../../server";

const PLAIN = "race-plain";
const VERSIONED = "race-versioned";
const TOKEN = "raceowner0000001.00112233";

let oss: LocalOss;
let client: ReturnType<typeof createOssClient>;
let seq = 0;

beforeAll(async () => {
  oss = await startLocalOss({ buckets: [PLAIN], versionedBuckets: [VERSIONED] });
  client = createOssClient({ region: oss.region, endpoint: oss.endpoint, credentials: { accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret } });
});
afterAll(async () => {
  await client.close();
  await oss.close();
});

function uniqueKey(name: string): string {
  seq += 1;
  return `race/${seq}/${name}`;
}

/** `client`, except that `between` runs after the first GetSymlink answers and before it is returned. */
function racing(between: () => Promise<void>): { client: OssClientApi; calls: string[] } {
  const calls: string[] = [];
  let fired = false;
  const wrapped: OssClientApi = Object.create(client) as OssClientApi;
  wrapped.getSymlink = async (ref) => {
    calls.push(`GetSymlink${ref.versionId !== undefined ? `?versionId=${ref.versionId}` : ""}`);
    const result = await client.getSymlink(ref);
    if (!fired) {
      fired = true;
      await between();
    }
    return result;
  };
  wrapped.deleteObject = async (ref) => {
    calls.push(`DeleteObject${ref.versionId !== undefined ? `?versionId=${ref.versionId}` : ""}`);
    return client.deleteObject(ref);
  };
  return { client: wrapped, calls };
}

async function ourLink(bucket: string, key: string, target = "targets/a.txt"): Promise<string | undefined> {
  return (await client.putSymlink({ bucket, key, target, metadata: { "pulumi-owner": TOKEN } })).versionId;
}

describe("an object written between delete's GetSymlink and its DeleteObject", () => {
  test("versioned bucket: the foreign object stays current, and only our version is removed", async () => {
    const key = uniqueKey("versioned");
    const ours = await ourLink(VERSIONED, key);
    expect(ours).toBeDefined();
    const { client: c, calls } = racing(async () => {
      await client.putObject({ bucket: VERSIONED, key, body: "foreign bytes" });
    });
    await expect(deleteLink(c, VERSIONED, key, TOKEN)).resolves.toBe("delete");
    const current = await client.getObject({ bucket: VERSIONED, key }).then((o) => o.body.toString(), (e: { code?: string }) => `error ${e.code}`);
    expect(current).toBe("foreign bytes");
    expect(calls[0]).toBe("GetSymlink");
    expect(calls[1]).toBe(`DeleteObject?versionId=${ours}`);
    // Our version is gone from the history, not hidden behind a marker.
    await expect(client.getSymlink({ bucket: VERSIONED, key, versionId: ours! })).rejects.toMatchObject({ code: "NoSuchVersion" });
  });

  test("unversioned bucket: the documented window, the object written in between is deleted", async () => {
    const key = uniqueKey("plain");
    await ourLink(PLAIN, key);
    const { client: c, calls } = racing(async () => {
      await client.putObject({ bucket: PLAIN, key, body: "foreign bytes" });
    });
    await expect(deleteLink(c, PLAIN, key, TOKEN)).resolves.toBe("delete");
    expect(calls).toEqual(["GetSymlink", "DeleteObject"]);
    await expect(client.headObject({ bucket: PLAIN, key })).rejects.toMatchObject({ code: "NoSuchKey" });
  });
});

describe("versioned delete without a race", () => {
  test("earlier versions of our own link do not resurface: each is deleted by its version id", async () => {
    const key = uniqueKey("history");
    const v1 = await ourLink(VERSIONED, key, "targets/v1");
    const v2 = await ourLink(VERSIONED, key, "targets/v2");
    const v3 = await ourLink(VERSIONED, key, "targets/v3");
    const { client: c, calls } = racing(async () => undefined);
    await expect(deleteLink(c, VERSIONED, key, TOKEN)).resolves.toBe("delete");
    expect(calls).toEqual([
      "GetSymlink", `DeleteObject?versionId=${v3}`,
      "GetSymlink", `DeleteObject?versionId=${v2}`,
      "GetSymlink", `DeleteObject?versionId=${v1}`,
      "GetSymlink",
    ]);
    await expect(client.getSymlink({ bucket: VERSIONED, key })).rejects.toMatchObject({ code: "NoSuchKey" });
  });

  test("an object that was at the key before our link is current again, untouched", async () => {
    const key = uniqueKey("under");
    await client.putObject({ bucket: VERSIONED, key, body: "was here first" });
    await ourLink(VERSIONED, key);
    await expect(deleteLink(client, VERSIONED, key, TOKEN)).resolves.toBe("delete");
    expect((await client.getObject({ bucket: VERSIONED, key })).body.toString()).toBe("was here first");
  });

  test("a link of another owner under ours stays, as the current version", async () => {
    const key = uniqueKey("foreign-under");
    await client.putSymlink({ bucket: VERSIONED, key, target: "targets/theirs", metadata: { "pulumi-owner": "someoneelse00001.99" } });
    await ourLink(VERSIONED, key);
    await expect(deleteLink(client, VERSIONED, key, TOKEN)).resolves.toBe("delete");
    expect((await client.getSymlink({ bucket: VERSIONED, key })).target).toBe("targets/theirs");
  });
});
