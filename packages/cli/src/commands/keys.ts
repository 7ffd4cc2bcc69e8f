import { CliError, EXIT_BAD_INPUT } from "../cli-error.ts";
import type { Io } from "../io.ts";
import { optionalString, parseCommand, requireString, usageError } from "../options/parse-options.ts";

export const KEYS_USAGE = `Usage: fieldtest keys create --team <slug> --scopes <list> [--name <name>] [--json]

Mints a team API key on the server, for bootstrapping automation before anyone signs in
(team admins create and revoke keys in the UI under "API keys"). Talks to the database
in DATABASE_URL directly. Prints the key once on stdout; only its sha256 is stored.

Options:
  --team <slug>          the team's slug
  --scopes <list>        comma-separated: ingest (upload datasets), evaluate (register
                         models, versions, benchmarks; start runs), read (runs, gates)
  --name <name>          a name to recognise the key by (default "operator")
  --json                 print {"id","team","name","prefix","scopes","key"} instead
  -h, --help             show this help

Exit codes: 0 created, 2 bad input (unknown team, bad scope), 1 unexpected error.
`;

const OPTIONS = {
  team: { type: "string" },
  scopes: { type: "string" },
  name: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function keysCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    (sub === undefined ? io.err : io.out)(KEYS_USAGE);
    return sub === undefined ? EXIT_BAD_INPUT : 0;
  }
  if (sub !== "create") throw usageError("keys", `unknown subcommand "${sub}" (use "keys create")`);
  const parsed = parseCommand({ command: "keys", argv: rest, options: OPTIONS });
  if (parsed === "help") {
    io.out(KEYS_USAGE);
    return 0;
  }
  const { values } = parsed;
  const teamSlug = requireString("keys", values, "team", "<slug>");
  const scopes = requireString("keys", values, "scopes", "<ingest,evaluate,read>");
  const name = optionalString(values, "name") ?? "operator";
  // Loaded here, so the other commands never load Prisma.
  const { AppError, createDb, mintApiKeyForTeamSlug, parseApiKeyScopes } = await import("@fieldtest/db");
  try {
    parseApiKeyScopes(scopes);
  } catch (err) {
    if (err instanceof AppError) throw new CliError(`--scopes: ${err.message}`);
    throw err;
  }
  const db = createDb();
  try {
    const { apiKey, key } = await mintApiKeyForTeamSlug({ db, teamSlug, name, scopes });
    if (values.json === true) {
      const { id, prefix } = apiKey;
      io.out(`${JSON.stringify({ id, team: teamSlug, name: apiKey.name, prefix, scopes: apiKey.scopes, key })}\n`);
    } else {
      io.out(`${key}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof AppError)
      throw new CliError(
        `--${err.field === "name" ? "name" : err.field === "scopes" ? "scopes" : "team"}: ${err.message}`,
      );
    throw err;
  } finally {
    await db.$disconnect();
  }
}
