// User errors under the real Pulumi engine: bad input stops a preview before any request reaches
// OSS, naming the property; a `forbidOverwrite` conflict with a foreign object surfaces OSS's
// code and the fix, leaves the object untouched, and the named fix (`adopt: true`) then works.
import type OSS = require("ali-oss");
import { engineText, expectOk, runEngine, stateResources } from "./support/engine";
import { SYMLINK_TOKEN, SYMLINKS_PROGRAM, aliClient, readBody, stepOps, useEngineOss } from "./support/symlinkStack";

const BUCKET = "engine-errors";
const TARGET = { key: "targets/app.txt", body: "the app" };
const FOREIGN_OBJECT = { key: "taken/object", body: "someone else's data" };
const FOREIGN_LINK = { key: "taken/link", target: "targets/theirs.txt" };

// Several engine operations per test (3-4 s each when idle, much more on a busy 2-core machine).
jest.setTimeout(240_000);

const local = useEngineOss({ projectName: "symlinkerrors", bucket: BUCKET, objects: [TARGET] });
let ali: OSS;
beforeAll(() => {
  ali = aliClient(local.oss, BUCKET);
});

describe("Symlink user errors under the Pulumi engine", () => {
  test("a preview with an ACL typo fails naming the property and sends no request to OSS", async () => {
    const before = local.oss.stats().total;
    const preview = await runEngine({
      ...local.job("badinput"),
      op: "preview",
      program: {
        module: SYMLINKS_PROGRAM,
        args: { links: [{ name: "typo", bucket: BUCKET, key: "links/typo", target: TARGET.key, acl: "public_read" }] },
      },
    });
    expect(preview.ok).toBe(false);
    const text = engineText(preview);
    // The engine renders a check failure as "property <name> value {<value>} has a problem: <reason>".
    expect(text).toMatch(/property acl value \{public_read\} has a problem/);
    expect(text).toContain("public-read");
    expect(local.oss.stats().total).toBe(before);
  });

  test("forbidOverwrite on a foreign object fails with FileAlreadyExists and the fix, and leaves the object untouched", async () => {
    const foreignObject = await ali.put(FOREIGN_OBJECT.key, Buffer.from(FOREIGN_OBJECT.body));
    await ali.putSymlink(FOREIGN_LINK.key, FOREIGN_LINK.target);
    const objectEtag = (foreignObject.res.headers as Record<string, string>)["etag"];
    const linkEtag = (await local.client.getSymlink({ bucket: BUCKET, key: FOREIGN_LINK.key })).etag;

    const job = local.job("conflict");
    const links = [
      { name: "onObject", bucket: BUCKET, key: FOREIGN_OBJECT.key, target: TARGET.key, forbidOverwrite: true },
      { name: "onLink", bucket: BUCKET, key: FOREIGN_LINK.key, target: TARGET.key, forbidOverwrite: true },
    ];
    const up = await runEngine({ ...job, op: "up", program: { module: SYMLINKS_PROGRAM, args: { links } } });
    expect(up.ok).toBe(false);
    const text = engineText(up);
    expect(text).toContain("FileAlreadyExists");
    // Each refusal says what is there and what to do about it.
    // (The resource is named once, at the start of the message: `PutSymlink oss://… failed: FileAlreadyExists (HTTP 409): …`.)
    expect(text).toMatch(new RegExp(`PutSymlink oss://${BUCKET}/${FOREIGN_OBJECT.key} failed: FileAlreadyExists .*already exists and is a normal object`));
    expect(text).toMatch(new RegExp(`PutSymlink oss://${BUCKET}/${FOREIGN_LINK.key} failed: FileAlreadyExists .*already exists as a symlink to "${FOREIGN_LINK.target}"`));
    expect(text).toMatch(/pick another `key`/);
    expect(text).toMatch(/set `adopt: true`/);

    // Untouched: same bytes, same ETag, still a normal object; the foreign link still points where it did.
    const object = await local.client.getObject({ bucket: BUCKET, key: FOREIGN_OBJECT.key });
    expect(object.body.toString("utf8")).toBe(FOREIGN_OBJECT.body);
    expect(object.etag).toBe(objectEtag?.replace(/"/g, ""));
    expect(object.objectType).toBe("Normal");
    const link = await local.client.getSymlink({ bucket: BUCKET, key: FOREIGN_LINK.key });
    expect(link.target).toBe(FOREIGN_LINK.target);
    expect(link.etag).toBe(linkEtag);
    expect(link.metadata["pulumi-owner"]).toBeUndefined();
    // Nothing failed was recorded as ours.
    const exported = expectOk(await runEngine({ ...job, op: "export" }));
    expect(stateResources(exported, SYMLINK_TOKEN)).toEqual([]);
  });

  test("the suggested fix, adopt: true, takes over the foreign symlink (and never the normal object)", async () => {
    const job = local.job("conflict");
    const links = [{ name: "onLink", bucket: BUCKET, key: FOREIGN_LINK.key, target: TARGET.key, forbidOverwrite: true, adopt: true }];
    const up = expectOk(await runEngine({ ...job, op: "up", program: { module: SYMLINKS_PROGRAM, args: { links } } }));
    expect(stepOps(up, "onLink")).toEqual(["create"]);
    const link = await local.client.getSymlink({ bucket: BUCKET, key: FOREIGN_LINK.key });
    expect(link.target).toBe(TARGET.key);
    expect(link.metadata["pulumi-owner"]).toEqual(expect.any(String));
    expect(await readBody(local.client, BUCKET, FOREIGN_LINK.key)).toBe(TARGET.body);

    const adoptObject = await runEngine({
      ...job,
      op: "up",
      program: {
        module: SYMLINKS_PROGRAM,
        args: { links: [...links, { name: "onObject", bucket: BUCKET, key: FOREIGN_OBJECT.key, target: TARGET.key, adopt: true }] },
      },
    });
    expect(adoptObject.ok).toBe(false);
    expect(engineText(adoptObject)).toContain(`cannot adopt oss://${BUCKET}/${FOREIGN_OBJECT.key}: it is a normal object`);
    expect(await readBody(local.client, BUCKET, FOREIGN_OBJECT.key)).toBe(FOREIGN_OBJECT.body);

    expectOk(await runEngine({ ...job, op: "destroy" }));
    // The adopted link was ours to delete; the normal object never was.
    expect(await readBody(local.client, BUCKET, FOREIGN_LINK.key)).toBe("<NoSuchKey>");
    expect(await readBody(local.client, BUCKET, FOREIGN_OBJECT.key)).toBe(FOREIGN_OBJECT.body);
  });
});
