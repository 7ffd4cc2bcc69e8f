import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { loadSchemaEngine, type SchemaEngine } from "./load-schema-engine.ts";
import { migrationAdapterFactory } from "./migration-adapter.ts";
import { MigrationError } from "./migration-error.ts";

export type SchemaFile = { path: string; content: string };

type EngineLogLine = { level?: string; fields?: { message?: string } };

function reportEngineLog(line: string): void {
  let parsed: EngineLogLine;
  try {
    parsed = JSON.parse(line) as EngineLogLine;
  } catch {
    return;
  }
  if (parsed.level === "WARN" || parsed.level === "ERROR") {
    process.stderr.write(`schema engine ${parsed.level.toLowerCase()}: ${parsed.fields?.message ?? line}\n`);
  }
}

/** Runs `work` on a wasm schema engine connected to the server of `url`, then frees it and its connections. */
export async function withSchemaEngine<T>(
  options: { url: string; schema: SchemaFile },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngine();
  const factory = migrationAdapterFactory(options.url);
  let engine: SchemaEngine | undefined;
  try {
    engine = await SchemaEngine.new(
      { datamodels: [[options.schema.path, options.schema.content]] },
      reportEngineLog,
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await work(engine);
  } catch (error) {
    // The engine's errors are written for users (like Prisma CLI's); its wasm stack helps nobody.
    throw new MigrationError(`Schema engine: ${error instanceof Error ? error.message.trim() : String(error)}`, {
      cause: error,
    });
  } finally {
    engine?.free();
    await factory.close();
  }
}
