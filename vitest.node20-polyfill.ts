// Vitest 5 prints failures with Map.groupBy, which Node 20 lacks: without this, a failing test
// crashes the report ("Map.groupBy is not a function") instead of showing what failed.
const mapWithGroupBy = Map as MapConstructor & { groupBy?: unknown };
mapWithGroupBy.groupBy ??= <K, T>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Map<K, T[]> => {
  const groups = new Map<K, T[]>();
  let index = 0;
  for (const item of items) {
    const key = keyOf(item, index++);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
};
