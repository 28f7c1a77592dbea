/**
 * An aligned text table like `kubectl get`: columns padded to their widest cell, the last column never padded,
 * so lines carry no trailing spaces.
 */
export function formatTable(rows: readonly (readonly string[])[], gap = '   '): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return `${rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join(gap).trimEnd()).join('\n')}\n`;
}
