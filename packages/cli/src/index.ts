export { CliError, EXIT_BAD_INPUT, EXIT_UNEXPECTED } from "./cli-error.ts";
export { main } from "./main.ts";
