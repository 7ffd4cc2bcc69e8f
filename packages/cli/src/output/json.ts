/** The one JSON document a --json command prints: two-space indented, one trailing newline. */
export function toJsonDocument(value: unknown): string {
  return `${JSON.stringify(value, jsonSafe, 2)}\n`;
}

/** JSON has no NaN or ±Infinity; a value that slipped through prints as null, never as a bare token. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}
