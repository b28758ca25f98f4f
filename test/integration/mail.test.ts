/**
 * Email on the current backend, read from a real SMTP server on loopback:
 * one message per event, sent by jobs (a refusing server delays it, never the
 * action, and a retry never sends twice), links to the check, one-click
 * unsubscribe, daily digests, and the outbox without SMTP_URL.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { mailMessages, notifications } from "@/db/schema";
import { POST as unsubscribeRoute } from "@/app/api/unsubscribe/route";
import { addCollaborator } from "@/lib/server/collaborators";
import { addComment } from "@/lib/server/comments";
import { useJobQueue } from "@/lib/server/job-queue";
import { JOB_DEFINITIONS, startJobRunner, type RunningJobs } from "@/lib/server/jobs";
import { deliverMail, dispatchMail, getMailPreferences, listOutbox, sendDailyDigests, setMailPreferences } from "@/lib/server/mail";
import { useTestDatabase } from "../db";
import { createAdmin, createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { eventually, openTestQueue } from "../jobs";
import { startTestSmtp, type TestSmtp } from "../smtp";
import { createPublishedCheck, moveClockDays } from "./publishing-fixtures";
import { createReadyCheck, submit } from "./review-fixtures";

const getDb = useTestDatabase();
const PUBLIC_URL = "http://127.0.0.1:3361";

let smtp: TestSmtp;
let running: RunningJobs;
let writer: TestUser, reviewer: TestUser, editor: TestUser, admin: TestUser;
let firstCheck: Awaited<ReturnType<typeof createReadyCheck>>;
const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM, FACTDESK_PUBLIC_URL: process.env.FACTDESK_PUBLIC_URL };

beforeAll(async () => {
  smtp = await startTestSmtp({ user: { name: "factdesk", pass: "s3cret pass" } });
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = "Factdesk Newsroom <desk@example.test>";
  process.env.FACTDESK_PUBLIC_URL = PUBLIC_URL;
  process.env.AUTH_SECRET ||= "test-secret-for-the-auth-routes-0123456789";
  [writer, reviewer, editor, admin] = await Promise.all([createWriter(), createReviewer(), createEditor(), createAdmin()]);
  firstCheck = await createReadyCheck(writer.actor);
  const queue = await openTestQueue();
  useJobQueue(queue);
  // Retries a second apart instead of half a minute.
  const definitions = JOB_DEFINITIONS.map((d) => (d.name === "mail-deliver" ? { ...d, retryDelaySeconds: 1 } : d));
  running = await startJobRunner({ queue, definitions, schedules: [], tickMs: 60_000 });
});

afterAll(async () => {
  await running?.stop();
  useJobQueue(undefined);
  await smtp?.close();
  Object.assign(process.env, saved);
  for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key];
});

afterEach(() => moveClockDays(0));

const to = (user: TestUser) => smtp.received.filter((m) => m.to.includes(user.email));

// Each email passes through two queued jobs (a dispatch a second after the action, then its delivery).
describe("email", { timeout: 10_000 }, () => {
  it("sends a reviewer exactly one message when a check is sent to them, linking to its review", async () => {
    const check = firstCheck;
    await submit(writer.actor, check.id, [reviewer]);

    await eventually(() => expect(to(reviewer)).toHaveLength(1));
    const [mail] = to(reviewer);
    expect(mail!.subject).toBe(`Review requested: ${check.question}`);
    expect(mail!.from).toBe("desk@example.test");
    expect(mail!.parsed.from?.value).toEqual([{ name: "Factdesk Newsroom", address: "desk@example.test" }]);
    const link = `${PUBLIC_URL}/desk/fact-checks/${check.id}/review`;
    expect(mail!.text).toContain(`${writer.name} asks you to review “${check.question}”`);
    expect(mail!.text).toContain(`Open it: ${link}`);
    expect(mail!.html).toContain(`<a href="${link}">`);
    expect(mail!.headers["list-unsubscribe"]).toMatch(new RegExp(`^<${PUBLIC_URL}/api/unsubscribe\\?token=[\\w.-]+>$`));
    expect(mail!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail!.text).toMatch(new RegExp(`Stop these emails: ${PUBLIC_URL}/unsubscribe\\?token=`));

    // Dispatching and delivering again sends nothing more.
    expect(await dispatchMail()).toBe(0);
    // The job marks the message sent just after the server took it.
    await eventually(async () => {
      const [marked] = await getDb().select().from(mailMessages).where(eq(mailMessages.userId, reviewer.id));
      expect(marked?.transport).toBe("smtp");
    });
    const [row] = await getDb().select().from(mailMessages).where(eq(mailMessages.userId, reviewer.id));
    expect(row).toMatchObject({ kind: "review_requested", transport: "smtp", toAddress: reviewer.email, lastError: null });
    expect(await deliverMail({ messageId: row!.id })).toBe("already sent");
    expect(to(reviewer)).toHaveLength(1);
    // The writer who sent it gets nothing.
    expect(to(writer)).toHaveLength(0);
  });

  it("retries when the SMTP server refuses, without failing the action, and sends once", async () => {
    smtp.refuseNext(1);
    const check = await createReadyCheck(writer.actor);
    const other = await createReviewer();
    // The action succeeds while the server refuses.
    await expect(submit(writer.actor, check.id, [other])).resolves.toMatchObject({ status: "in_review" });
    await eventually(async () => {
      const [row] = await getDb().select().from(mailMessages).where(eq(mailMessages.userId, other.id));
      expect(row?.lastError).toMatch(/Try again later/);
    });
    await eventually(() => expect(to(other)).toHaveLength(1), 6_000);
    // The job marks the message sent just after the server took it.
    await eventually(async () => {
      const [row] = await getDb().select().from(mailMessages).where(eq(mailMessages.userId, other.id));
      expect(row).toMatchObject({ transport: "smtp", lastError: null });
    });
    expect(to(other)).toHaveLength(1);
    expect(to(other)[0]!.subject).toBe(`Review requested: ${check.question}`);
  });

  it("stops a kind of email with the one-click unsubscribe, and only that kind", async () => {
    const [mail] = to(reviewer);
    const url = new URL(mail!.headers["list-unsubscribe"]!.slice(1, -1));
    const answer = await unsubscribeRoute(
      new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" }),
    );
    expect(answer.status).toBe(200);
    const prefs = await getMailPreferences({ actor: reviewer.actor });
    expect(prefs.find((p) => p.kind === "review_requested")?.delivery).toBe("never");
    expect(prefs.find((p) => p.kind === "comment")?.delivery).toBe("immediate");

    // The next review request is in the inbox but written as no email at all.
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer]);
    const [notification] = await getDb()
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, reviewer.id), eq(notifications.factCheckId, check.id)));
    expect(notification).toBeDefined();
    expect(await getDb().select().from(mailMessages).where(eq(mailMessages.notificationId, notification!.id))).toEqual([]);

    // A forged token is refused.
    const forged = await unsubscribeRoute(new Request(`${PUBLIC_URL}/api/unsubscribe?token=${url.searchParams.get("token")!.slice(0, -2)}xx`, { method: "POST" }));
    expect(forged.status).toBe(400);
  });

  it("collects a person's digest kinds into one daily digest, and gives editors what is stale and due", async () => {
    await setMailPreferences({ actor: reviewer.actor, input: { review_requested: "digest" } });
    const published = await createPublishedCheck({ writer: writer.actor, reviewer: admin.actor, editor: editor.actor }, { refreshIntervalDays: 30 });
    // Forty days later the published check is stale, and a check is sent to the reviewer.
    moveClockDays(40);
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer], "Please look at the figures");
    const before = smtp.received.length;
    const date = "2027-01-15";
    expect(await sendDailyDigests({ date })).toBeGreaterThanOrEqual(2);
    await eventually(() => expect(to(reviewer).filter((m) => m.subject.startsWith("Your Factdesk digest"))).toHaveLength(1));
    const digest = to(reviewer).find((m) => m.subject.startsWith("Your Factdesk digest"))!;
    expect(digest.subject).toBe("Your Factdesk digest for January 15, 2027");
    expect(digest.text).toContain(`${writer.name} asks you to review “${check.question}”: Please look at the figures`);
    expect(digest.text).toContain(`${PUBLIC_URL}/desk/fact-checks/${check.id}`);
    // The reviewer's own notification kinds only: no newsroom section for a reviewer.
    expect(digest.text).not.toContain("Stale");

    await eventually(() => expect(to(editor).filter((m) => m.subject.startsWith("Your Factdesk digest"))).toHaveLength(1));
    const editors = to(editor).find((m) => m.subject.startsWith("Your Factdesk digest"))!;
    expect(editors.text).toMatch(/Stale \(\d+\):/);
    expect(editors.text).toContain(published.factCheck.question);
    expect(editors.text).toContain(`${PUBLIC_URL}/desk/refresh`);

    // One digest per person and day, however often the job runs.
    expect(await sendDailyDigests({ date })).toBe(0);
    expect(smtp.received.length).toBeGreaterThanOrEqual(before + 2);
    const digests = await getDb().select().from(mailMessages).where(and(eq(mailMessages.kind, "digest"), eq(mailMessages.userId, reviewer.id)));
    expect(digests).toHaveLength(1);
  });

  it("files messages in the outbox admins read when there is no SMTP_URL", async () => {
    const url = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      const check = await createReadyCheck(writer.actor);
      await submit(writer.actor, check.id, [admin]);
      await eventually(async () => {
        const outbox = (await listOutbox({ actor: admin.actor })).filter((m) => m.subject?.includes(check.question));
        expect(outbox).toHaveLength(1);
        expect(outbox[0]).toMatchObject({ to: admin.email, kind: "review_requested", transport: "outbox", subject: `Review requested: ${check.question}` });
        expect(outbox[0]!.text).toContain(`${PUBLIC_URL}/desk/fact-checks/${check.id}/review`);
      });
      // Nothing of it went to the SMTP server (other tests' messages may still arrive there meanwhile).
      expect(smtp.received.filter((m) => m.subject.includes(check.question))).toEqual([]);
      await expect(listOutbox({ actor: editor.actor })).rejects.toMatchObject({ status: 403 });
    } finally {
      process.env.SMTP_URL = url;
    }
  });

  it("emails a person mentioned in a comment who may see the check, and a new co-writer", async () => {
    const check = await createReadyCheck(writer.actor);
    const colleague = await createWriter();
    const stranger = await createWriter();
    // Editors see every check; another writer sees only checks they write.
    const handle = (user: TestUser) => user.email.split("@")[0];
    await addComment({ actor: writer.actor, id: check.id, input: { body: `@${handle(editor)} and @${handle(stranger)}, does the 2019 figure hold?` } });
    await eventually(() => expect(to(editor).filter((m) => m.subject === `New comment on “${check.question}”`)).toHaveLength(1));
    const mention = to(editor).find((m) => m.subject === `New comment on “${check.question}”`)!;
    expect(mention.text).toContain(`${writer.name} mentioned you on “${check.question}”`);
    expect(await getDb().select().from(notifications).where(eq(notifications.userId, stranger.id))).toEqual([]);

    await addCollaborator({ actor: writer.actor, factCheckId: check.id, input: { userId: colleague.id } });
    await eventually(() => expect(to(colleague)).toHaveLength(1));
    expect(to(colleague)[0]!.subject).toBe(`You are a co-writer of “${check.question}”`);
    expect(to(colleague)[0]!.text).toContain(`${PUBLIC_URL}/desk/fact-checks/${check.id}\n`);
    expect(to(stranger)).toEqual([]);
  });

  it("refuses a choice a kind does not offer, per field", async () => {
    await expect(setMailPreferences({ actor: writer.actor, input: { newsroom_digest: "digest", approved: "weekly" } })).rejects.toMatchObject({
      status: 400,
      fields: { newsroom_digest: "There is no such kind of email", approved: "Choose at once, daily digest, never" },
    });
  });
});
