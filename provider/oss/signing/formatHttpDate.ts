/**
 * RFC 1123 date in GMT, e.g. `Sat, 16 Dec 2023 16:20:57 GMT`: the `Date` header and the V1 date
 * line. ECMAScript has fixed `toUTCString` to exactly this shape since ES2018.
 * @throws RangeError for an invalid Date, rather than signing the text "Invalid Date".
 */
export function formatHttpDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Cannot sign with an invalid Date");
  return date.toUTCString();
}
