/**
 * The embedded database opens in one process at a time: a second `node
 * server.mjs` on the data directory the test server holds stops at once, with
 * the message `npm start` gives, and the first server carries on.
 */
import fs from "node:fs";
import path from "node:path";
import { runToExit } from "../test/processes";
import { expect, test } from "./fixtures";

const root = path.resolve(__dirname, "..");
const PORT = Number(process.env.FACTDESK_E2E_PORT || 3107) + 13;

test("a second server on a data directory another server holds exits with a message, and the first one carries on", async ({ request }) => {
  const dir = process.env.FACTDESK_E2E_DATA_DIR!;
  expect((await request.get("/api/health")).status()).toBe(200);
  const holder = fs.readFileSync(path.join(dir, "factdesk.lock"), "utf8");

  const second = await runToExit(process.execPath, ["server.mjs", "--port", String(PORT), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, FACTDESK_DATA_DIR: dir, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1" },
    killAfterMs: 10_000,
  });
  expect(second).toEqual({
    code: 1,
    stdout: "",
    stderr:
      `The embedded database in ${dir} is already open in another process (pid ${holder}). ` +
      `Stop that process first, or point FACTDESK_DATA_DIR at another directory.\n`,
  });
  expect(fs.readFileSync(path.join(dir, "factdesk.lock"), "utf8")).toBe(holder);
  expect((await request.get("/api/v1/fact-checks", { headers: { authorization: "Bearer fdk_nothing" } })).status()).toBe(401);
  expect((await request.get("/api/health")).status()).toBe(200);
});
