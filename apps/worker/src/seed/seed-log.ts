/** Where the seed reports what it did: one line per thing created (stdout in the CLI, an array in tests). */
export type SeedLog = (line: string) => void;
