/**
 * CRC-64 of a response body, to compare with OSS's `x-oss-hash-crc64ecma` (docs/client.md):
 * ECMA-182 polynomial, reflected, initial value and final XOR all ones (CRC-64/XZ; "123456789"
 * gives 0x995DC9BBDF1939FA).
 * https://www.alibabacloud.com/help/en/oss/user-guide/check-data-transmission-integrity-by-using-crc-64
 *
 * One 256-entry table, one byte per step, each entry as two 32-bit halves (JavaScript has no
 * fast 64-bit integers). The local server has its own implementation (server/crc64.ts) so that
 * a mistake here cannot hide behind the same mistake there.
 */

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let bit = 0; bit < 8; bit++) {
    const odd = (lo & 1) === 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi >>>= 1;
    if (odd) {
      hi = (hi ^ 0xc96c5795) >>> 0;
      lo = (lo ^ 0xd7870f42) >>> 0;
    }
  }
  TABLE_HI[n] = hi;
  TABLE_LO[n] = lo;
}

/** CRC-64/XZ of `data` as the unsigned decimal string OSS sends in `x-oss-hash-crc64ecma`. */
export function crc64Ecma(data: Uint8Array): string {
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const index = (lo ^ (data[i] as number)) & 0xff;
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ (TABLE_LO[index] as number)) >>> 0;
    hi = ((hi >>> 8) ^ (TABLE_HI[index] as number)) >>> 0;
  }
  return ((BigInt((hi ^ 0xffffffff) >>> 0) << 32n) | BigInt((lo ^ 0xffffffff) >>> 0)).toString();
}
