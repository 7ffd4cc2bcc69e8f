// Loads the CLI's TypeScript sources without a build step the user has to run.
//
// The first start (and the first after any source file changed) bundles src/main.ts and the
// workspace packages it imports with esbuild into a build folder of a cache folder, one chunk
// per command (a command loads only what it uses); every later start imports that build, which
// costs a few tens of milliseconds instead of the ~0.5 s tsx needs to transform ~150 files. Freshness is checked like make
// does: the bundle records every input file with its size and mtime, and any difference
// (or a different esbuild or Node version) rebuilds it. Packages from node_modules stay
// external, resolved by Node from the bundle's folder as they would be from the sources.
//
// When esbuild is missing or the cache folder cannot be written, the CLI still runs: it
// falls back to registering tsx and importing the sources directly.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = join(PACKAGE_DIR, "src", "main.ts");
const FORMAT_VERSION = 2;

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
  const manifestPath = join(dir, "manifest.json");
  const stamp = { format: FORMAT_VERSION, esbuild: esbuildVersion, node: process.version, packageDir: PACKAGE_DIR };
  let entry = freshEntry(manifestPath, stamp);
  if (entry === null) {
    try {
      // Loaded only to build: a start with a fresh bundle reads esbuild's version, not its code.
      const esbuild = await import("esbuild");
      entry = await build(esbuild, dir, manifestPath, { ...stamp, esbuild: esbuild.version });
    } catch {
      return loadFromSources();
    }
  }
  return import(pathToFileURL(join(dir, entry)).href);
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

/** The manifest's entry (relative to the cache folder) when every recorded input is unchanged; else null. */
function freshEntry(manifestPath, stamp) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch {
    return null;
  }
  for (const [key, value] of Object.entries(stamp)) {
    if (manifest[key] !== value) return null;
  }
  for (const [file, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
    try {
      const stat = statSync(resolve(PACKAGE_DIR, file));
      if (stat.size !== size || stat.mtimeMs !== mtimeMs) return null;
    } catch {
      return null;
    }
  }
  return typeof manifest.entry === "string" ? manifest.entry : null;
}

/**
 * A build folder older than this, and not the manifest's, is removed by the next build. Younger
 * ones stay: starts running at the same moment (a test suite on a fresh clone) each build and
 * import their own, and must not lose it to another's clean-up.
 */
const PRUNE_AFTER_MS = 10 * 60 * 1000;

/**
 * Bundles the sources into a new build folder, with code splitting: each command is a chunk
 * loaded on use, so `evaluate` never loads what `keys` needs (Prisma). Workspace packages
 * (TypeScript) are bundled; everything else in node_modules stays external. Returns the entry,
 * relative to the cache folder.
 */
async function build(esbuild, dir, manifestPath, stamp) {
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
  const buildDir = `build-${unique}`;
  const result = await esbuild.build({
    absWorkingDir: PACKAGE_DIR,
    entryPoints: { main: ENTRY },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    outdir: join(dir, buildDir),
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    metafile: true,
    logLevel: "silent",
    plugins: [keepExternal],
  });
  const entry = `${buildDir}/main.mjs`;
  const inputs = {};
  let recent = false;
  for (const input of Object.keys(result.metafile.inputs)) {
    const absolute = resolve(PACKAGE_DIR, input);
    const stat = statSync(absolute);
    inputs[relative(PACKAGE_DIR, absolute)] = [stat.size, stat.mtimeMs];
    // Changed while (or just before) esbuild read it: the build may hold the older text, so
    // record no manifest and let the next start build again. A second of slack covers the
    // coarse clock file systems stamp mtimes with.
    if (stat.mtimeMs > startedAt - 1000) recent = true;
  }
  if (!recent) {
    const tmpManifest = `${manifestPath}.${unique}.tmp`;
    writeFileSync(tmpManifest, JSON.stringify({ ...stamp, entry, inputs }));
    renameSync(tmpManifest, manifestPath);
  }
  pruneBuilds(dir, buildDir, manifestPath);
  return entry;
}

/** Removes build folders older than PRUNE_AFTER_MS except the current one and the manifest's (best effort). */
function pruneBuilds(dir, current, manifestPath) {
  try {
    let live = null;
    try {
      live = JSON.parse(readFileSync(manifestPath, "utf8")).entry?.split("/")[0] ?? null;
    } catch {
      live = null;
    }
    const cutoff = Date.now() - PRUNE_AFTER_MS;
    for (const name of readdirSync(dir)) {
      if (!name.startsWith("build-") || name === current || name === live) continue;
      if (statSync(join(dir, name)).mtimeMs < cutoff) rmSync(join(dir, name), { recursive: true, force: true });
    }
  } catch {
    // Nothing to prune, or a concurrent prune got there first.
  }
}
