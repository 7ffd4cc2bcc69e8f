import { CliError, EXIT_BAD_INPUT } from "../cli-error.ts";
import type { Io } from "../io.ts";
import { optionalString, parseCommand, usageError } from "../options/parse-options.ts";

export const AUDIT_USAGE = `Usage: fieldtest audit verify [--team <slug>] [--json]

Recomputes the tamper-evident audit log of every team (or of one team) and reports each
chain: intact, or its first broken entry (a changed, deleted or reordered event). Talks to
the database in DATABASE_URL directly. A deleted last event cannot be detected.

Options:
  --team <slug>          check only this team
  --json                 print {"ok","teams":[{"teamId","slug","name","ok","events","broken"}]}
  -h, --help             show this help

Exit codes: 0 every chain checked is intact, 1 a chain is broken (or an unexpected error),
2 bad input (unknown team).
`;

const OPTIONS = {
  team: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const EXIT_BROKEN = 1;

export async function auditCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    (sub === undefined ? io.err : io.out)(AUDIT_USAGE);
    return sub === undefined ? EXIT_BAD_INPUT : 0;
  }
  if (sub !== "verify") throw usageError("audit", `unknown subcommand "${sub}" (use "audit verify")`);
  const parsed = parseCommand({ command: "audit", argv: rest, options: OPTIONS });
  if (parsed === "help") {
    io.out(AUDIT_USAGE);
    return 0;
  }
  const { values } = parsed;
  const teamSlug = optionalString(values, "team");
  if (teamSlug !== undefined && teamSlug.trim() === "") throw usageError("audit", "--team needs a <slug>");
  // Loaded here, so the other commands never load Prisma.
  const { AppError, createDb, verifyAllAuditChains } = await import("@fieldtest/db");
  const db = createDb();
  try {
    const reports = await verifyAllAuditChains(db, { teamSlug });
    const ok = reports.every((r) => r.ok);
    if (values.json === true) {
      io.out(`${JSON.stringify({ ok, teams: reports })}\n`);
    } else {
      for (const r of reports) {
        if (r.broken === null) io.out(`ok   ${r.slug}  ${r.events} events\n`);
        else {
          const { seq, id, reason } = r.broken;
          io.out(`BROKEN ${r.slug} at seq ${seq} (event ${id ?? "missing"}): ${reason}\n`);
        }
      }
      if (reports.length === 0) io.out("no teams\n");
    }
    return ok ? 0 : EXIT_BROKEN;
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") throw new CliError(`--team: ${err.message}`);
    throw err;
  } finally {
    await db.$disconnect();
  }
}
