import { OssError, type OssErrorFields } from "../../provider/oss/ossError";

/**
 * An `OssError` from data, as the client builds it, whichever shape `OssErrorFields` has: OSS's
 * message went into `message` before `OssError` became data-only and goes into `ossMessage` now.
 * Passing both keeps provider-side tests independent of that change.
 */
export function ossErrorOf(fields: { code: string; status?: number; text?: string; requestId?: string; ec?: string }): OssError {
  const { text, ...rest } = fields;
  return new OssError({ ...rest, message: text ?? "", ...(text !== undefined ? { ossMessage: text } : {}) } as unknown as OssErrorFields);
}
