/**
 * What each role may do across the newsroom (lib/server/policies/newsroom.ts):
 * `can` and the SQL of `allowedUsers` agree for every role and action, the
 * staff directory lists exactly who `can`, and the domain functions refuse
 * exactly those who cannot.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { and, inArray } from "drizzle-orm";
import { users } from "@/db/schema";
import { ROLES, type Role } from "@/lib/roles";
import type { Actor } from "@/lib/server/actor";
import { DomainError } from "@/lib/server/errors";
import { allowedUsers, can, LEAST_ROLE, type NewsroomAction } from "@/lib/server/policies/newsroom";
import { listJobQueue } from "@/lib/server/jobs";
import { checkSourceNow } from "@/lib/server/link-checks";
import { listRefreshQueue } from "@/lib/server/refresh";
import { deleteTopicPolicy, updateSiteSettings } from "@/lib/server/settings";
import { listStaff, listUsers } from "@/lib/server/users";
import { useTestDatabase } from "../db";
import { createTestUser, type TestUser } from "../factories";

const db = useTestDatabase();

let people: Record<Role, TestUser>;
const ACTIONS = Object.keys(LEAST_ROLE) as NewsroomAction[];

beforeAll(async () => {
  people = { writer: await createTestUser("writer"), reviewer: await createTestUser("reviewer"), editor: await createTestUser("editor"), admin: await createTestUser("admin") };
});

const ids = () => ROLES.map((role) => people[role].id);

describe("can() and allowedUsers() agree", () => {
  for (const action of ACTIONS) {
    it(`for ${action}`, async () => {
      const byQuery = await db().select({ id: users.id }).from(users).where(and(inArray(users.id, ids()), allowedUsers(action)));
      const byRole = ROLES.filter((role) => can(people[role].actor, action)).map((role) => people[role].id);
      expect(byQuery.map((r) => r.id).sort(), action).toEqual(byRole.sort());
    });
  }

  it("the staff directory lists who may review, as can() says (the reviewers a check can be sent to)", async () => {
    const listed = (await listStaff({ actor: people.writer.actor, may: "review" })).map((s) => s.id).filter((id) => ids().includes(id));
    expect(listed.sort()).toEqual([people.reviewer.id, people.editor.id, people.admin.id].sort());
  });
});

async function outcome(fn: () => Promise<unknown>): Promise<"ok" | number> {
  try {
    await fn();
    return "ok";
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.status;
  }
}

const ENTRY_POINTS: [NewsroomAction, (actor: Actor) => Promise<unknown>][] = [
  ["manage_users", (actor) => listUsers({ actor })],
  ["manage_jobs", (actor) => listJobQueue({ actor })],
  ["plan_refreshes", (actor) => listRefreshQueue({ actor })],
  ["set_refresh_policies", (actor) => deleteTopicPolicy({ actor, topic: "No such topic" })],
  ["change_site_settings", (actor) => updateSiteSettings({ actor, input: {} })],
  // Past the permission, an unknown source: 404, and nothing is fetched.
  ["check_links", (actor) => checkSourceNow({ actor, id: "no-such-source" })],
];

describe("the domain refuses exactly who may not", () => {
  for (const [action, call] of ENTRY_POINTS) {
    for (const role of ROLES) {
      const allowed = role === "admin" || (LEAST_ROLE[action] !== "admin" && role === "editor");
      it(`${action} × ${role}: ${allowed ? "allowed" : "403"}`, async () => {
        expect(can(people[role].actor, action)).toBe(allowed);
        const result = await outcome(() => call(people[role].actor));
        // Allowed means past the permission: the call may still refuse its input (a topic that has no policy).
        if (allowed) expect(result).not.toBe(403);
        else expect(result).toBe(403);
      });
    }
  }
});
