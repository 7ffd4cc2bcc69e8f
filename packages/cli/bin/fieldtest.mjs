#!/usr/bin/env node
// Launcher: registers tsx so Node can run the TypeScript sources directly (no build step),
// then hands the arguments to src/main.ts. Exit codes: 0 ok, 2 bad input, 1 unexpected error.
import { register } from "tsx/esm/api";

register();
const { main } = await import(new URL("../src/main.ts", import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
