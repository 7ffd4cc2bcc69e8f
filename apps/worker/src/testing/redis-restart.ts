import { readdir, readFile, readlink } from "node:fs/promises";
import type { createRedis } from "@fieldtest/jobs";

type Redis = ReturnType<typeof createRedis>;

/**
 * What a Redis restart (without persistence) does to one worker, without touching anything else
 * on a shared Redis: every key under `prefix` disappears, and the connections of process `pid`
 * (and only those) are dropped. Never FLUSHALL/FLUSHDB; never another process's connections.
 */
export async function simulateRedisRestart(
  redis: Redis,
  options: { prefix: string; pid: number },
): Promise<{ deletedKeys: number; killedClients: number }> {
  // Delete, drop the connections, delete again: whatever the worker wrote between the first
  // delete and losing its connections (a lock extension, a progress update) goes too.
  let deletedKeys = await deleteKeysUnder(redis, options.prefix);
  const killedClients = await killClientsOfProcess(redis, options.pid);
  deletedKeys += await deleteKeysUnder(redis, options.prefix);
  return { deletedKeys, killedClients };
}

/** SCAN + DEL of `${prefix}:*` only. */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<number> {
  if (!/^[\w.-]+$/.test(prefix)) throw new Error(`Refusing to delete keys under an unusual prefix "${prefix}"`);
  let deleted = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== "0");
  return deleted;
}

/** Local TCP ports of the sockets process `pid` holds to `remotePort` (from /proc: its fds' socket inodes, its net namespace's tcp tables). */
async function localPortsOf(pid: number, remotePort: number): Promise<Set<number>> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match?.[1]) inodes.add(match[1]);
  }
  const ports = new Set<number>();
  for (const table of ["tcp", "tcp6"]) {
    const text = await readFile(`/proc/${pid}/net/${table}`, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      const remote = cols[2];
      const inode = cols[9];
      if (!local || !remote || !inode || !inodes.has(inode)) continue;
      // Only its connections to Redis: a local port may be reused towards other destinations.
      if (Number.parseInt(remote.split(":").at(-1) ?? "", 16) !== remotePort) continue;
      ports.add(Number.parseInt(local.split(":").at(-1) ?? "", 16));
    }
  }
  return ports;
}

/**
 * CLIENT KILL ID for every client of this Redis whose address is a socket of process `pid`.
 * Redis and the process must share a host (127.0.0.1); a client is matched by its remote port
 * being one of the process's local ports, and by the address being a loopback one.
 */
export async function killClientsOfProcess(redis: Redis, pid: number): Promise<number> {
  const ports = await localPortsOf(pid, redis.options.port ?? 6379);
  const list = (await redis.client("LIST")) as string;
  let killed = 0;
  for (const line of list.split("\n")) {
    const fields = Object.fromEntries(
      line
        .trim()
        .split(" ")
        .map((f) => {
          const i = f.indexOf("=");
          return [f.slice(0, i), f.slice(i + 1)];
        }),
    );
    const addr: string | undefined = fields.addr;
    const id: string | undefined = fields.id;
    if (!addr || !id) continue;
    const colon = addr.lastIndexOf(":");
    const host = addr.slice(0, colon);
    const port = Number(addr.slice(colon + 1));
    if (!(host === "127.0.0.1" || host === "::1" || host === "[::1]") || !ports.has(port)) continue;
    killed += Number(await redis.client("KILL", "ID", id));
  }
  return killed;
}
