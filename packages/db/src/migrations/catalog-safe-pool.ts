import pg from "pg";

// Postgres' internal one-byte type "char" (OID 18), used by catalog columns such as pg_class.relkind.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };

/**
 * The schema engine reads pg_catalog through the driver adapter, and @prisma/adapter-pg 7.10 has no
 * column type for "char": every schema description failed with "Column type 'char' could not be
 * deserialized". Its values arrive as one-character strings, so reporting them as text is exact.
 */
function charColumnsAsText<T>(result: T): T {
  for (const field of (result as QueryResultLike | undefined)?.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

class CatalogSafeClient extends pg.Client {
  // pg.Client#query is heavily overloaded; this forwards every form unchanged and only retypes results.
  // biome-ignore lint/suspicious/noExplicitAny: mirrors pg's own overloads
  override query(...args: any[]): any {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) =>
        last(error, error ? result : charColumnsAsText(result));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    return returned instanceof Promise ? returned.then(charColumnsAsText) : returned;
  }
}

/** A pg pool whose results the schema engine can read (see charColumnsAsText). */
export function catalogSafePool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, Client: CatalogSafeClient });
}
