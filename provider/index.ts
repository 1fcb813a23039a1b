/**
 * What Pulumi serializes into every Symlink's state (`__provider`) and runs in the provider
 * process. Installed normally, that is the implementation module itself, stored as one
 * `require("pulumi-oss-symlink/provider-impl")` line ({@link providerForResource}). Otherwise it
 * is the literal shim below: each method loads the implementation by package name at call time
 * and delegates. Either way the stored text is tiny, holds no credentials, clients or absolute
 * paths, and a newer installed package version also serves refresh and delete of resources
 * created by an older one.
 *
 * Keep the shim that way: no imports used inside its methods, no module-level values, no helpers.
 * `import type` is erased at compile time, so it is safe.
 */
import type { dynamic } from "@pulumi/pulumi";
import * as path from "node:path";

/**
 * The one provider instance every Symlink uses (one serialization, one cache entry in the host).
 *
 * Written as arrow functions with rest parameters on purpose: Pulumi wraps every serialized
 * function in ~180 characters of scaffolding and copies its source text verbatim, so this form
 * keeps the stored text under 2 KB (measured in tests/unit/sdk/shimSerialization.test.ts).
 */
export const symlinkProvider: dynamic.ResourceProvider = {
  configure: (...a) => require("pulumi-oss-symlink/provider-impl").configure(...a),
  check: (...a) => require("pulumi-oss-symlink/provider-impl").check(...a),
  diff: (...a) => require("pulumi-oss-symlink/provider-impl").diff(...a),
  create: (...a) => require("pulumi-oss-symlink/provider-impl").create(...a),
  read: (...a) => require("pulumi-oss-symlink/provider-impl").read(...a),
  update: (...a) => require("pulumi-oss-symlink/provider-impl").update(...a),
  delete: (...a) => require("pulumi-oss-symlink/provider-impl").delete(...a),
};

const IMPLEMENTATION = "pulumi-oss-symlink/provider-impl";
let chosen: dynamic.ResourceProvider | undefined;

/**
 * The provider object every Symlink hands to `pulumi.dynamic.Resource`, chosen once per process.
 *
 * Installed normally (Node loaded `pulumi-oss-symlink/provider-impl` from under `node_modules`),
 * it is the implementation module itself. Pulumi's closure serializer recognises a module it can
 * require again and stores one line, `require("pulumi-oss-symlink/provider-impl")`, about 260
 * bytes instead of the shim's ~2 KB; every resource stores that text twice, and the engine ships
 * it with every call, so this is most of a Symlink's state. Anywhere else (a linked checkout,
 * a bundle, jest's module registry, where the module is not in Node's `require.cache` under
 * `node_modules`) the serializer would capture the implementation by value, so the literal
 * {@link symlinkProvider} shim is used. Both forms load the implementation by package name when
 * they run, so refresh and delete always use the installed version.
 */
export function providerForResource(): dynamic.ResourceProvider {
  if (chosen === undefined) chosen = installedImplementation() ?? symlinkProvider;
  return chosen;
}

function installedImplementation(): dynamic.ResourceProvider | undefined {
  try {
    const file = require.resolve(IMPLEMENTATION);
    if (!file.split(path.sep).includes("node_modules")) return undefined;
    const implementation: unknown = require(IMPLEMENTATION);
    return require.cache[file]?.exports === implementation ? (implementation as dynamic.ResourceProvider) : undefined;
  } catch {
    return undefined;
  }
}
