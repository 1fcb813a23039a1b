/**
 * Reads a request body up to `limit` bytes. Over the limit (declared or as it arrives) it rejects
 * with `tooLarge()` and discards the rest as it comes, never keeping it (the server's
 * requestTimeout bounds how long that can take).
 */
import type { IncomingMessage } from "node:http";

const EMPTY = Buffer.alloc(0);

export function readBody(req: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) return Promise.reject(tooLarge());
  if (declared === 0 && req.headers["transfer-encoding"] === undefined) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge());
      } else chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
