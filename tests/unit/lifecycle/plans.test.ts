import { decideAdopt, decideForbidConflict } from "../../../provider/lifecycle/createPlan";
import { decideDelete, resurfacedVersionToDelete, versionToDelete } from "../../../provider/lifecycle/deletePlan";
import { actionableError, SymlinkProviderError } from "../../../provider/lifecycle/errors";
import { newOwnerToken, parseOwnerToken, withOwnerId } from "../../../provider/lifecycle/ownerToken";
import { ossErrorOf } from "../../support/ossErrorOf";

const conflict409 = ossErrorOf({ code: "FileAlreadyExists", status: 409, text: "The object you specified already exists and can not be overwritten.", requestId: "R1" });
const where = { operation: "PutSymlink", bucket: "b", key: "k" };

const OWNER = "0123456789abcdef";
const ours = newOwnerToken(OWNER, "1111111111111111");
const successor = newOwnerToken(OWNER, "2222222222222222");
const stranger = newOwnerToken("ffffffffffffffff", "3333333333333333");

describe("owner tokens", () => {
  it("are ownerId.nonce with a fresh 16-hex nonce per create", () => {
    const a = newOwnerToken(OWNER);
    const b = newOwnerToken(OWNER);
    expect(a).toMatch(/^0123456789abcdef\.[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    expect(parseOwnerToken(a)?.ownerId).toBe(OWNER);
  });
  it("parse rejects malformed tokens", () => {
    for (const t of [undefined, "", "nodot", ".x", "x."]) expect(parseOwnerToken(t)).toBeUndefined();
  });
  it("withOwnerId keeps the nonce", () => {
    expect(withOwnerId(ours, "aaaa")).toBe("aaaa.1111111111111111");
  });
});

describe("decideDelete", () => {
  it.each([
    ["absent → gone", { kind: "absent" } as const, ours, "gone"],
    ["our link → delete", { kind: "symlink", target: "t", ownerToken: ours } as const, ours, "delete"],
    ["successor's link (same ownerId, other nonce) → foreign", { kind: "symlink", target: "t", ownerToken: successor } as const, ours, "foreign"],
    ["someone else's link → foreign", { kind: "symlink", target: "t", ownerToken: stranger } as const, ours, "foreign"],
    ["link without token → foreign", { kind: "symlink", target: "t" } as const, ours, "foreign"],
    ["state without token never deletes", { kind: "symlink", target: "t" } as const, undefined, "foreign"],
    ["normal object → never delete", { kind: "notSymlink" } as const, ours, "notSymlink"],
  ])("%s", (_n, existing, token, expected) => {
    expect(decideDelete(existing, token)).toBe(expected);
  });
});

describe("versionToDelete", () => {
  it.each([
    ["our link with a version → that version", { kind: "symlink", target: "t", ownerToken: ours, versionId: "v1" } as const, ours, "v1"],
    ["our link on an unversioned bucket → none (plain delete)", { kind: "symlink", target: "t", ownerToken: ours } as const, ours, undefined],
    ["our link in a suspended bucket → the null version", { kind: "symlink", target: "t", ownerToken: ours, versionId: "null" } as const, ours, "null"],
    ["a successor's version → never", { kind: "symlink", target: "t", ownerToken: successor, versionId: "v2" } as const, ours, undefined],
    ["a normal object → never", { kind: "notSymlink" } as const, ours, undefined],
    ["nothing → never", { kind: "absent" } as const, ours, undefined],
  ])("%s", (_n, existing, token, expected) => {
    expect(versionToDelete(existing, token)).toBe(expected);
  });
});

describe("resurfacedVersionToDelete", () => {
  it.each([
    ["an earlier version of our link → that version", { kind: "symlink", target: "t", ownerToken: ours, versionId: "v0" } as const, "v0"],
    ["a predecessor of this resource (same ownerId, older nonce) → that version", { kind: "symlink", target: "old", ownerToken: successor, versionId: "v0" } as const, "v0"],
    ["another resource's link → never", { kind: "symlink", target: "t", ownerToken: stranger, versionId: "v0" } as const, undefined],
    ["a link without our token → never", { kind: "symlink", target: "t", versionId: "v0" } as const, undefined],
    ["our link without a version id → never", { kind: "symlink", target: "t", ownerToken: ours } as const, undefined],
    ["a normal object → never", { kind: "notSymlink" } as const, undefined],
    ["nothing → never", { kind: "absent" } as const, undefined],
  ])("%s", (_n, existing, expected) => {
    expect(resurfacedVersionToDelete(existing, ours)).toBe(expected);
  });
});

describe("decideForbidConflict", () => {
  it("our predecessor (same ownerId) is overwritten", () => {
    expect(decideForbidConflict({ kind: "symlink", target: "t", ownerToken: ours }, OWNER)).toEqual({ action: "overwriteOwn" });
  });
  it("a vanished key is retried with forbid", () => {
    expect(decideForbidConflict({ kind: "absent" }, OWNER)).toEqual({ action: "retryGuarded" });
  });
  it("a foreign symlink is refused with what to change", () => {
    const d = decideForbidConflict({ kind: "symlink", target: "other", ownerToken: stranger }, OWNER);
    expect(d.action).toBe("refuse");
    if (d.action !== "refuse") return;
    // The decision says what is there; the final message adds OSS's code and the one hint.
    expect(d.message).toContain('symlink to "other"');
    const message = actionableError(new SymlinkProviderError(d.message, "FileAlreadyExists", { cause: conflict409 }), where).message;
    expect(message).toContain("FileAlreadyExists");
    expect(message).toContain('symlink to "other"');
    expect(message).toContain("adopt: true");
    expect(message).toContain("another `key`");
  });
  it("an untagged symlink is refused", () => {
    expect(decideForbidConflict({ kind: "symlink", target: "x" }, OWNER).action).toBe("refuse");
  });
  it("a normal object is refused and named", () => {
    const d = decideForbidConflict({ kind: "notSymlink" }, OWNER);
    expect(d.action).toBe("refuse");
    if (d.action === "refuse") expect(d.message).toContain("normal object");
  });
});

describe("decideAdopt", () => {
  it("absent → create", () => expect(decideAdopt({ kind: "absent" }, "b", "k")).toEqual({ action: "create" }));
  it("existing symlink → take over", () =>
    expect(decideAdopt({ kind: "symlink", target: "old", ownerToken: stranger }, "b", "k")).toEqual({ action: "takeOver", previousTarget: "old" }));
  it("normal object → refuse", () => {
    const d = decideAdopt({ kind: "notSymlink" }, "b", "k");
    expect(d.action).toBe("refuse");
    if (d.action === "refuse") expect(d.message).toContain("not a symlink");
  });
});
