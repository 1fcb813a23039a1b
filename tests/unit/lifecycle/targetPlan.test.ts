import { findingFromError, findingFromHead, targetProblemNote, targetRefusal } from "../../../provider/lifecycle/targetPlan";

const head = (extra: Record<string, string>) => ({ etag: "E", contentLength: 1, metadata: {}, ...extra });

describe("findingFromHead", () => {
  test("a normal Standard or IA object serves reads", () => {
    expect(findingFromHead(head({ objectType: "Normal", storageClass: "Standard" }))).toEqual({ kind: "ok" });
    expect(findingFromHead(head({ objectType: "Appendable", storageClass: "IA" }))).toEqual({ kind: "ok" });
  });
  test("x-oss-object-type Symlink is a link, whatever its target's class", () => {
    expect(findingFromHead(head({ objectType: "Symlink", storageClass: "Standard", requestId: "R" }))).toEqual({
      kind: "symlink",
      answered: "200 with x-oss-object-type: Symlink",
      requestId: "R",
    });
  });
  test.each(["Archive", "ColdArchive", "DeepColdArchive"])("%s is archived, with its restore state", (storageClass) => {
    expect(findingFromHead(head({ objectType: "Normal", storageClass }))).toEqual({ kind: "archived", storageClass });
    expect(findingFromHead(head({ storageClass, restore: 'ongoing-request="true"' }))).toMatchObject({ restore: 'ongoing-request="true"' });
  });
});

test("findingFromError: NoSuchKey is missing; the codes of following a link are a link; others say nothing", () => {
  expect(findingFromError("NoSuchKey", 404, "R")).toEqual({ kind: "missing", requestId: "R" });
  expect(findingFromError("InvalidTargetType", 400, undefined)).toEqual({ kind: "symlink", answered: "400 InvalidTargetType" });
  expect(findingFromError("SymlinkTargetNotExist", 404, undefined)).toMatchObject({ kind: "symlink" });
  expect(findingFromError("InvalidObjectState", 403, undefined)).toMatchObject({ kind: "symlink" });
  expect(findingFromError("AccessDenied", 403, undefined)).toBeUndefined();
});

test("the restore state reads as a phrase in the refusal and the drift note", () => {
  const archived = (restore?: string) => ({ kind: "archived" as const, storageClass: "ColdArchive", ...(restore !== undefined ? { restore } : {}) });
  expect(targetRefusal(archived(), "t").found).toContain("(not restored)");
  expect(targetRefusal(archived('ongoing-request="true"'), "t").found).toContain("(a restore is in progress)");
  expect(targetRefusal(archived('ongoing-request="false", expiry-date="Sun, 16 Apr 2017 08:12:33 GMT"'), "t").found).toContain(
    "(restored until Sun, 16 Apr 2017 08:12:33 GMT, then frozen again)",
  );
  expect(targetProblemNote(archived(), "t")).toBe("target 't' is ColdArchive (not restored)");
  expect(targetProblemNote({ kind: "missing" }, "a.js")).toBe("target 'a.js' does not exist");
  expect(targetRefusal({ kind: "symlink", answered: "x" }, "t").fix).toMatch(/^Point `target` at a regular object/);
});
