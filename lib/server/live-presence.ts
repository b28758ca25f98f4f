/**
 * Who has each check open, for the desk's "editing now": the people this
 * instance's connections were authenticated as, and with Redis those of every
 * other instance.
 *
 * Each instance keeps, per open check, one field of a Redis hash
 * (`<prefix>:editing:<check id>`, field = the instance) holding who is
 * connected to it there and when that was written. It is written when someone
 * connects or leaves (a moment later, once for a burst) and again every
 * `refreshMs` while the check is open here; a field older than `staleMs`
 * (an instance that stopped without saying so) is ignored, and the hash
 * expires by itself when no instance writes it any more.
 */
import "server-only";
import type IORedis from "ioredis";

export type PersonHere = { id: string; name: string };

export type PresenceRegistry = {
  /** Someone connected to this check here, or left. */
  changed(factCheckId: string): void;
  /** Who has each of these checks open now, on any instance. */
  editingNow(factCheckIds: string[]): Promise<Map<string, PersonHere[]>>;
  close(): Promise<void>;
};

type Options = {
  /** The people connected to a check on this instance (empty when it is not open here). */
  local(factCheckId: string): PersonHere[];
  /** The checks open on this instance. */
  open(): string[];
  redis: IORedis | null;
  prefix: string;
  instanceId: string;
  refreshMs?: number;
  staleMs?: number;
  settleMs?: number;
};

function merge(into: Map<string, string>, people: PersonHere[]) {
  for (const person of people) into.set(person.id, person.name);
}

export function createPresenceRegistry({ local, open, redis, prefix, instanceId, refreshMs = 30_000, staleMs = 90_000, settleMs = 250 }: Options): PresenceRegistry {
  const key = (factCheckId: string) => `${prefix}:editing:${factCheckId}`;
  const pending = new Map<string, NodeJS.Timeout>();
  let closed = false;

  async function write(factCheckId: string) {
    if (!redis) return;
    const people = local(factCheckId);
    if (people.length === 0) {
      await redis.hdel(key(factCheckId), instanceId);
      return;
    }
    await redis
      .multi()
      .hset(key(factCheckId), instanceId, JSON.stringify({ at: Date.now(), people }))
      .pexpire(key(factCheckId), staleMs)
      .exec();
  }

  function writeSafely(factCheckId: string) {
    write(factCheckId).catch((error) => console.error("Presence not shared:", error instanceof Error ? error.message : error));
  }

  const refresh = redis ? setInterval(() => open().forEach(writeSafely), refreshMs) : null;
  refresh?.unref();

  return {
    changed(factCheckId) {
      if (!redis || closed || pending.has(factCheckId)) return;
      pending.set(
        factCheckId,
        setTimeout(() => {
          pending.delete(factCheckId);
          writeSafely(factCheckId);
        }, settleMs).unref(),
      );
    },

    async editingNow(factCheckIds) {
      const found = new Map<string, PersonHere[]>();
      const elsewhere: (Record<string, string> | null)[] = redis && factCheckIds.length
        ? await factCheckIds
            .reduce((pipeline, id) => pipeline.hgetall(key(id)), redis.pipeline())
            .exec()
            .then((results) => (results ?? []).map(([error, value]) => (error ? null : (value as Record<string, string>))))
            .catch((error) => {
              // The desk still shows who is here; the others are missing until Redis answers.
              console.error("Presence not read:", error instanceof Error ? error.message : error);
              return [];
            })
        : [];
      factCheckIds.forEach((id, i) => {
        const people = new Map<string, string>();
        merge(people, local(id));
        for (const [instance, value] of Object.entries(elsewhere[i] ?? {})) {
          if (instance === instanceId) continue;
          try {
            const entry = JSON.parse(value) as { at: number; people: PersonHere[] };
            if (Date.now() - entry.at <= staleMs) merge(people, entry.people);
          } catch {
            // Not ours to read: skipped.
          }
        }
        if (people.size) found.set(id, [...people].map(([personId, name]) => ({ id: personId, name })));
      });
      return found;
    },

    async close() {
      closed = true;
      if (refresh) clearInterval(refresh);
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      if (redis) await Promise.all(open().map((id) => redis.hdel(key(id), instanceId).catch(() => {})));
    },
  };
}
