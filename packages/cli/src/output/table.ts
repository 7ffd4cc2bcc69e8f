/** Left-aligned columns separated by two spaces; trailing spaces trimmed. */
export function renderTable(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, c) => {
      widths[c] = Math.max(widths[c] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

/** A metric value for people: 6 decimals, "undefined" for null. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return "undefined";
  return value.toFixed(6);
}

export function formatInterval(interval: readonly [number, number] | null | undefined): string {
  if (interval === undefined) return "";
  if (interval === null) return "undefined";
  return `[${interval[0].toFixed(6)}, ${interval[1].toFixed(6)}]`;
}

/** "95%" for 0.95, "99.5%" for 0.995. */
export function formatLevel(level: number): string {
  return `${Number((level * 100).toPrecision(10))}%`;
}
