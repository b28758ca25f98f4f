/**
 * PostgreSQL that cannot be reached: opening it says so, with the address, and
 * `npm start` (scripts/prepare-db.ts) stops with that one line, not with the
 * first query that failed ("Failed query: CREATE SCHEMA …").
 */
import { describe, expect, it } from "vitest";
import { rejectionOf } from "../test/assertions";
import { closedLoopbackPort, runToExit } from "../test/processes";
import { openPostgres } from "./index";
import { DatabaseUnavailableError, whyUnavailable } from "./unavailable";

describe("opening PostgreSQL that cannot be reached", () => {
  it("names the address that refused the connection, and no credentials", async () => {
    const port = await closedLoopbackPort();
    const error = await rejectionOf(() => openPostgres(`postgres://factdesk:s3cret-password@127.0.0.1:${port}/factdesk`));
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toBe(`The database is unavailable: cannot connect to 127.0.0.1:${port}: connection refused`);
    expect(whyUnavailable(error)).toBe(`cannot connect to 127.0.0.1:${port}: connection refused`);
  });

  it("stops npm start's database step with that line and status 1", async () => {
    const port = await closedLoopbackPort();
    const finished = await runToExit(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/prepare-db.ts"], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/factdesk` },
      killAfterMs: 12_000,
    });
    expect(finished).toEqual({
      code: 1,
      stdout: "",
      stderr: `The database is unavailable: cannot connect to 127.0.0.1:${port}: connection refused\n`,
    });
  }, 15_000);
});

describe("whyUnavailable", () => {
  it("reads the cause under drizzle's wrapper, and ignores errors that are not about reaching the database", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED", address: "::1", port: 5432 });
    expect(whyUnavailable(Object.assign(new Error("Failed query: select 1"), { cause: refused }))).toBe("cannot connect to [::1]:5432: connection refused");
    const lost = Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED", address: "127.0.0.1", port: 5432 });
    expect(whyUnavailable(lost)).toBe("the connection to 127.0.0.1:5432 was lost");
    const shutdown = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    expect(whyUnavailable({ cause: shutdown })).toBe("terminating connection due to administrator command");
    const unique = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });
    expect(whyUnavailable(Object.assign(new Error("Failed query: insert …"), { cause: unique }))).toBeNull();
    expect(whyUnavailable(new TypeError("x is undefined"))).toBeNull();
  });
});
