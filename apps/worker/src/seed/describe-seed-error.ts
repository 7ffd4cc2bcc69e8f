/**
 * A one-line explanation, with what to do about it, of the failures a user can fix
 * (database down, missing or not migrated); null for anything else.
 */
export function describeSeedError(err: unknown, databaseUrl: string): string | null {
  const where = redact(databaseUrl);
  const text = messages(err).join(" | ");
  const code = codes(err);
  if (
    code.has("P2021") ||
    code.has("42P01") ||
    /does not exist in the current database|relation .* does not exist/i.test(text)
  ) {
    return `the database at ${where} is not migrated (a table is missing): run \`npm run db:migrate\` first`;
  }
  if (code.has("3D000") || /database .* does not exist/i.test(text)) {
    return `the database at ${where} does not exist: run \`npm run db:migrate\` (it creates and migrates it)`;
  }
  if (
    code.has("ECONNREFUSED") ||
    code.has("ENOTFOUND") ||
    /ECONNREFUSED|connect ENOTFOUND|Can't reach database/i.test(text)
  ) {
    return `cannot reach PostgreSQL at ${where}: is it running? (set DATABASE_URL to point elsewhere)`;
  }
  return null;
}

/** The URL without its password. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "DATABASE_URL";
  }
}

/** Messages of the error and its causes (driver adapters nest the database's error). */
function messages(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error || (typeof e === "object" && "message" in e)) out.push(String((e as Error).message));
    else out.push(String(e));
  }
  return out;
}

function codes(err: unknown): Set<string> {
  const out = new Set<string>();
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, originalCode } = e as { code?: unknown; originalCode?: unknown };
    if (typeof code === "string") out.add(code);
    if (typeof originalCode === "string") out.add(originalCode);
  }
  return out;
}
