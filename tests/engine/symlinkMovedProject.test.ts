// A stack whose program folder was moved still refreshes and destroys.
//
// What "moved" means here, and why this models it honestly: a user's project folder holds
// Pulumi.yaml, the stack config (Pulumi.<stack>.yaml, with the encrypted secrets' salt), the
// program, and node_modules with pulumi-oss-symlink installed. The file backend lives elsewhere
// and stays put. Pulumi starts the dynamic provider plugin in the project folder, and the
// serialized shim in state loads `pulumi-oss-symlink/provider-impl` by package name from there.
// So after `mv` the stored state must not point at the old folder, and the package must resolve
// from the new one.
//
// The project folder is built like an installed project: `node_modules/pulumi-oss-symlink` and
// `node_modules/@pulumi` are symlinks into this repository (as `npm link` or a workspace
// install would make them), the program is a copy of tests/engine/programs/symlinks.js, and
// Pulumi.yaml has no `main` (as `pulumi new` writes it; the Automation API default would
// record the driver's cwd as an absolute `main`, which no user project has). The folder is
// then renamed, so nothing can keep working through the old path. A control run from a copy
// whose node_modules lacks pulumi-oss-symlink fails to load the provider, which shows that the
// successful run really resolved the package from the moved folder.
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, expectOk, readStateFiles, runEngine, type EngineJob } from "./support/engine";
import { SYMLINKS_PROGRAM_FILE, readBody, stepOps, useEngineOss } from "./support/symlinkStack";

const BUCKET = "engine-moved";
const TARGET = { key: "targets/site.txt", body: "the site" };
const NAMES = ["home", "docs"] as const;
const PROJECT = "movedsite";
const STACK = "dev";

// Several engine operations per test (3-4 s each when idle, much more on a busy 2-core machine).
jest.setTimeout(240_000);

const local = useEngineOss({ projectName: PROJECT, bucket: BUCKET, objects: [TARGET] });

/** A project folder as a user would have it; `withPackage: false` leaves pulumi-oss-symlink uninstalled. */
function makeProject(dir: string, withPackage = true): void {
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"));
  if (withPackage) fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "pulumi-oss-symlink"));
  fs.copyFileSync(SYMLINKS_PROGRAM_FILE, path.join(dir, "index.js"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\n`);
}

/** The stack run from project folder `dir`, with no config of its own: it comes from the folder's Pulumi.<stack>.yaml. */
function jobIn(dir: string): Omit<EngineJob, "op"> {
  const { config: _fromTheFolder, ...job } = local.job(STACK);
  return { ...job, workDir: dir };
}

describe("a Symlink stack whose project folder moved", () => {
  test("refreshes and destroys from the new folder", async () => {
    const original = path.join(local.tmp, "work", "site");
    makeProject(original);
    const up = expectOk(
      await runEngine({
        ...local.job(STACK),
        workDir: original,
        op: "up",
        program: {
          module: path.join(original, "index.js"),
          args: { links: NAMES.map((name) => ({ name, bucket: BUCKET, key: `links/${name}`, target: TARGET.key })) },
        },
      }),
    );
    expect(up.resourceChanges).toEqual({ create: NAMES.length + 1 });
    for (const name of NAMES) expect(await readBody(local.client, BUCKET, `links/${name}`)).toBe(TARGET.body);
    // Nothing in the backend refers to the folder the stack was created from.
    expect(readStateFiles(local.job(STACK).stateDir)).not.toContain(original);

    // mv work/site elsewhere/site: the old path is gone.
    const moved = path.join(local.tmp, "elsewhere", "site");
    fs.mkdirSync(path.dirname(moved), { recursive: true });
    fs.renameSync(original, moved);
    expect(fs.existsSync(original)).toBe(false);

    // Control: the same project without pulumi-oss-symlink installed cannot load the provider.
    const bare = path.join(local.tmp, "bare", "site");
    makeProject(bare, false);
    fs.copyFileSync(path.join(moved, `Pulumi.${STACK}.yaml`), path.join(bare, `Pulumi.${STACK}.yaml`));
    const control = await runEngine({ ...jobIn(bare), op: "refresh" });
    expect(control.ok).toBe(false);
    expect(`${control.error?.message}\n${control.stdout}\n${control.stderr}`).toContain(
      "Cannot find module 'pulumi-oss-symlink/provider-impl'",
    );

    // From the moved folder (config comes from its Pulumi.dev.yaml; no config passed here).
    const refresh = expectOk(await runEngine({ ...jobIn(moved), op: "refresh" }));
    expect(refresh.resourceChanges).toEqual({ same: NAMES.length + 1 });
    for (const name of NAMES) expect(stepOps(refresh, name)).toEqual(["refresh"]);

    const destroy = expectOk(await runEngine({ ...jobIn(moved), op: "destroy" }));
    expect(destroy.resourceChanges).toEqual({ delete: NAMES.length + 1 });
    for (const name of NAMES) expect(await readBody(local.client, BUCKET, `links/${name}`)).toBe("<NoSuchKey>");
    expect(await readBody(local.client, BUCKET, TARGET.key)).toBe(TARGET.body);
  });
});
