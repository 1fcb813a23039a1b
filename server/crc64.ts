/**
 * CRC-64 as OSS computes `x-oss-hash-crc64ecma`: the ECMA-182 polynomial, reflected, initial
 * value and final XOR all ones (the catalogue's CRC-64/XZ; check value of "123456789" is
 * 0x995DC9BBDF1939FA). OSS sends the result as an unsigned decimal string.
 * https://www.alibabacloud.com/help/en/oss/user-guide/check-data-transmission-integrity-by-using-crc-64
 *
 * Slicing-by-8: eight 256-entry tables let the loop fold eight bytes per step. JavaScript has
 * no fast 64-bit integers, so each entry is kept as two 32-bit halves (`HI`, `LO`). Written
 * separately from the client's implementation (provider/oss/crc64.ts), like the verifier.
 */

/** ECMA-182 polynomial, bit-reversed (0xC96C5795D7870F42), as two halves. */
const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;

const HI = new Uint32Array(8 * 256);
const LO = new Uint32Array(8 * 256);

for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let k = 0; k < 8; k++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  HI[n] = hi;
  LO[n] = lo;
}
for (let t = 1; t < 8; t++) {
  for (let n = 0; n < 256; n++) {
    const prevHi = HI[(t - 1) * 256 + n] as number;
    const prevLo = LO[(t - 1) * 256 + n] as number;
    // One more zero byte through the register: shift right by 8 and fold the low byte out.
    const idx = prevLo & 0xff;
    HI[t * 256 + n] = ((prevHi >>> 8) ^ (HI[idx] as number)) >>> 0;
    LO[t * 256 + n] = (((prevLo >>> 8) | (prevHi << 24)) ^ (LO[idx] as number)) >>> 0;
  }
}

/** Running CRC-64 state: feed chunks with {@link update}, read with {@link digest}. */
export class Crc64 {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  /** Folds `data` into the CRC. */
  update(data: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    let i = 0;
    const end8 = data.length - (data.length % 8);
    for (; i < end8; i += 8) {
      // The register's low 32 bits meet bytes 0..3, its high 32 bits bytes 4..7.
      const a = (lo ^ ((data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24))) >>> 0;
      const b = (hi ^ ((data[i + 4] as number) | ((data[i + 5] as number) << 8) | ((data[i + 6] as number) << 16) | ((data[i + 7] as number) << 24))) >>> 0;
      const i7 = 7 * 256 + (a & 0xff), i6 = 6 * 256 + ((a >>> 8) & 0xff), i5 = 5 * 256 + ((a >>> 16) & 0xff), i4 = 4 * 256 + (a >>> 24);
      const i3 = 3 * 256 + (b & 0xff), i2 = 2 * 256 + ((b >>> 8) & 0xff), i1 = 256 + ((b >>> 16) & 0xff), i0 = b >>> 24;
      hi = ((HI[i7] as number) ^ (HI[i6] as number) ^ (HI[i5] as number) ^ (HI[i4] as number) ^ (HI[i3] as number) ^ (HI[i2] as number) ^ (HI[i1] as number) ^ (HI[i0] as number)) >>> 0;
      lo = ((LO[i7] as number) ^ (LO[i6] as number) ^ (LO[i5] as number) ^ (LO[i4] as number) ^ (LO[i3] as number) ^ (LO[i2] as number) ^ (LO[i1] as number) ^ (LO[i0] as number)) >>> 0;
    }
    for (; i < data.length; i++) {
      const idx = (lo ^ (data[i] as number)) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (LO[idx] as number)) >>> 0;
      hi = ((hi >>> 8) ^ (HI[idx] as number)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** The CRC of everything fed so far, as the unsigned decimal string OSS sends. */
  digest(): string {
    const hi = (this.hi ^ 0xffffffff) >>> 0;
    const lo = (this.lo ^ 0xffffffff) >>> 0;
    return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
  }
}

/** CRC-64 of `data` as an unsigned decimal string (the `x-oss-hash-crc64ecma` value). */
export function crc64(data: Uint8Array): string {
  return new Crc64().update(data).digest();
}
