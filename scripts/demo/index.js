// `npm run demo`: deploys examples/basic to the embedded OSS-compatible server, retargets one
// link while a reader polls it, destroys everything, and says how to point the same program at a
// real OSS bucket. Run by scripts/demo.sh (which provides Node >= 22 and the Pulumi CLI) with
// cwd = the repository root: the provider plugin starts there and resolves @pulumi/pulumi and
// pulumi-oss-symlink from its node_modules. See docs/demo.md.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs, USAGE } = require("./args");
const { exampleProgramSpec, exampleProjectName } = require("./exampleProgram");
const { createDemoClient } = require("./ossClient");
const { describeGet, describeSegments, startPoller, tryGet } = require("./probe");
const { DemoStack, describeSteps, isReplace, outcome } = require("./stack");
const { formatTable, seconds } = require("./table");

const REPO = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(REPO, "examples");
const EXAMPLE = "basic";
const STACK_NAME = "demo";
const BUCKET = "demo";
const VERSIONED_BUCKET = "demo-versioned";
const DEFAULT_PASSPHRASE = "pulumi-oss-symlink-demo";

/** The objects the links point at, uploaded before the deploy and checked after the destroy. */
const TARGETS = [
  { bucket: BUCKET, key: "releases/v1/app.js", body: 'console.log("app v1: hello");\n// build 2024-01\n' },
  { bucket: BUCKET, key: "releases/v2/app.js", body: 'console.log("app v2: hello, world");\n// build 2024-02\n' },
  { bucket: BUCKET, key: "docs/index.html", body: "<!doctype html><title>Docs</title>\n<h1>Docs home</h1>\n" },
  { bucket: VERSIONED_BUCKET, key: "releases/v1/app.js", body: 'console.log("app v1: hello");\n// build 2024-01\n' },
  { bucket: VERSIONED_BUCKET, key: "releases/v2/app.js", body: 'console.log("app v2: hello, world");\n// build 2024-02\n' },
];

/** The one link the demo moves, through the example's `latestTarget` config. */
const RETARGET = { link: "app-latest", configKey: "latestTarget", from: "releases/v1/app.js", to: "releases/v2/app.js" };

const say = (line = "") => console.log(line);
const TOTAL_STEPS = 7;
const step = (n, title) => say(`\n[${n}/${TOTAL_STEPS}] ${title}`);

class DemoFailure extends Error {}

/** Fails the demo (non-zero exit) with a message that says what went wrong. */
function expect(condition, message) {
  if (!condition) throw new DemoFailure(message);
}

