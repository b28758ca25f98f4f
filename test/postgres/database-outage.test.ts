/**
 * A PostgreSQL database that goes away while the app runs (here: dropped, which
 * also ends every connection to it). API calls answer 503 with error code
 * `database` in the usual shape, forms say the service is unavailable, and the
 * log gets one line saying why instead of a stack per request.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, useDatabase } from "@/db";
import { GET as listFactChecks } from "@/app/api/v1/fact-checks/route";
import { createApiToken } from "@/lib/server/api-tokens";
import { openFreshDatabase, type FreshDatabase } from "../db";
import { createWriter, type TestUser } from "../factories";

let fresh: FreshDatabase;
let writer: TestUser;
let token: string;
beforeAll(async () => {
  fresh = await openFreshDatabase();
  useDatabase(fresh.handle);
  writer = await createWriter();
  token = (await createApiToken({ actor: writer.actor, input: { name: "outage test" } })).token;
});
afterAll(async () => {
  await closeDb();
  await fresh.drop();
});

const call = () =>
  listFactChecks(new Request("http://127.0.0.1/api/v1/fact-checks", { headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({}),
  });

describe("an API call after the database went away", () => {
  it("answers 503 with code database, and logs one line that says why", async () => {
    expect((await call()).status).toBe(200);

    await fresh.drop();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await call();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: { code: "database", message: "The service is unavailable: it cannot reach its database. Try again in a few minutes." },
      });
      expect(logged.mock.calls).toHaveLength(1);
      expect(logged.mock.calls[0]).toEqual([expect.stringMatching(/^Database unavailable: (terminating connection due to administrator command|database "factdesk_t_\w+" does not exist)$/)]);
    } finally {
      logged.mockRestore();
    }
  });
});
