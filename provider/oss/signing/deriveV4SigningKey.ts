import { createHmac } from "node:crypto";
import { V4 } from "../constants";

/**
 * The V4 signing key: HMAC-SHA256 chain `aliyun_v4<secret>` → `yyyymmdd` → region → `oss` →
 * `aliyun_v4_request` (docs/oss.md §4.3). Depends on the day, not the time, which is
 * what makes it worth memoizing (see v4SigningKeyMemo.ts).
 */
export function deriveV4SigningKey(accessKeySecret: string, day: string, region: string): Buffer {
  let key = createHmac("sha256", `${V4.secretPrefix}${accessKeySecret}`).update(day, "utf8").digest();
  for (const step of [region, V4.product, V4.terminator]) {
    key = createHmac("sha256", key).update(step, "utf8").digest();
  }
  return key;
}
