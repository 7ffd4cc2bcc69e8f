// `npm run db:migrate` → deploy · `npm run db:migration:create -- <name>` → create · `npm run db:check` → check
import path from "node:path";
import { parseArgs } from "node:util";
import { findRepoRoot } from "../env.ts";
import { checkMigrations } from "./check-migrations.ts";
import { createMigration } from "./create-migration.ts";
import { redactUrl } from "./database-url.ts";
import { deployMigrations } from "./deploy-migrations.ts";
import { MigrationError } from "./migration-error.ts";
import { defaultMigrationTargets } from "./migration-targets.ts";

const USAGE = `Usage: cli.ts <command> [--schema <schema.prisma>] [--migrations <dir>]
  deploy         create the database if needed and apply every pending migration
  create <name>  write prisma/migrations/<timestamp>_<name>/migration.sql from schema.prisma
  check          exit 1 when schema.prisma and prisma/migrations disagree
The database is DATABASE_URL; --schema and --migrations default to the repository's prisma/ folder.`;

/** A path relative to the repository root when it is inside it. */
function shown(file: string): string {
  const relative = path.relative(findRepoRoot(), file);
  return relative.startsWith("..") ? file : relative;
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { schema: { type: "string" }, migrations: { type: "string" } },
  });
  const [command, ...args] = positionals;
  const defaults = defaultMigrationTargets();
  const targets = {
    url: defaults.url,
    schemaPath: values.schema ? path.resolve(values.schema) : defaults.schemaPath,
    migrationsDir: values.migrations ? path.resolve(values.migrations) : defaults.migrationsDir,
  };
  const started = performance.now();
  const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  switch (command) {
    case "deploy": {
      const result = await deployMigrations({ ...targets, log: (line) => console.log(line) });
      console.log(`Deploy done in ${took()}: ${result.applied.length} migration(s) applied.`);
      return 0;
    }
    case "create": {
      const name = args[0];
      if (!name) {
        console.error(`create needs a name.\n${USAGE}`);
        return 2;
      }
      const created = await createMigration({ ...targets, name });
      if (!created) {
        console.log("No changes: the migrations already produce schema.prisma. Nothing written.");
        return 0;
      }
      console.log(`Created ${shown(created.file)} (${took()}):\n\n${created.sql}`);
      return 0;
    }
    case "check": {
      const result = await checkMigrations(targets);
      if (result.inSync) {
        console.log(`Migrations match schema.prisma (${took()}).`);
        return 0;
      }
      console.error(
        `${shown(targets.schemaPath)} and ${shown(targets.migrationsDir)} disagree: the migrations lack this SQL:\n\n` +
          `${result.missingSql.trim()}\n\nCreate the migration with: npm run db:migration:create -- <name>`,
      );
      return 1;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  const code = (error as { code?: string }).code ?? "";
  if (code.startsWith("ERR_PARSE_ARGS")) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
  } else if (code === "ECONNREFUSED" || code === "ENOTFOUND") {
    const url = redactUrl(defaultMigrationTargets().url);
    console.error(`Cannot reach PostgreSQL for ${url}: ${(error as Error).message}. Is it running?`);
    process.exitCode = 1;
  } else {
    console.error(error instanceof MigrationError ? error.message : error);
    process.exitCode = 1;
  }
}
