/**
 * XML request bodies (PutBucketVersioning), parsed by fast-xml-parser in time linear in their
 * size, never by regular expressions over the raw text. The router caps these bodies at
 * {@link XML_BODY_MAX_BYTES} before they are read (the body column of server/operations.ts).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { errors } from "./errors";

/** Largest XML request body accepted; OSS's configuration documents are a few hundred bytes. */
export const XML_BODY_MAX_BYTES = 16 * 1024;

/** An element: its text (trimmed) or its children by name, every child as a list. */
type XmlElement = string | { [name: string]: XmlElement[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  // No entity expansion at all: no DTD-defined entities (billion laughs), no surprises in values.
  processEntities: false,
  trimValues: true,
  // Every child as a list, so a repeated element is seen rather than silently merged.
  isArray: () => true,
});

/**
 * The root element named `root` of a well-formed document; 400 MalformedXML for anything else
 * (not well-formed, a DTD, another root, text only).
 */
export function parseXmlBody(body: Buffer, root: string): { [name: string]: XmlElement[] } {
  const text = body.toString("utf8");
  let doc: unknown;
  try {
    if (XMLValidator.validate(text) !== true || text.includes("<!DOCTYPE")) throw errors.malformedXml();
    doc = parser.parse(text);
  } catch {
    throw errors.malformedXml();
  }
  const top = doc as Record<string, XmlElement[] | undefined>;
  const names = Object.keys(top);
  const element = top[root];
  if (names.length !== 1 || element === undefined || element.length !== 1) throw errors.malformedXml();
  const only = element[0];
  // `<Root/>` or `<Root>text</Root>` parse as a string: an element without children.
  return typeof only === "object" ? only : {};
}

/** The text of the one child `name`, or 400 MalformedXML when it is absent, repeated or not text. */
export function singleText(element: { [name: string]: XmlElement[] }, name: string): string {
  const list = element[name];
  if (list === undefined || list.length !== 1 || typeof list[0] !== "string") throw errors.malformedXml();
  return list[0];
}
