import { DEMO, expect, test } from "./fixtures";

test("a writer is refused another writer's draft in every entry point", async ({ as }) => {
  const other = await as(DEMO.writer2);
  const created = await other.request.post("/api/v1/fact-checks", { data: { question: `Private draft ${Date.now()}?` } });
  expect(created.status()).toBe(201);
  const { id, version } = await created.json();

  const writer = await as(DEMO.writer);
  for (const path of [`/desk/fact-checks/${id}`, `/desk/fact-checks/${id}/preview`]) {
    const response = await writer.goto(path);
    expect(response?.status()).toBe(404);
    await expect(writer.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  const read = await writer.request.get(`/api/v1/fact-checks/${id}`);
  expect(read.status()).toBe(404);
  expect((await read.json()).error.code).toBe("not_found");
  const write = await writer.request.patch(`/api/v1/fact-checks/${id}`, { data: { version, question: "Taken over?" } });
  expect(write.status()).toBe(404);

  // The owner's copy is untouched.
  const mine = await other.request.get(`/api/v1/fact-checks/${id}`);
  expect((await mine.json()).version).toBe(version);
});

test("anonymous API calls get a JSON 401", async ({ request }) => {
  const response = await request.get("/api/v1/fact-checks");
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: { code: "unauthorized", message: "Sign in to continue" } });
});

test("a failed sign-in says the same for an unknown email and a wrong password", async ({ page, loginPage }) => {
  await loginPage.goto();
  await loginPage.signIn("nobody@factdesk.test", "wrong-password-123");
  await expect(page.getByRole("alert").filter({ hasText: "Email or password" })).toHaveText("Email or password is incorrect.");
  await loginPage.signIn(DEMO.writer, "wrong-password-123");
  await expect(page.getByRole("alert").filter({ hasText: "Email or password" })).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/login/);
});

test("signing out ends the session", async ({ page, signIn }) => {
  await signIn(page, DEMO.writer);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/desk");
  await expect(page).toHaveURL(/\/login/);
});

test("an admin adds a user, changes their role, and disabling them stops their session at once", async ({ as, browser }) => {
  const admin = await as(DEMO.admin);
  const email = `nia.${Date.now()}@factdesk.test`;
  await admin.goto("/admin/users");
  const form = admin.locator("form", { has: admin.getByRole("heading", { name: "Add a user" }) });
  await form.getByLabel("Name").fill("Nia Newcomer");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("writer");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByText("Passwords have at least 12 characters")).toBeVisible();
  await form.getByLabel("Initial password").fill("a-long-enough-password");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByText(`Nia Newcomer can now sign in as ${email}.`)).toBeVisible();

  const context = await browser.newContext();
  const nia = await context.newPage();
  await nia.goto("/login");
  await nia.getByLabel("Email").fill(email);
  await nia.getByLabel("Password").fill("a-long-enough-password");
  await nia.getByRole("button", { name: "Sign in" }).click();
  await expect(nia).toHaveURL(/\/desk$/);
  await expect(nia.getByRole("banner").getByText("Writer")).toBeVisible();

  await admin.getByLabel("Role of Nia Newcomer").selectOption("reviewer");
  await admin.getByRole("button", { name: "Set role of Nia Newcomer" }).click();
  await expect(admin.getByText("Nia Newcomer is now reviewer.")).toBeVisible();
  await nia.reload();
  await expect(nia.getByRole("banner").getByText("Reviewer")).toBeVisible();

  await admin.getByRole("button", { name: "Disable Nia Newcomer" }).click();
  await expect(admin.getByText("Nia Newcomer is disabled and signed out.")).toBeVisible();
  await nia.goto("/desk");
  await expect(nia).toHaveURL(/\/login/);
  expect((await nia.request.get("/api/v1/fact-checks")).status()).toBe(401);
  await context.close();
});

test("only admins reach user management", async ({ as }) => {
  const editor = await as(DEMO.editor);
  const response = await editor.goto("/admin/users");
  expect(response?.status()).toBe(404);
});
