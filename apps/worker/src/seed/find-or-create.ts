/**
 * Returns the row `find` finds, or the one `create` makes. When another process creates it
 * between the two (unique violation, P2002), the winner's row is returned: re-runs and
 * concurrent runs of the seed end with one row.
 */
export async function findOrCreate<T>(
  find: () => Promise<T | null>,
  create: () => Promise<T>,
): Promise<{ row: T; created: boolean }> {
  const existing = await find();
  if (existing) return { row: existing, created: false };
  try {
    return { row: await create(), created: true };
  } catch (err) {
    if ((err as { code?: string }).code !== "P2002") throw err;
    const winner = await find();
    if (!winner) throw err;
    return { row: winner, created: false };
  }
}
