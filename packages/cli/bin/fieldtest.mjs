#!/usr/bin/env node
// Launcher: loads src/main.ts (from a cached bundle, see load-cli.mjs; no build step to run)
// and hands it the arguments. Exit codes: 0 ok, 2 bad input, 1 unexpected error.
import { loadCli } from "./load-cli.mjs";

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
