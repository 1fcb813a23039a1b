/**
 * During preview, values that are not known yet reach a dynamic provider's `check`/`diff` as
 * this sentinel string: the host turns the gRPC struct into plain JavaScript and the engine
 * encodes unknowns as `04da6b54-…` (`@pulumi/pulumi/runtime/rpc.js`, `unknownValue`). We keep
 * our own copy so the provider does not load the whole SDK runtime to compare one string.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is a preview-time unknown. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** True when `value` or anything inside it (object values, array items) is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
