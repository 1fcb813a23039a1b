// The README's "Quick start in your own project", run as written: its Pulumi.yaml and index.ts
// are taken from the README (between the quickstart markers) into an empty folder, and its
// commands run in order. Only what cannot be typed here verbatim is substituted: the package is
// installed from the packed tarball (not yet on npm), `pulumi login --local` becomes a file
// backend in the test's temp dir, the placeholders get the embedded server's keys, the server's
// endpoint is added to the stack config (as the README says for trying it offline), and the
// confirmation prompt of `pulumi up` is answered by PULUMI_SKIP_CONFIRMATIONS.
import * as fs from "node:fs";
import * as path from "node:path";
import type { OssClientApi } from "../../provider/oss/clientTypes";
import type { LocalOss } from "../../server";
import { REPO_ROOT, makeTempDir } from "../engine/support/engine";
import { checkClient, FAKE_CREDENTIALS, readBody, startEngineOss } from "../engine/support/symlinkStack";
import { expectSuccess, installProject, requireLanguageHost, type CliProject, type CommandResult } from "./support/cliProject";

/** The quick start section of the README: its fenced blocks, by language, in order. */
function quickStart(): { bash: string[]; yaml: string; ts: string } {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const begin = readme.indexOf("<!-- quickstart:begin");
  const end = readme.indexOf("<!-- quickstart:end -->");
  if (begin < 0 || end < begin) throw new Error("README.md has no <!-- quickstart:begin ... --> / <!-- quickstart:end --> section");
  const blocks = [...readme.slice(begin, end).matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, body]) => ({ lang: lang!, body: body! }));
  const of = (lang: string) => blocks.filter((b) => b.lang === lang).map((b) => b.body);
  const [yaml] = of("yaml");
  const [ts] = of("ts");
  if (yaml === undefined || ts === undefined) throw new Error("the README quick start lost its Pulumi.yaml or index.ts block");
  return { bash: of("bash"), yaml, ts };
}

/** The command lines of the bash blocks, comments stripped. */
function commandLines(blocks: string[]): string[] {
  return blocks
    .flatMap((b) => b.split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "");
}

const QUICK = quickStart();
const COMMANDS = commandLines(QUICK.bash);
// The program's bucket and target, read from the README's program.
const BUCKET = /bucket: "([^"]+)"/.exec(QUICK.ts)?.[1] ?? "";
const KEY = /key: "([^"]+)"/.exec(QUICK.ts)?.[1] ?? "";
const TARGET = /target: "([^"]+)"/.exec(QUICK.ts)?.[1] ?? "";
const TARGET_BODY = "release tarball bytes\n";

let oss: LocalOss;
let client: OssClientApi;
let project: CliProject;

beforeAll(async () => {
  requireLanguageHost();
  expect(COMMANDS.slice(0, 2)).toEqual(["mkdir my-links && cd my-links", "npm install pulumi-oss-symlink @pulumi/pulumi"]);
  oss = await startEngineOss({ buckets: [BUCKET] });
  client = checkClient(oss);
  await client.putObject({ bucket: BUCKET, key: TARGET, body: TARGET_BODY });
  // mkdir my-links, with the two files the README shows.
  const source = path.join(makeTempDir("cli-quickstart-src-"), "my-links");
  fs.mkdirSync(source);
  fs.writeFileSync(path.join(source, "Pulumi.yaml"), QUICK.yaml);
  fs.writeFileSync(path.join(source, "index.ts"), QUICK.ts);
  // npm install pulumi-oss-symlink @pulumi/pulumi, the first from its tarball.
  project = await installProject(source, "my-links", ["@pulumi/pulumi"]);
  fs.rmSync(path.dirname(source), { recursive: true, force: true });
}, 400_000);

afterAll(async () => {
  await client?.close();
  await oss?.close();
  project?.remove();
});

it("the README quick start runs as written: preview plans the link, up creates it", async () => {
  const placeholders: Record<string, string> = {
    "<AccessKeyId>": FAKE_CREDENTIALS.accessKeyId,
    "<AccessKeySecret>": FAKE_CREDENTIALS.accessKeySecret,
  };
  const ran: Record<string, CommandResult> = {};
  for (const line of COMMANDS.slice(2)) {
    if (line === "pulumi login --local") continue; // installProject logged in to a file backend
    expect(line).toMatch(/^pulumi /);
    const args = line
      .split(/\s+/)
      .slice(1)
      .map((a) => placeholders[a] ?? a);
    // A user answers `pulumi up`'s "Do you want to perform this update?" with yes; without a
    // terminal, PULUMI_SKIP_CONFIRMATIONS gives that answer and the command stays as written.
    const r = await project.pulumi(args, { PULUMI_SKIP_CONFIRMATIONS: "true" });
    ran[args.slice(0, 2).join(" ")] = r;
    expectSuccess(r);
    if (args[0] === "stack" && args[1] === "init") {
      expectSuccess(await project.pulumi(["config", "set", "pulumi-oss-symlink:endpoint", oss.endpoint]));
      expect(oss.region).toBe(/alicloud:region (\S+)/.exec(COMMANDS.join("\n"))?.[1]);
    }
  }
  expect(Object.keys(ran)).toEqual(expect.arrayContaining(["preview", "up"]));
  expect(ran["preview"]?.stdout).toMatch(/\+ 2 to create/);
  expect(ran["up"]?.stdout).toMatch(/\+ 2 created/);
  expect(await readBody(client, BUCKET, KEY)).toBe(TARGET_BODY);
  const url = expectSuccess(await project.pulumi(["stack", "output", "url"])).stdout.trim();
  expect(url).toBe(`${oss.endpoint}/${BUCKET}/${KEY}`);
}, 400_000);
