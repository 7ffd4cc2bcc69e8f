// The only place the bench reads process.env.

/** The directory `npm run` was called from (npm runs scripts in the package's own directory). */
export function callerDirectory(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/** The environment for `apt-get`: never stop to ask a question. */
export function aptEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
}
