/**
 * The Auth.js routes of auth.ts (`/api/auth/*`), driven as a browser drives
 * them: a session ends for good when it is revoked, signed out or past its
 * lifetime, and reading it never brings it back or extends it.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { updateUser } from "@/lib/server/users";
import { CookieJar, loadAuth, readSession, signInWith, signOutWith } from "../auth-client";
import { useTestDatabase } from "../db";
import { setRealClockOffset } from "../time";
import { createAdmin, createWriter, TEST_PASSWORD, type TestUser } from "../factories";

useTestDatabase();

const HOUR = 60 * 60 * 1000;

let admin: TestUser;
beforeAll(async () => {
  await loadAuth();
  admin = await createAdmin();
});

afterEach(() => setRealClockOffset(0));

async function signedIn(user: TestUser): Promise<CookieJar> {
  const jar = new CookieJar();
  const result = await signInWith(jar, { email: user.email, password: TEST_PASSWORD });
  expect(result).toEqual({ status: 302, location: "http://localhost:3000/desk" });
  expect(jar.session()).toBeTruthy();
  return jar;
}

describe("GET /api/auth/session", () => {
  it("answers the signed-in user and re-issues the cookie while the session lives", async () => {
    const user = await createWriter();
    const jar = await signedIn(user);
    const read = await readSession(jar);
    expect(read.status).toBe(200);
    expect(read.body?.user).toMatchObject({ id: user.id, email: user.email });
    expect(read.reissued).toBe(true);
  });

  it("gives a disabled user's old cookie no session and no new cookie, and it stays dead once they are enabled again", async () => {
    const user = await createWriter();
    const jar = await signedIn(user);
    const stolen = jar.sessionOnly();
    await updateUser({ actor: admin.actor, id: user.id, input: { disabled: true } });

    const whileDisabled = await readSession(stolen);
    expect([whileDisabled.status, whileDisabled.body, whileDisabled.reissued]).toEqual([200, null, false]);
    expect(stolen.session()).toBeUndefined();

    await updateUser({ actor: admin.actor, id: user.id, input: { disabled: false } });
    for (const copy of [jar.sessionOnly(), jar]) {
      const afterEnabling = await readSession(copy);
      expect([afterEnabling.body, afterEnabling.reissued]).toEqual([null, false]);
    }
    // Signing in again works.
    expect((await readSession(await signedIn(user))).body?.user).toMatchObject({ id: user.id });
  });

  it("ends a session at its absolute lifetime, however often it was re-issued before", async () => {
    const user = await createWriter();
    const jar = await signedIn(user);
    setRealClockOffset(4 * HOUR);
    expect((await readSession(jar)).changed).toBe(true);
    setRealClockOffset(7.5 * HOUR);
    expect((await readSession(jar)).body?.user).toMatchObject({ id: user.id });

    setRealClockOffset(8 * HOUR + 60_000);
    const late = await readSession(jar);
    expect([late.body, late.reissued]).toEqual([null, false]);
  });
});

describe("POST /api/auth/signout", () => {
  it("ends the session on the server: a copy of the cookie taken before gets no session", async () => {
    const user = await createWriter();
    const jar = await signedIn(user);
    const copy = jar.sessionOnly();
    expect((await signOutWith(jar)).location).toBe("http://localhost:3000/login");
    expect(jar.session()).toBeUndefined();

    const read = await readSession(copy);
    expect([read.body, read.reissued]).toEqual([null, false]);
  });

  it("ends only that session: the same user's other sign-ins go on", async () => {
    const user = await createWriter();
    const laptop = await signedIn(user);
    const phone = await signedIn(user);
    await signOutWith(laptop);
    expect((await readSession(phone)).body?.user).toMatchObject({ id: user.id });
  });
});

describe("the callback URL after signing in", () => {
  it("is a path on this site, whatever the form says", async () => {
    const user = await createWriter();
    const cases: [string, string][] = [
      ["/\t/evil.example", "/desk"],
      ["//evil.example", "/desk"],
      ["https://evil.example/desk", "/desk"],
      ["http://localhost:3000//evil.example", "/desk"],
      ["http://localhost:3000/sources?q=x#top", "/sources?q=x#top"],
      ["/desk/fact-checks/x?tab=1#s2", "/desk/fact-checks/x?tab=1#s2"],
    ];
    for (const [callbackUrl, path] of cases) {
      expect(await signInWith(new CookieJar(), { email: user.email, password: TEST_PASSWORD, callbackUrl }), callbackUrl).toEqual({
        status: 302,
        location: `http://localhost:3000${path}`,
      });
    }
  });
});
