/**
 * Deterministic JSON for hashing (config hashes, content addresses): object keys sorted
 * by UTF-16 code units (as `Array#sort`), no whitespace, strings and numbers written as
 * `JSON.stringify` writes them (like RFC 8785 JCS for plain data). Equal data → equal text.
 *
 * Stricter than JSON.stringify where silence would change a hash unnoticed: NaN,
 * ±Infinity, bigint, functions, symbols, cycles and class instances without `toJSON`
 * (Map, Set, typed arrays, …) throw a TypeError naming the path. Like JSON.stringify,
 * `toJSON` is honoured (Date → ISO string) and object properties whose value is
 * `undefined` are left out; `undefined` inside an array is refused.
 */
export function canonicalJson(value: unknown): string {
  return write(value, "$", new Set());
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}, which JSON cannot hold`);
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}, which JSON cannot hold`);
  }
  const obj = value as Record<string, unknown> & { toJSON?: unknown };
  if (typeof obj.toJSON === "function") return write(obj.toJSON(), path, ancestors);
  if (ancestors.has(obj)) throw new TypeError(`canonicalJson: ${path} is a circular reference`);
  ancestors.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items = obj.map((item, i) => {
        if (item === undefined) throw new TypeError(`canonicalJson: ${path}[${i}] is undefined`);
        return write(item, `${path}[${i}]`, ancestors);
      });
      return `[${items.join(",")}]`;
    }
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const name = (proto?.constructor as { name?: string } | undefined)?.name ?? "object";
      throw new TypeError(`canonicalJson: ${path} is a ${name}; only plain objects and arrays are allowed`);
    }
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${write(v, `${path}.${key}`, ancestors)}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    ancestors.delete(obj);
  }
}
