/**
 * Admins invite people by email with a role (real SMTP server on loopback):
 * the link creates the account with that role; resending replaces the link,
 * revoking ends it; one pending invitation per address; admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { authenticate } from "@/lib/server/authentication";
import { DomainError } from "@/lib/server/errors";
import { acceptInvitation, invitationForToken, inviteUser, listInvitations, resendInvitation, revokeInvitation } from "@/lib/server/invitations";
import { useJobQueue } from "@/lib/server/job-queue";
import { JOB_DEFINITIONS, startJobRunner, type RunningJobs } from "@/lib/server/jobs";
import { useTestDatabase } from "../db";
import { createAdmin, createEditor, uniqueEmail, type TestUser } from "../factories";
import { eventually, openTestQueue } from "../jobs";
import { startTestSmtp, type TestSmtp } from "../smtp";

const getDb = useTestDatabase();
let smtp: TestSmtp;
let running: RunningJobs;
let admin: TestUser;
const saved = process.env.SMTP_URL;

beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
  admin = await createAdmin();
  const queue = await openTestQueue();
  useJobQueue(queue);
  running = await startJobRunner({ queue, definitions: JOB_DEFINITIONS, schedules: [], tickMs: 60_000 });
});
afterAll(async () => {
  await running?.stop();
  useJobQueue(undefined);
  await smtp?.close();
  if (saved === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = saved;
});

const linksTo = (email: string) => smtp.received.filter((m) => m.to.includes(email)).map((m) => /invitation\?token=(\S+)/.exec(m.text)![1]!);

// Each email passes through two queued jobs (a dispatch a second after the action, then its delivery).
describe("invitations", { timeout: 10_000 }, () => {
  it("email a link that creates the account with the invited role", async () => {
    const email = uniqueEmail("invited");
    const invitation = await inviteUser({ actor: admin.actor, input: { name: "Ines Invited", email: email.toUpperCase(), role: "reviewer" } });
    expect(invitation).toMatchObject({ email, name: "Ines Invited", role: "reviewer", expired: false });
    expect((await listInvitations({ actor: admin.actor })).map((i) => i.email)).toContain(email);
    await eventually(() => expect(linksTo(email)).toHaveLength(1));
    const mail = smtp.received.find((m) => m.to.includes(email))!;
    expect(mail.subject).toBe(`${admin.name} invites you to Factdesk`);
    expect(mail.text).toContain("as reviewer");
    const [token] = linksTo(email);

    expect(await invitationForToken({ token: token! })).toEqual({ email, name: "Ines Invited", role: "reviewer" });
    await expect(acceptInvitation({ token: token!, password: "123456789012" })).rejects.toMatchObject({ fields: { newPassword: "This password is too common: choose another" } });
    await acceptInvitation({ token: token!, password: "a quiet morning walk" });
    const [user] = await getDb().select({ role: users.role, name: users.name }).from(users).where(eq(users.email, email));
    expect(user).toEqual({ role: "reviewer", name: "Ines Invited" });
    expect((await authenticate({ email, password: "a quiet morning walk", address: "127.0.0.20" })).ok).toBe(true);
    // Used once; no longer pending.
    await expect(acceptInvitation({ token: token!, password: "a quiet morning walk" })).rejects.toBeInstanceOf(DomainError);
    expect((await listInvitations({ actor: admin.actor })).map((i) => i.email)).not.toContain(email);
    // An address with an account is not invited.
    await expect(inviteUser({ actor: admin.actor, input: { name: "Again", email, role: "writer" } })).rejects.toMatchObject({
      status: 409,
      fields: { email: "A user with this email already exists" },
    });
  });

  it("resend replaces the link, revoke ends it, one pending invitation per address, admins only", async () => {
    const email = uniqueEmail("resent");
    const invitation = await inviteUser({ actor: admin.actor, input: { name: "Rui Resent", email, role: "writer" } });
    await expect(inviteUser({ actor: admin.actor, input: { name: "Rui Resent", email, role: "editor" } })).rejects.toMatchObject({
      status: 409,
      fields: { email: "This address is invited already: resend or revoke that invitation" },
    });
    await eventually(() => expect(linksTo(email)).toHaveLength(1));
    await resendInvitation({ actor: admin.actor, id: invitation.id });
    await eventually(() => expect(linksTo(email)).toHaveLength(2));
    const [first, second] = linksTo(email);
    expect(await invitationForToken({ token: first! })).toBeNull();
    expect(await invitationForToken({ token: second! })).not.toBeNull();

    await revokeInvitation({ actor: admin.actor, id: invitation.id });
    expect(await invitationForToken({ token: second! })).toBeNull();
    await expect(acceptInvitation({ token: second!, password: "a quiet morning walk" })).rejects.toMatchObject({ status: 400 });
    await expect(revokeInvitation({ actor: admin.actor, id: invitation.id })).rejects.toMatchObject({ status: 404 });

    const editor = await createEditor();
    await expect(inviteUser({ actor: editor.actor, input: { name: "X", email: uniqueEmail(), role: "writer" } })).rejects.toMatchObject({ status: 403 });
    await expect(listInvitations({ actor: editor.actor })).rejects.toMatchObject({ status: 403 });
  });
});
