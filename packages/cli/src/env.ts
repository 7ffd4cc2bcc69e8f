/**
 * The only place the CLI reads the environment.
 *
 * `npm run` (and `npm exec`/`npx`) start the command in the package's directory and put
 * the directory the user typed the command in into INIT_CWD; relative paths must be
 * resolved against that, or `npm run fieldtest -- evaluate --input data.csv` would look
 * for data.csv beside the root package.json instead of where the user is.
 */
export function callerCwd(): string {
  const initCwd = process.env.INIT_CWD;
  return initCwd !== undefined && initCwd !== "" ? initCwd : process.cwd();
}

/** The API key `fieldtest gate` sends (FIELDTEST_API_KEY); undefined when unset or empty. */
export function apiKeyFromEnv(): string | undefined {
  const key = process.env.FIELDTEST_API_KEY?.trim();
  return key ? key : undefined;
}
