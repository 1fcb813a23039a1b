/**
 * What Pulumi serializes into every Symlink's state (`__provider`) and runs in the provider
 * process. Installed normally, that is the implementation module itself, stored as one
 * `require("pulumi-oss-symlink/provider-impl")` line (see providerForResource.ts). Otherwise it
 * is the literal shim below: each method loads the implementation by package name at call time
 * and delegates. Either way the stored text is tiny, holds no credentials, clients or absolute
 * paths, and a newer installed package version also serves refresh and delete of resources
 * created by an older one.
 *
 * Keep the shim that way: no imports used inside its methods, no module-level values, no helpers.
 * `import type` is erased at compile time, so it is safe.
 */
import type { dynamic } from "@pulumi/pulumi";

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

