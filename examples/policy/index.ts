// Guard rails for pulumi-oss-symlink in a pipeline: `pulumi preview --policy-pack <this folder>`
// fails when a Symlink breaks one of these rules. Other resources, including other dynamic
// resources, are never judged: `validateResourceOfType(Symlink, ...)` compares each resource's type
// with `Symlink.__pulumiType` (`pulumi-nodejs:dynamic/pulumi-oss-symlink:Symlink`).
//
// Config (`pulumi preview --policy-pack . --policy-pack-config policy-config.json`):
//   symlink-target-prefix.allowedPrefixes                       targets must start with one (default ["releases/"])
//   symlink-forbid-overwrite-in-production.productionStackPattern  regular expression of production stack names
import { PolicyPack, validateResourceOfType } from "@pulumi/policy";
import { Symlink } from "pulumi-oss-symlink";

/** The stack of a URN: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
function stackOf(urn: string): string {
  return urn.split("::")[0]?.replace(/^urn:pulumi:/, "") ?? "";
}

new PolicyPack("oss-symlink-guard-rails", {
  policies: [
    {
      name: "symlink-no-public-read-write",
      description: "A Symlink must not be public-read-write: anyone could overwrite or delete the link.",
      enforcementLevel: "mandatory",
      validateResource: validateResourceOfType(Symlink, (link, _args, reportViolation) => {
        if (link.acl === "public-read-write") {
          reportViolation(`acl is "public-read-write": anyone could overwrite or delete the link. Use "private", "public-read" or "default".`);
        }
      }),
    },
    {
      name: "symlink-standard-storage-class",
      description: "A Symlink must be Standard: IA, Archive, ColdArchive and DeepColdArchive bill at least 64 KB per object (docs/oss.md §1.2).",
      enforcementLevel: "mandatory",
      validateResource: validateResourceOfType(Symlink, (link, _args, reportViolation) => {
        const storageClass = link.storageClass ?? "Standard";
        if (storageClass !== "Standard") {
          reportViolation(
            `storageClass is "${storageClass}": a link in IA or an Archive class bills at least 64 KB and the PutSymlink page advises against it. Leave storageClass unset or use "Standard".`,
          );
        }
      }),
    },
    {
      name: "symlink-forbid-overwrite-in-production",
      description: "On a production stack a Symlink must set forbidOverwrite, so creating it never replaces an object someone else wrote.",
      enforcementLevel: "mandatory",
      configSchema: {
        properties: {
          productionStackPattern: {
            type: "string",
            // prod, production, prod-eu, eu-prod, production.2; not product-demo.
            default: "(^|[-_.])prod(uction)?($|[-_.])",
            description: "Regular expression (case-insensitive) of the stack names that count as production.",
          },
        },
      },
      validateResource: validateResourceOfType(Symlink, (link, args, reportViolation) => {
        const { productionStackPattern } = args.getConfig<{ productionStackPattern: string }>();
        const stack = stackOf(args.urn);
        if (new RegExp(productionStackPattern, "i").test(stack) && link.forbidOverwrite !== true) {
          reportViolation(`stack "${stack}" is production and forbidOverwrite is not true: set forbidOverwrite: true on the link.`);
        }
      }),
    },
    {
      name: "symlink-target-prefix",
      description: "A Symlink's target must be under an allowed prefix (policy config allowedPrefixes).",
      enforcementLevel: "mandatory",
      configSchema: {
        properties: {
          allowedPrefixes: {
            type: "array",
            items: { type: "string" },
            default: ["releases/"],
            description: "Key prefixes a target may start with.",
          },
        },
      },
      validateResource: validateResourceOfType(Symlink, (link, args, reportViolation) => {
        const { allowedPrefixes } = args.getConfig<{ allowedPrefixes: string[] }>();
        if (typeof link.target === "string" && !allowedPrefixes.some((prefix) => link.target.startsWith(prefix))) {
          reportViolation(
            `target "${link.target}" is not under an allowed prefix (${allowedPrefixes.map((p) => `"${p}"`).join(", ")}). Point the link under one, or add its prefix to allowedPrefixes in the policy pack config.`,
          );
        }
      }),
    },
  ],
});
