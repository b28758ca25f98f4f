/** The inbox: unread counts, and marking read all, by id, or by the check a person opens. */
import { beforeAll, describe, expect, it } from "vitest";
import { createFactCheck } from "@/lib/server/fact-checks";
import { countUnread, hasUnreadAbout, listNotifications, markNotificationsRead, notify } from "@/lib/server/notifications";
import { useTestDatabase } from "../db";
import { createEditor, createWriter, type TestUser } from "../factories";

const getDb = useTestDatabase();

let writer: TestUser, editor: TestUser, other: TestUser;
beforeAll(async () => {
  [writer, editor, other] = await Promise.all([createWriter(), createEditor(), createWriter()]);
});

describe("markNotificationsRead", () => {
  it("marks only the actor's items about the check they opened", async () => {
    const a = await createFactCheck({ actor: writer.actor, input: { question: "Is check A accurate?" } });
    const b = await createFactCheck({ actor: writer.actor, input: { question: "Is check B accurate?" } });
    await notify(getDb(), [
      { userId: writer.id, kind: "approved", message: "A approved", factCheckId: a.id, actorId: editor.id },
      { userId: writer.id, kind: "comment", message: "A commented", factCheckId: a.id, actorId: editor.id },
      { userId: writer.id, kind: "approved", message: "B approved", factCheckId: b.id, actorId: editor.id },
      { userId: other.id, kind: "comment", message: "A for someone else", factCheckId: a.id, actorId: editor.id },
    ]);
    expect(await countUnread({ actor: writer.actor })).toBe(3);
    expect(await hasUnreadAbout({ actor: writer.actor, factCheckId: a.id })).toBe(true);
    expect(await hasUnreadAbout({ actor: editor.actor, factCheckId: a.id })).toBe(false);

    expect(await markNotificationsRead({ actor: writer.actor, factCheckId: a.id })).toBe(2);
    // Read now: the page of A asks the server for nothing more; B's item is still unread.
    expect(await hasUnreadAbout({ actor: writer.actor, factCheckId: a.id })).toBe(false);
    expect(await hasUnreadAbout({ actor: writer.actor, factCheckId: b.id })).toBe(true);
    expect(await hasUnreadAbout({ actor: other.actor, factCheckId: a.id })).toBe(true);
    expect(await markNotificationsRead({ actor: writer.actor, factCheckId: a.id })).toBe(0);

    expect(await countUnread({ actor: writer.actor })).toBe(1);
    const items = await listNotifications({ actor: writer.actor });
    expect(items.map((n) => [n.message, n.read]).sort()).toEqual([
      ["A approved", true],
      ["A commented", true],
      ["B approved", false],
    ]);
    expect(await countUnread({ actor: other.actor })).toBe(1);
  });
});
