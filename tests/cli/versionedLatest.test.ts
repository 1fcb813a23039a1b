// examples/versioned-latest as a user runs it: the folder copied out, the packed tarball installed,
// a "latest" pointer on a versioned bucket moved release by release with `pulumi config set`.
import type { OssClientApi } from "../../provider/oss/clientTypes";
import type { LocalOss } from "../../server";
import { checkClient, ossStackConfig, readBody, startEngineOss } from "../engine/support/symlinkStack";
import { exampleDir, expectSuccess, installProject, requireLanguageHost, urnName, type CliProject } from "./support/cliProject";

const BUCKET = "demo-versioned";
const POINTER = "releases/latest/app.tar.gz";
const RELEASES: Record<string, string> = { "v1.0.0": "release 1.0.0 bytes\n", "v1.1.0": "release 1.1.0 bytes\n" };

let oss: LocalOss;
let client: OssClientApi;
let project: CliProject;

beforeAll(async () => {
  requireLanguageHost();
  oss = await startEngineOss({ versionedBuckets: [BUCKET] });
  client = checkClient(oss);
  for (const [release, body] of Object.entries(RELEASES)) {
    await client.putObject({ bucket: BUCKET, key: `releases/${release}/app.tar.gz`, body });
  }
  project = await installProject(exampleDir("versioned-latest"));
  expectSuccess(await project.pulumi(["stack", "init", "prod"]));
  await project.setConfig({ ...ossStackConfig(oss), release: { value: "v1.0.0" } });
}, 400_000);

afterAll(async () => {
  await client?.close();
  await oss?.close();
  project?.remove();
});

describe("examples/versioned-latest through the pulumi CLI", () => {
  jest.setTimeout(240_000);

  it("first release: preview plans one create, up points latest at it, and a second preview has nothing to do", async () => {
    const { result, plan } = await project.previewJson();
    expectSuccess(result);
    console.log(`versioned-latest first preview: changeSummary ${JSON.stringify(plan.changeSummary)}`);
    expect(plan.changeSummary).toEqual({ create: 2 });
    expectSuccess(await project.pulumi(["up", "--yes"]));
    expect(await readBody(client, BUCKET, POINTER)).toBe(RELEASES["v1.0.0"]);
    const versionId = expectSuccess(await project.pulumi(["stack", "output", "latestVersionId"])).stdout.trim();
    expect(versionId).toBe((await client.getSymlink({ bucket: BUCKET, key: POINTER })).versionId);
    const again = await project.previewJson(["--expect-no-changes"]);
    expectSuccess(again.result);
    console.log(`versioned-latest no-op preview: changeSummary ${JSON.stringify(again.plan.changeSummary)}`);
    expect(again.plan.changeSummary).toEqual({ same: 2 });
  });

  it("next release: preview plans a replace for target, up moves the pointer, destroy leaves the releases", async () => {
    expectSuccess(await project.pulumi(["config", "set", "release", "v1.1.0"]));
    const { result, plan } = await project.previewJson();
    expectSuccess(result);
    console.log(`versioned-latest release preview: changeSummary ${JSON.stringify(plan.changeSummary)}`);
    expect(plan.changeSummary).toEqual({ replace: 1, same: 1 });
    const latest = plan.steps.find((s) => urnName(s.urn) === "latest");
    expect(latest?.op).toBe("replace");
    expect(latest?.replaceReasons).toEqual(["target"]);
    expectSuccess(await project.pulumi(["up", "--yes"]));
    expect(await readBody(client, BUCKET, POINTER)).toBe(RELEASES["v1.1.0"]);
    expectSuccess(await project.pulumi(["destroy", "--yes"]));
    expect(await readBody(client, BUCKET, POINTER)).toBe("<NoSuchKey>");
    for (const [release, body] of Object.entries(RELEASES)) {
      expect(await readBody(client, BUCKET, `releases/${release}/app.tar.gz`)).toBe(body);
    }
  });
});
