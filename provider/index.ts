/**
 * What every Symlink stores as `__provider`: the text the dynamic-provider host loads (with
 * `require-from-string`) and calls `handler()` on to get the provider object. The host's contract
 * is exactly that (`getProvider` in `@pulumi/pulumi/cmd/dynamic-provider/index.js`:
 * `requireFromString(props.__provider).handler()`, cached per text, then `configure` once;
 * https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/dynamic-provider/index.ts).
 *
 * Why a hand-written line instead of Pulumi's closure serializer (`pulumi.dynamic.Resource`):
 * the serializer wraps even a one-line `require` in ~230 bytes of scaffolding (`__f0`, a `with`
 * block, two `apply` calls), and the host stores this text twice per resource (inputs and
 * outputs) and ships it with every call; 301 bytes serialized, against the 72 of this line
 * (docs/performance.md, "State"). It also spares the program loading the serializer.
 *
 * The line loads the implementation by package name when the host runs it, resolved from the
 * project directory like any `require` of the program, so refresh and delete of resources
 * created by an older version use whatever version is installed. It holds no credentials,
 * clients or absolute paths.
 */
export const SERIALIZED_PROVIDER = 'exports.handler = () => require("pulumi-oss-symlink/provider-impl");\n';
