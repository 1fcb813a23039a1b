import type { dynamic } from "@pulumi/pulumi";
import * as path from "node:path";
import { symlinkProvider } from "./index";

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
