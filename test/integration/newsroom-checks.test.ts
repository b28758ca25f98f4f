/** The editors' list of every check in the newsroom (lib/server/newsroom-checks.ts): who may see it, and its filters. */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFactCheck, updateFactCheck } from "@/lib/server/fact-checks";
import { listNewsroomChecks } from "@/lib/server/newsroom-checks";
import { domainErrorOf } from "../assertions";
import { useTestDatabase } from "../db";
import { createAdmin, createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { createApprovedCheck, createPublishedCheck, createSource, DAY_MS, moveClockDays, setSourceStatus, type Team } from "./publishing-fixtures";
import { createReadyCheck, submit } from "./review-fixtures";

useTestDatabase();

let writer: TestUser, writer2: TestUser, reviewer: TestUser, editor: TestUser, admin: TestUser;
let team: Team;
const ids: Record<string, string> = {};
const topic = `Transit ${crypto.randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  [writer, writer2, reviewer, editor, admin] = await Promise.all([createWriter(), createWriter(), createReviewer(), createEditor(), createAdmin()]);
  team = { writer: writer.actor, reviewer: reviewer.actor, editor: editor.actor };
  ids.draft = (await createFactCheck({ actor: writer2.actor, input: { question: "Is the other writer's draft listed?", topic } })).id;
  const inReview = await createReadyCheck(writer.actor);
  await updateFactCheck({ actor: writer.actor, id: inReview.id, input: { version: inReview.version, topic } });
  await submit(writer.actor, inReview.id, [reviewer]);
  ids.inReview = inReview.id;
  ids.approved = (await createApprovedCheck(team, { topic })).id;
  const source = await createSource();
  ids.stale = (await createPublishedCheck(team, { topic, sourceIds: [source.id] })).factCheck.id;
  ids.fresh = (await createPublishedCheck(team, { topic })).factCheck.id;
  await setSourceStatus(source.id, "dead", new Date(Date.now() + DAY_MS));
  moveClockDays(2);
});
afterEach(() => moveClockDays(2));

const mine = (list: Awaited<ReturnType<typeof listNewsroomChecks>>) => list.items.map((i) => i.id).filter((id) => Object.values(ids).includes(id));

describe("the newsroom's fact-checks", () => {
  it("are listed for editors and admins only: writers and reviewers get 403", async () => {
    for (const who of [writer, reviewer]) {
      const error = await domainErrorOf(() => listNewsroomChecks({ actor: who.actor }));
      expect([error.status, error.message]).toEqual([403, "Only editors and admins see every check in the newsroom"]);
    }
    const all = await listNewsroomChecks({ actor: admin.actor, filters: { topic } });
    expect(new Set(mine(all))).toEqual(new Set(Object.values(ids)));
  });

  it("list every status, another writer's draft included, most recently changed first", async () => {
    const list = await listNewsroomChecks({ actor: editor.actor, filters: { topic } });
    const byId = new Map(list.items.map((i) => [i.id, i]));
    expect(byId.get(ids.draft!)?.status).toBe("draft");
    expect(byId.get(ids.draft!)?.ownerName).toBe(writer2.name);
    expect(byId.get(ids.inReview!)?.status).toBe("in_review");
    expect(byId.get(ids.approved!)?.status).toBe("approved");
    expect(byId.get(ids.fresh!)?.status).toBe("published");
    const times = list.items.map((i) => i.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("filter by status, owner, topic (any case) and staleness", async () => {
    expect(mine(await listNewsroomChecks({ actor: editor.actor, filters: { topic, status: "draft" } }))).toEqual([ids.draft]);
    expect(mine(await listNewsroomChecks({ actor: editor.actor, filters: { topic, status: "in_review" } }))).toEqual([ids.inReview]);
    expect(mine(await listNewsroomChecks({ actor: editor.actor, filters: { topic, ownerId: writer2.id } }))).toEqual([ids.draft]);
    expect(mine(await listNewsroomChecks({ actor: editor.actor, filters: { topic: topic.toUpperCase(), status: "approved" } }))).toEqual([ids.approved]);

    const stale = await listNewsroomChecks({ actor: editor.actor, filters: { topic, staleness: "stale" } });
    expect(mine(stale)).toEqual([ids.stale]);
    expect(stale.items[0]!.live?.reasons).toEqual([expect.stringMatching(/^Source \[1\] marked dead on /)]);
    expect(mine(await listNewsroomChecks({ actor: editor.actor, filters: { topic, staleness: "fresh" } }))).toEqual([ids.fresh]);
    expect(new Set(mine(await listNewsroomChecks({ actor: editor.actor, filters: { topic, staleness: "unpublished" } })))).toEqual(
      new Set([ids.draft, ids.inReview, ids.approved]),
    );
  });

  it("answer unknown filters with 400 per field", async () => {
    const error = await domainErrorOf(() => listNewsroomChecks({ actor: editor.actor, filters: { status: "lost", staleness: "old" } }));
    expect(error.status).toBe(400);
    expect(error.fields).toEqual({ status: "Unknown status", staleness: "Unknown staleness" });
  });
});
