// Command-line options of the demo: `npm run demo -- [--keep] [--verbose] [--state-dir DIR]`.
"use strict";

const path = require("node:path");

const USAGE = `Usage: npm run demo -- [options]

Deploys examples/basic to an embedded OSS-compatible server, retargets one link, destroys
everything, and prints what to change to run the same program against a real OSS bucket.

Options:
  --keep            skip the destroy step; keep the state directory for inspection
  --verbose         print the Pulumi engine's own output as well
  --state-dir DIR   keep Pulumi state, PULUMI_HOME and the server's objects in DIR (reusable
                    across runs; default: a temp dir removed at the end)
  --help            this text`;

/** Parses argv (without node and the script path). Throws on unknown options. */
function parseArgs(argv) {
  const options = { keep: false, verbose: false, stateDir: undefined, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--keep") options.keep = true;
    else if (arg === "--verbose" || arg === "-v") options.verbose = true;
    else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--state-dir" || arg.startsWith("--state-dir=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      if (!value) throw new Error("--state-dir needs a directory");
      options.stateDir = path.resolve(value);
    } else {
      throw new Error(`unknown option ${JSON.stringify(arg)}\n\n${USAGE}`);
    }
  }
  return options;
}

module.exports = { parseArgs, USAGE };
