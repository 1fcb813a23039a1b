import { IMPLICIT_CONTENT_TYPE, parseId, splitMetadata, stateFromLive, symlinkId } from "../../../provider/lifecycle/readMapping";
import { putSymlinkRequest } from "../../../provider/lifecycle/effects/putLink";
import type { SymlinkOutputs } from "../../../provider/lifecycle/types";

const stored: SymlinkOutputs = {
  bucket: "b-1",
  key: "dir/k",
  target: "t1",
  acl: "default",
  storageClass: "Standard",
  metadata: { a: "1" },
  forbidOverwrite: true,
  verifyTarget: false,
  adopt: false,
  region: "cn-hangzhou",
  endpoint: "http://127.0.0.1:1",
  ownerId: "0123456789abcdef",
  etag: "E1",
  url: "http://127.0.0.1:1/b-1/dir/k",
  ownerToken: "0123456789abcdef.1111111111111111",
};

describe("stateFromLive", () => {
  it("reports live target, acl, storage class, metadata and etag; keeps settings and our token", () => {
    const liveMetadata = { a: "9", "pulumi-owner": "ffff.2222" };
    const { props, inputs } = stateFromLive(stored, {
      link: { target: "t2", etag: "E2", metadata: liveMetadata, lastModified: "LM", versionId: "v2" },
      acl: "private",
      storageClass: "IA",
    });
    expect(props).toMatchObject({
      target: "t2",
      acl: "private",
      storageClass: "IA",
      metadata: { a: "9" },
      etag: "E2",
      versionId: "v2",
      lastModified: "LM",
      ownerToken: stored.ownerToken,
      forbidOverwrite: true,
      region: "cn-hangzhou",
      endpoint: "http://127.0.0.1:1",
    });
    // The live token is read where a decision needs it (lookupKey, for delete and forbidOverwrite).
    expect(splitMetadata(liveMetadata).ownerToken).toBe("ffff.2222");
    expect(inputs).toMatchObject({ target: "t2", acl: "private", metadata: { a: "9" }, ownerId: stored.ownerId });
    expect(inputs).not.toHaveProperty("etag");
    expect(inputs).not.toHaveProperty("ownerToken");
  });

  it("an implicit Content-Type is not drift when the user set none; an explicit one is", () => {
    const implicit = stateFromLive(stored, { link: { target: "t1", etag: "E", metadata: {}, contentType: IMPLICIT_CONTENT_TYPE } });
    expect(implicit.props).not.toHaveProperty("contentType");
    const explicit = stateFromLive(stored, { link: { target: "t1", etag: "E", metadata: {}, contentType: "text/html" } });
    expect(explicit.props.contentType).toBe("text/html");
    const dropped = stateFromLive({ ...stored, cacheControl: "no-cache" }, { link: { target: "t1", etag: "E", metadata: {} } });
    expect(dropped.props).not.toHaveProperty("cacheControl");
  });

  it("keeps stored acl / storage class when those calls gave nothing", () => {
    const { props } = stateFromLive(stored, { link: { target: "t1", etag: "E", metadata: {} } });
    expect(props.acl).toBe("default");
    expect(props.storageClass).toBe("Standard");
  });
});

describe("ids and metadata", () => {
  it("round-trips bucket/key with slashes in the key", () => {
    expect(parseId(symlinkId("b-1", "a/b/c"))).toEqual({ bucket: "b-1", key: "a/b/c" });
    expect(parseId("nokey")).toBeUndefined();
    expect(parseId("/k")).toBeUndefined();
  });
  it("splits the owner token out of metadata, any case", () => {
    expect(splitMetadata({ A: "1", "Pulumi-Owner": "x.y" })).toEqual({ user: { a: "1" }, ownerToken: "x.y" });
  });
});

describe("putSymlinkRequest", () => {
  it("carries every header and the owner token, never forbid unless asked", () => {
    const req = putSymlinkRequest({ ...stored, contentType: "text/plain", cacheControl: "no-cache" }, "tok.en", false);
    expect(req).toEqual({
      bucket: "b-1",
      key: "dir/k",
      target: "t1",
      acl: "default",
      storageClass: "Standard",
      forbidOverwrite: false,
      metadata: { a: "1", "pulumi-owner": "tok.en" },
      contentType: "text/plain",
      cacheControl: "no-cache",
    });
    expect(putSymlinkRequest(stored, "t", true).forbidOverwrite).toBe(true);
  });
});
