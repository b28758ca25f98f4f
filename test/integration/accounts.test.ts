/**
 * People's own accounts on the current backend: changing a password with the
 * current one (other sessions end), and "Forgot password?" with a link emailed
 * to a real SMTP server on loopback (single use, 30 minutes, the same answer
 * for unknown addresses, rate limited), under the NIST 800-63B rules.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { mailMessages, passwordResets } from "@/db/schema";
import { changePassword, requestPasswordReset, resetLinkUsable, resetPassword, RESET_MAX_PER_ACCOUNT } from "@/lib/server/accounts";
import { authenticate } from "@/lib/server/authentication";
import { setClockOffset } from "@/lib/server/clock";
import { DomainError } from "@/lib/server/errors";
import { useJobQueue } from "@/lib/server/job-queue";
import { JOB_DEFINITIONS, startJobRunner, type RunningJobs } from "@/lib/server/jobs";
import { loadSessionActor, startSession } from "@/lib/server/sessions";
import { useTestDatabase } from "../db";
import { createWriter, TEST_PASSWORD, type TestUser } from "../factories";
import { eventually, openTestQueue } from "../jobs";
import { startTestSmtp, type TestSmtp } from "../smtp";

const getDb = useTestDatabase();
const PUBLIC_URL = "http://127.0.0.1:3364";
let smtp: TestSmtp;
let running: RunningJobs;
const saved = { SMTP_URL: process.env.SMTP_URL, FACTDESK_PUBLIC_URL: process.env.FACTDESK_PUBLIC_URL };

beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
  process.env.FACTDESK_PUBLIC_URL = PUBLIC_URL;
  process.env.AUTH_SECRET ||= "test-secret-for-the-auth-routes-0123456789";
  const queue = await openTestQueue();
  useJobQueue(queue);
  running = await startJobRunner({ queue, definitions: JOB_DEFINITIONS, schedules: [], tickMs: 60_000 });
});
afterAll(async () => {
  await running?.stop();
  useJobQueue(undefined);
  await smtp?.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});
afterEach(() => setClockOffset(0));

async function fieldsOf(fn: () => Promise<unknown>): Promise<Record<string, string> | undefined> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof DomainError) return error.fields ?? { message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

const signsIn = async (user: TestUser, password: string) => (await authenticate({ email: user.email, password, address: "127.0.0.9" })).ok;

describe("changing one's password", () => {
  it("needs the current password, follows the rules, and ends every other session", async () => {
    const user = await createWriter();
    const [here, elsewhere] = [await startSession({ userId: user.id }), await startSession({ userId: user.id })];
    const change = (currentPassword: string, newPassword: string) => changePassword({ actor: user.actor, sessionId: here!.id, input: { currentPassword, newPassword } });

    expect(await fieldsOf(() => change("not my password at all", "a brand new passphrase"))).toEqual({ currentPassword: "This is not your current password" });
    expect(await fieldsOf(() => change(TEST_PASSWORD, "short one"))).toEqual({ newPassword: "Passwords have at least 12 characters" });
    expect(await fieldsOf(() => change(TEST_PASSWORD, "qwerty123456"))).toEqual({ newPassword: "This password is too common: choose another" });
    expect(await fieldsOf(() => change(TEST_PASSWORD, user.email.toUpperCase()))).toEqual({ newPassword: "Choose a password that is not your email address" });
    // No composition rules: a long plain phrase is fine.
    await change(TEST_PASSWORD, "the ferry leaves at nine");

    expect(await signsIn(user, "the ferry leaves at nine")).toBe(true);
    expect(await signsIn(user, TEST_PASSWORD)).toBe(false);
    expect(await loadSessionActor({ sessionId: here!.id, userId: user.id })).toMatchObject({ id: user.id });
    expect(await loadSessionActor({ sessionId: elsewhere!.id, userId: user.id })).toBeNull();
  });
});

// Each email passes through two queued jobs (a dispatch a second after the action, then its delivery).
describe("forgot password", { timeout: 10_000 }, () => {
  it("emails a link that works once, then signs every session out", async () => {
    const user = await createWriter();
    const session = await startSession({ userId: user.id });
    await requestPasswordReset({ email: `  ${user.email.toUpperCase()} `, address: "127.0.0.10" });
    await eventually(() => expect(smtp.received.filter((m) => m.to.includes(user.email))).toHaveLength(1));
    const [mail] = smtp.received.filter((m) => m.to.includes(user.email));
    expect(mail!.subject).toBe("Choose a new Factdesk password");
    // Not a kind of email one unsubscribes from.
    expect(mail!.headers["list-unsubscribe"]).toBeUndefined();
    const link = new URL(/(http\S+\/reset-password\?token=\S+)/.exec(mail!.text)![1]!);
    expect(link.origin).toBe(PUBLIC_URL);
    const token = link.searchParams.get("token")!;
    // Only its hash is stored, and once sent the email's text no longer holds it.
    const [stored] = await getDb().select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(stored!.tokenHash).not.toContain(token);
    // (The delivery job clears it just after the SMTP server took the message.)
    await eventually(async () => {
      const [message] = await getDb().select().from(mailMessages).where(eq(mailMessages.userId, user.id));
      expect(message!.textBody).not.toContain(token);
    });

    expect(await resetLinkUsable({ token })).toBe(true);
    expect(await fieldsOf(() => resetPassword({ token, newPassword: "password1234" }))).toEqual({ newPassword: "This password is too common: choose another" });
    await resetPassword({ token, newPassword: "a harbour full of boats" });
    expect(await signsIn(user, "a harbour full of boats")).toBe(true);
    expect(await loadSessionActor({ sessionId: session!.id, userId: user.id })).toBeNull();

    // Used once.
    expect(await resetLinkUsable({ token })).toBe(false);
    expect(await fieldsOf(() => resetPassword({ token, newPassword: "another long passphrase" }))).toEqual({
      message: "This link is not valid any more: it works once, for 30 minutes. Ask for a new one.",
    });
  });

  it("stops working after 30 minutes", async () => {
    const user = await createWriter();
    await requestPasswordReset({ email: user.email, address: "127.0.0.11" });
    await eventually(() => expect(smtp.received.filter((m) => m.to.includes(user.email))).toHaveLength(1));
    const token = /reset-password\?token=(\S+)/.exec(smtp.received.find((m) => m.to.includes(user.email))!.text)![1]!;
    setClockOffset(31 * 60_000);
    expect(await resetLinkUsable({ token })).toBe(false);
    await expect(resetPassword({ token, newPassword: "a harbour full of boats" })).rejects.toMatchObject({ status: 400 });
    expect(await signsIn(user, TEST_PASSWORD)).toBe(true);
  });

  it("answers an unknown address the same, sending nothing, and limits requests per account", async () => {
    const before = smtp.received.length;
    await expect(requestPasswordReset({ email: "nobody-here@factdesk.test", address: "127.0.0.12" })).resolves.toBeUndefined();
    const user = await createWriter();
    for (let i = 0; i < RESET_MAX_PER_ACCOUNT + 2; i += 1) await requestPasswordReset({ email: user.email, address: `127.0.1.${i}` });
    await eventually(() => expect(smtp.received.filter((m) => m.to.includes(user.email))).toHaveLength(RESET_MAX_PER_ACCOUNT));
    expect(await getDb().select().from(mailMessages).where(eq(mailMessages.userId, user.id))).toHaveLength(RESET_MAX_PER_ACCOUNT);
    expect(smtp.received.length).toBe(before + RESET_MAX_PER_ACCOUNT);
  });
});
