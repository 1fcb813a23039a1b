// Aligned plain-text tables for the demo's output.
"use strict";

/**
 * Formats rows under headers, each column padded to its widest cell; the last column is not
 * padded, so lines carry no trailing spaces. Returns the lines, indented by `indent`.
 */
function formatTable(headers, rows, indent = "  ") {
  const all = [headers, ...rows].map((row) => row.map((cell) => String(cell ?? "")));
  const widths = headers.map((_, col) => Math.max(...all.map((row) => (row[col] ?? "").length)));
  return all.map(
    (row) =>
      indent +
      row
        .map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col])))
        .join("  ")
        .trimEnd(),
  );
}

/** `27 B`, `1.5 KiB`, ... */
function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** The first line of a text body, shortened for a table cell. */
function firstLine(body, max = 48) {
  const line = body.toString("utf8").split(/\r?\n/, 1)[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `1.2 s` */
function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

module.exports = { formatTable, formatBytes, firstLine, seconds };
