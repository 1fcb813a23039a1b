// The last second formatted and its text (see formatV4Date in signV4.ts for why).
let lastSecond = Number.NaN;
let lastText = "";

/**
 * RFC 1123 date in GMT, e.g. `Sat, 16 Dec 2023 16:20:57 GMT`: the `Date` header and the V1 date
 * line. ECMAScript has fixed `toUTCString` to exactly this shape since ES2018.
 * @throws RangeError for an invalid Date, rather than signing the text "Invalid Date".
 */
export function formatHttpDate(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Cannot sign with an invalid Date");
  // Whole seconds: requests signed in the same second share the text (docs/performance.md).
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = date.toUTCString();
  }
  return lastText;
}
