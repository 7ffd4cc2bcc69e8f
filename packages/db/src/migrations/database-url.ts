/** The database a postgresql:// URL points at. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new Error(`The database URL names no database: ${redactUrl(url)}`);
  return name;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(database)}`;
  return next.toString();
}

/** The Postgres schema Prisma uses for this URL: `?schema=` as Prisma reads it, `public` otherwise. */
export function schemaName(url: string): string {
  return new URL(url).searchParams.get("schema") ?? "public";
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  const shown = new URL(url);
  if (shown.password) shown.password = "***";
  return shown.toString();
}

/** A quoted Postgres identifier (database and schema names cannot be bind parameters). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
