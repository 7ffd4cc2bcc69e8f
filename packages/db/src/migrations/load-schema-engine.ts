import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";

export type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

// The WebAssembly global, typed locally: this package's TypeScript libs (ES2023, no DOM) do not declare it.
type WebAssemblyApi = {
  compile: (bytes: Uint8Array) => Promise<object>;
  instantiate: (module: object, imports: Record<string, object>) => Promise<{ exports: Record<string, unknown> }>;
};
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

let loading: Promise<typeof bindings> | undefined;

async function instantiate(): Promise<typeof bindings> {
  // The package's entry point imports the .wasm file as an ES module, which Node 20 cannot do
  // without a flag; so we compile the file ourselves and hand it to the generated JS bindings.
  const require = createRequire(import.meta.url);
  const bindingsFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(path.join(path.dirname(bindingsFile), "schema_engine_bg.wasm"));
  // The bindings report a Rust panic's message through this global before throwing.
  const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message: (message: string) => void } };
  registry.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message) => process.stderr.write(`schema engine panicked: ${message}\n`),
  };
  const module = await wasm.compile(bytes);
  const instance = await wasm.instantiate(module, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings;
}

/** The wasm schema engine's bindings, instantiated once per process. */
export function loadSchemaEngine(): Promise<typeof bindings> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
