import * as fs from "node:fs";
import * as path from "node:path";

/** Every regular file under `dir`, recursively, as full paths (symlinks not followed); [] when `dir` is absent. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}
