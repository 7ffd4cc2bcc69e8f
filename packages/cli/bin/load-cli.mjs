// Loads the CLI's TypeScript sources without a build step the user has to run.
//
// The first start (and the first after any source file changed) bundles src/main.ts and the
// workspace packages it imports into one ES module with esbuild, in a cache folder; every
// later start imports that bundle, which costs a few tens of milliseconds instead of the
// ~0.5 s tsx needs to transform ~150 files on every start. Freshness is checked like make
// does: the bundle records every input file with its size and mtime, and any difference
// (or a different esbuild or Node version) rebuilds it. Packages from node_modules stay
// external, resolved by Node from the bundle's folder as they would be from the sources.
//
// When esbuild is missing or the cache folder cannot be written, the CLI still runs: it
// falls back to registering tsx and importing the sources directly.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = join(PACKAGE_DIR, "src", "main.ts");
const FORMAT_VERSION = 1;

/**
 * The cache folder: FIELDTEST_CLI_CACHE_DIR, else node_modules/.cache/fieldtest-cli in the
 * package. It must lie inside the repository, so that Node finds the external packages from it.
 */
export function cacheDir(env = process.env) {
  return env.FIELDTEST_CLI_CACHE_DIR || join(PACKAGE_DIR, "node_modules", ".cache", "fieldtest-cli");
}

/** Returns the CLI module ({ main }), from a fresh bundle when possible. */
export async function loadCli(env = process.env) {
  const esbuildVersion = env.FIELDTEST_CLI_NO_BUNDLE === "1" ? null : installedEsbuildVersion();
  if (esbuildVersion === null) return loadFromSources();
  const dir = cacheDir(env);
  const bundle = join(dir, "main.mjs");
  const manifestPath = join(dir, "manifest.json");
  const stamp = { format: FORMAT_VERSION, esbuild: esbuildVersion, node: process.version, packageDir: PACKAGE_DIR };
  if (!isFresh(manifestPath, stamp)) {
    try {
      // Loaded only to build: a start with a fresh bundle reads esbuild's version, not its code.
      const esbuild = await import("esbuild");
      await build(esbuild, dir, bundle, manifestPath, { ...stamp, esbuild: esbuild.version });
    } catch {
      return loadFromSources();
    }
  }
  return import(pathToFileURL(bundle).href);
}

function installedEsbuildVersion() {
  try {
    const require = createRequire(import.meta.url);
    return JSON.parse(readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

async function loadFromSources() {
  const { register } = await import("tsx/esm/api");
  register();
  return import(pathToFileURL(ENTRY).href);
}

function isFresh(manifestPath, stamp) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch {
    return false;
  }
  for (const [key, value] of Object.entries(stamp)) {
    if (manifest[key] !== value) return false;
  }
  for (const [file, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
    try {
      const stat = statSync(resolve(PACKAGE_DIR, file));
      if (stat.size !== size || stat.mtimeMs !== mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Bundles the sources; workspace packages (TypeScript) are bundled, everything else in node_modules stays external. */
async function build(esbuild, dir, bundle, manifestPath, stamp) {
  const keepExternal = {
    name: "node-modules-external",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith("@fieldtest/")) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
  mkdirSync(dir, { recursive: true });
  const startedAt = Date.now();
  const unique = `${process.pid}-${Date.now()}`;
  const tmpBundle = `${bundle}.${unique}.tmp`;
  const result = await esbuild.build({
    absWorkingDir: PACKAGE_DIR,
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    outfile: tmpBundle,
    metafile: true,
    logLevel: "silent",
    plugins: [keepExternal],
  });
  const inputs = {};
  let recent = false;
  for (const input of Object.keys(result.metafile.inputs)) {
    const absolute = resolve(PACKAGE_DIR, input);
    const stat = statSync(absolute);
    inputs[relative(PACKAGE_DIR, absolute)] = [stat.size, stat.mtimeMs];
    // Changed while (or just before) esbuild read it: the bundle may hold the older text, so
    // leave no manifest and let the next start build again. A second of slack covers the
    // coarse clock file systems stamp mtimes with.
    if (stat.mtimeMs > startedAt - 1000) recent = true;
  }
  // Rename in place, bundle first: a concurrent start sees either the old pair or a bundle at
  // least as new as its manifest (and then at worst builds once more).
  renameSync(tmpBundle, bundle);
  if (recent) {
    rmSync(manifestPath, { force: true });
    return;
  }
  const tmpManifest = `${manifestPath}.${unique}.tmp`;
  writeFileSync(tmpManifest, JSON.stringify({ ...stamp, inputs }));
  renameSync(tmpManifest, manifestPath);
}
