import type { StringData } from "../tables/typed-table.ts";

/**
 * The first row whose id appeared on an earlier row, or -1. Ids are hashed to 53-bit keys and
 * sorted rather than put in a Set: a million ids cost 8 MB of typed array instead of a million
 * strings on the heap. Only rows whose keys collide are compared as strings, so a hash
 * collision never passes for a duplicate. Missing cells are ignored.
 */
export function firstRepeatedId(ids: StringData): number {
  const n = ids.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = keyOf(ids, i);
  keys.sort();
  const suspects = new Set<number>();
  for (let i = 1; i < n; i++) if (keys[i] === keys[i - 1] && (keys[i] as number) >= 0) suspects.add(keys[i] as number);
  if (suspects.size === 0) return -1;
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (!suspects.has(keyOf(ids, i))) continue;
    const id = ids.at(i) as string;
    if (seen.has(id)) return i;
    seen.add(id);
  }
  return -1;
}

/** Two 32-bit FNV-1a variants over the UTF-16 code units: 32 + 21 bits make an exact double. A missing id is -1. */
function keyOf(ids: StringData, i: number): number {
  if (ids.missing[i] === 1) return -1;
  const { text, offsets } = ids;
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let k = offsets[i] as number, end = offsets[i + 1] as number; k < end; k++) {
    const c = text.charCodeAt(k);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