/** State dir: the user's (kept) or a fresh temp dir (removed at the end unless --keep). */
function prepareStateDir(options) {
  if (options.stateDir) {
    fs.mkdirSync(options.stateDir, { recursive: true });
    return { dir: options.stateDir, temporary: false };
  }
  return { dir: fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-oss-symlink-demo-")), temporary: true };
}

/**
 * Starts the local server. With --state-dir its objects live on disk there and it reuses the
 * previous run's port, so a stack kept by `--keep` still finds its links (the endpoint is part of
 * each link's identity: a new port would mean replacing every link).
 */
async function startServer(server, stateDir, persistent) {
  const options = { buckets: [BUCKET], versionedBuckets: [VERSIONED_BUCKET] };
  if (!persistent) return server.startLocalOss(options);
  const portFile = path.join(stateDir, "local-oss.json");
  const previous = fs.existsSync(portFile) ? JSON.parse(fs.readFileSync(portFile, "utf8")) : undefined;
  const oss = await server.startLocalOss({ ...options, dataDir: path.join(stateDir, "oss-data"), port: previous?.port ?? 0 });
  fs.writeFileSync(portFile, `${JSON.stringify({ port: oss.port })}\n`);
  return oss;
}

/** One row per link: name, bucket/key, target, and what a GET through the link returns. */
async function linkRows(client, links) {
  const rows = [];
  for (const [name, link] of Object.entries(links)) {
    const got = await tryGet(client, link.bucket, link.key);
    rows.push({ name, link, got, cells: [name, `${link.bucket}/${link.key}`, link.target, describeGet(got)] });
  }
  return rows;
}

function printLinkTable(rows) {
  for (const line of formatTable(["link", "bucket/key", "→ target", "GET through the link"], rows.map((r) => r.cells))) say(line);
}

/** Every GET through a link must return exactly its target's bytes. */
function expectLinksServeTargets(rows) {
  for (const { name, link, got } of rows) {
    const target = TARGETS.find((t) => t.bucket === link.bucket && t.key === link.target);
    expect(target !== undefined, `${name}: target ${link.bucket}/${link.target} is not one of the demo's objects`);
    expect(got.ok, `${name}: GET ${link.bucket}/${link.key} failed: ${describeGet(got)}`);
    expect(got.body.toString("utf8") === target.body, `${name}: GET ${link.bucket}/${link.key} did not return the bytes of ${link.target}`);
  }
}

function linksFromOutputs(outputs) {
  const links = outputs.links?.value;
  expect(links && typeof links === "object", "the stack has no `links` output");
  for (const [name, link] of Object.entries(links)) {
    const missing = ["bucket", "key", "target"].filter((field) => typeof link?.[field] !== "string");
    expect(
      missing.length === 0,
      `stack output links.${name} has no ${missing.join("/")}: the Symlink resource's outputs did not resolve ` +
        `(got ${JSON.stringify(link)})`,
    );
  }
  return links;
}

function printRealOssHowTo(project) {
  const lines = [
    "The same program runs against a real bucket; only the stack config changes:",
    "",
    "  cd examples/basic && npm install        # or copy the folder into your own project",
    "  pulumi stack init dev",
    "  pulumi config set alicloud:region cn-hangzhou              # your buckets' region",
    "  pulumi config set alicloud:accessKey <AccessKeyId>",
    "  pulumi config set --secret alicloud:secretKey <AccessKeySecret>",
    "  pulumi config set bucket <existing-bucket>",
    "  pulumi config set versionedBucket <existing-versioned-bucket>",
    "  pulumi up",
    "",
    `Differences from this demo's config (project "${project}"):`,
    `  - no pulumi-oss-symlink:endpoint: without it the region's public endpoint is used`,
    `    (https://oss-<region>.aliyuncs.com); set it only for an internal or custom endpoint, and`,
    "    make sure OSS_ENDPOINT is not set in your environment either;",
    "  - credentials may come from the environment instead of config: OSS_ACCESS_KEY_ID /",
    "    OSS_ACCESS_KEY_SECRET (+ OSS_SESSION_TOKEN), or the Alibaba Cloud default chain",
    "    (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, ~/.aliyun/config.json,",
    "    ECS RAM role, ...); STS tokens go in alicloud:securityToken;",
    "  - the target objects must exist for a GET through a link to work (OSS does not check);",
    "  - run `pulumi config set latestTarget releases/v2/app.js && pulumi up` to retarget.",
  ];
  for (const line of lines) say(line ? `  ${line}` : "");
}

/** Step 1: the CLI, the state dir, and the stack (created or selected). */
async function openStack(run) {
  step(1, "Tools and state");
  const { options, state, pulumiDir } = run;
  const stack = await DemoStack.open({
    projectName: run.project,
    stackName: STACK_NAME,
    program: exampleProgramSpec(EXAMPLES, EXAMPLE),
    pulumiDir,
    stateDir: state.dir,
    passphrase: run.passphrase,
    verbose: options.verbose,
    log: (text) => say(text.replace(/^/gm, "    | ")),
  });
  say(`  node ${process.version}, pulumi ${stack.cliVersion} (${pulumiDir})`);
  say(`  state: ${state.dir}${state.temporary && !options.keep ? " (removed at the end)" : ""}`);
  return stack;
}

/** Step 2: the local server and the target objects; resolves with the server and a client of it. */
async function startServerWithTargets(run) {
  step(2, "Local OSS server");
  const server = require("pulumi-oss-symlink/server");
  const oss = await startServer(server, run.state.dir, !run.state.temporary);
  run.cleanups.push(() => oss.close());
  const client = createDemoClient({
    endpoint: oss.endpoint,
    region: oss.region,
    accessKeyId: oss.accessKeyId,
    accessKeySecret: oss.accessKeySecret,
  });
  run.cleanups.unshift(() => client.close());
  say(`  ${oss.endpoint}  buckets: ${BUCKET}, ${VERSIONED_BUCKET} (versioned)  region: ${oss.region}`);
  for (const t of TARGETS) {
    const contentType = t.key.endsWith(".html") ? "text/html; charset=utf-8" : "application/javascript";
    await client.putObject({ bucket: t.bucket, key: t.key, body: t.body, contentType });
  }
  say(`  uploaded ${TARGETS.length} target objects:`);
  for (const line of formatTable(
    ["object", "size"],
    TARGETS.map((t) => [`${t.bucket}/${t.key}`, `${Buffer.byteLength(t.body)} B`]),
    "    ",
  )) say(line);
  return { oss, client };
}

/** Step 3: stack config pointing at the local server, then the first `up`. */
async function deploy(run, stack, oss) {
  const { project } = run;
  step(3, `Deploy examples/${EXAMPLE} (project ${project}, stack ${STACK_NAME})`);
  const config = {
    "pulumi-oss-symlink:endpoint": { value: oss.endpoint },
    "alicloud:region": { value: oss.region },
    "alicloud:accessKey": { value: oss.accessKeyId },
    "alicloud:secretKey": { value: oss.accessKeySecret, secret: true },
    [`${project}:bucket`]: { value: BUCKET },
    [`${project}:versionedBucket`]: { value: VERSIONED_BUCKET },
    [`${project}:${RETARGET.configKey}`]: { value: RETARGET.from },
  };
  stack.setConfig(config);
  say("  stack config:");
  for (const line of formatTable(
    ["key", "value"],
    Object.entries(config).map(([key, c]) => [key, c.secret ? "[secret]" : c.value]),
    "    ",
  ).slice(1)) say(line);
  const first = await stack.up();
  say(`  up: ${describeSteps(first.steps)} in ${seconds(first.ms)}`);
  return first;
}

/** Step 4: what got deployed, and a GET through each link. */
async function showDeployed(client, first) {
  step(4, "Links and a GET through each");
  const before = await linkRows(client, linksFromOutputs(first.outputs));
  printLinkTable(before);
  expectLinksServeTargets(before);
  expect(before.some((r) => r.name === RETARGET.link), `the example has no ${RETARGET.link} link`);
  return before;
}

/** The retarget's preview must replace exactly the moved link. */
async function previewRetarget(stack) {
  const preview = await stack.preview();
  const planned = preview.steps.find((s) => s.name === RETARGET.link);
  expect(planned !== undefined, `preview reported nothing for ${RETARGET.link}`);
  expect(isReplace(planned), `preview planned "${outcome(planned)}" for ${RETARGET.link}, expected a replace`);
  const others = preview.steps.filter((s) => s !== planned && outcome(s) !== "unchanged");
  expect(others.length === 0, `preview planned changes to other links too: ${others.map((s) => `${s.name} (${outcome(s)})`).join(", ")}`);
  const oldTarget = planned.old?.outputs?.target ?? planned.old?.inputs?.target ?? RETARGET.from;
  const newTarget = planned.new?.inputs?.target ?? RETARGET.to;
  const why = planned.diffs.length > 0 ? ` (${planned.diffs.join(", ")} changed)` : "";
  say(`  preview: ${describeSteps(preview.steps, true)}`);
  say(`    ${RETARGET.link}: replace${why}: ${oldTarget} → ${newTarget}`);
}

/** The retarget's `up` while a reader polls the moved link: it must never miss or fail. */
async function upWhilePolling(stack, client, moving) {
  const labels = new Map(TARGETS.filter((t) => t.bucket === moving.bucket).map((t) => [t.body, t.key]));
  const poller = startPoller(client, {
    bucket: moving.bucket,
    key: moving.key,
    label: (body) => labels.get(body.toString("utf8")) ?? "unexpected bytes",
  });
  let second;
  let polled;
  try {
    second = await stack.up();
  } finally {
    polled = await poller.stop();
  }
  const errorCount = Object.values(polled.errors).reduce((a, b) => a + b, 0);
  say(`  up: ${describeSteps(second.steps)} in ${seconds(second.ms)}`);
  say(`  meanwhile ${polled.polls} GETs of ${moving.bucket}/${moving.key}: ${polled.notFound} not found, ${errorCount} errors`);
  say(`    served: ${describeSegments(polled.segments)}`);
  const replaced = second.steps.find((s) => s.name === RETARGET.link);
  expect(replaced !== undefined && isReplace(replaced), `up did not replace ${RETARGET.link}`);
  expect(polled.notFound === 0, `${polled.notFound} GETs through ${moving.key} found nothing during the retarget`);
  expect(errorCount === 0, `GETs through ${moving.key} failed during the retarget: ${JSON.stringify(polled.errors)}`);
  expect(polled.segments.at(-1)?.label === RETARGET.to, `after the retarget, ${moving.key} does not serve ${RETARGET.to}`);
  return second;
}

/** Step 5: retarget one link through config; resolves with the second `up`. */
async function retarget(run, stack, client, before) {
  step(5, `Retarget ${RETARGET.link}: ${RETARGET.configKey} = ${RETARGET.to}`);
  stack.setConfig({ [`${run.project}:${RETARGET.configKey}`]: { value: RETARGET.to } });
  await previewRetarget(stack);
  const moving = before.find((r) => r.name === RETARGET.link).link;
  const second = await upWhilePolling(stack, client, moving);
  const after = await linkRows(client, linksFromOutputs(second.outputs));
  printLinkTable(after);
  expectLinksServeTargets(after);
  return second;
}

/** Step 6 with --keep: where the kept stack is and how to inspect it. */
function describeKept(run) {
  const { state, project, passphrase, pulumiDir } = run;
  step(6, "Destroy: skipped (--keep)");
  say(`  The stack and its state stay in ${state.dir}. Inspect them with:`);
  say(`    PULUMI_BACKEND_URL=file://${path.join(state.dir, "backend")} PULUMI_HOME=${path.join(state.dir, "home")} \\`);
  say(`    PULUMI_CONFIG_PASSPHRASE=${passphrase === DEFAULT_PASSPHRASE ? DEFAULT_PASSPHRASE : "<your passphrase>"} \\`);
  say(`    ${path.join(pulumiDir, "pulumi")} stack output --stack organization/${project}/${STACK_NAME} --json`);
  if (state.temporary) say("  The local server's objects lived in memory and are gone; use --state-dir DIR to keep them too.");
  else say(`  The server's objects are kept in ${path.join(state.dir, "oss-data")}; run again with --state-dir ${state.dir} to continue.`);
}

/** Step 6: destroy; every link must be gone and every target intact; then remove the stack. */
async function destroyAndCheck(stack, client, second) {
  step(6, "Destroy");
  const destroyed = await stack.destroy();
  say(`  destroy: ${describeSteps(destroyed.steps)} in ${seconds(destroyed.ms)}`);
  const gone = await linkRows(client, linksFromOutputs(second.outputs));
  for (const line of formatTable(["link", "bucket/key", "GET through the link"], gone.map((r) => [r.name, r.cells[1], r.cells[3]]))) say(line);
  for (const r of gone) expect(!r.got.ok && r.got.status === 404, `${r.name}: ${r.cells[1]} still answers after destroy`);
  const targetRows = [];
  for (const t of TARGETS) {
    const got = await tryGet(client, t.bucket, t.key);
    const intact = got.ok && got.body.toString("utf8") === t.body;
    targetRows.push([`${t.bucket}/${t.key}`, intact ? `intact, ${describeGet(got)}` : describeGet(got)]);
    expect(intact, `target ${t.bucket}/${t.key} was changed or removed by the destroy`);
  }
  for (const line of formatTable(["target", "GET"], targetRows)) say(line);
  await stack.remove();
}

/** The requests the local server answered, per operation. */
function printServerStats(oss) {
  const stats = oss.stats();
  const ops = Object.entries(stats.byOperation).sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${n}`).join(", ");
  say(`  local server: ${stats.total} requests (${ops})`);
}

/** Runs the cleanups, then removes a temporary state dir (kept for inspection when the demo failed). */
async function finish(run, succeeded) {
  for (const cleanup of run.cleanups) {
    try {
      await cleanup();
    } catch {
      // best effort: the demo's outcome is already decided
    }
  }
  if (run.state.temporary && !run.options.keep) {
    if (succeeded) fs.rmSync(run.state.dir, { recursive: true, force: true });
    else say(`(state left in ${run.state.dir} for inspection)`);
  }
}

async function main(options) {
  const started = Date.now();
  const pulumiDir = process.env.PULUMI_OSS_SYMLINK_PULUMI_DIR;
  expect(pulumiDir && fs.existsSync(path.join(pulumiDir, "pulumi")), "no Pulumi CLI: run the demo with `npm run demo` (scripts/demo.sh finds or builds it)");
  /** What every step shares; `cleanups` run at the end, in order, whatever happened. */
  const run = {
    options,
    pulumiDir,
    state: prepareStateDir(options),
    passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? DEFAULT_PASSPHRASE,
    project: exampleProjectName(EXAMPLES, EXAMPLE),
    cleanups: [],
  };
  let succeeded = false;

  say("pulumi-oss-symlink demo: examples/basic on a local OSS server — deploy, retarget, destroy.");
  try {
    const stack = await openStack(run);
    const { oss, client } = await startServerWithTargets(run);
    const first = await deploy(run, stack, oss);
    const before = await showDeployed(client, first);
    const second = await retarget(run, stack, client, before);
    if (options.keep) describeKept(run);
    else await destroyAndCheck(stack, client, second);
    printServerStats(oss);
    step(7, "Against a real OSS bucket");
    printRealOssHowTo(run.project);
    say(`\nDemo finished OK in ${seconds(Date.now() - started)}.`);
    succeeded = true;
  } finally {
    await finish(run, succeeded);
  }
}

if (require.main === module) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  if (options.help) {
    say(USAGE);
    process.exit(0);
  }
  main(options).then(
    // The Automation API can leave gRPC handles open; the demo is done either way.
    () => process.exit(0),
    (err) => {
      console.error(`\nDemo FAILED: ${err instanceof DemoFailure ? err.message : err && err.stack ? err.stack : String(err)}`);
      process.exit(1);
    },
  );
}

module.exports = { main, TARGETS, RETARGET };
