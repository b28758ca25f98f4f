/**
 * Forms whose actions no other spec drives, through the one action wrapper
 * (lib/server/form.ts): API tokens (created once, revoked), deleting a source
 * added by mistake, and errors shown per field with what was typed kept.
 */
import crypto from "node:crypto";
import { DEMO, expect, expectHydrated, holdScripts, test } from "./fixtures";

test("a writer creates an API token, uses it, and revokes it", async ({ as, playwright, baseURL }) => {
  const tag = crypto.randomBytes(3).toString("hex");
  const writer = await as(DEMO.writer);
  await writer.goto("/desk/account");

  // An empty name is refused on its field.
  await writer.getByRole("button", { name: "Create token" }).click();
  const name = writer.getByRole("textbox", { name: "Token name" });
  await expect(name).toHaveAttribute("aria-invalid", "true");

  await name.fill(`import script ${tag}`);
  await writer.getByRole("button", { name: "Create token" }).click();
  await expect(writer.getByRole("status").filter({ hasText: `Token “import script ${tag}” created` })).toBeVisible();
  const token = await writer.getByLabel("Your new token").inputValue();
  expect(token).toMatch(/^fdk_/);

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  try {
    expect((await api.get("/api/v1/fact-checks")).status()).toBe(200);
    await writer.getByRole("button", { name: `Revoke import script ${tag}` }).click();
    await expect(writer.getByRole("cell", { name: `import script ${tag}` })).toHaveCount(0);
    expect((await api.get("/api/v1/fact-checks")).status()).toBe(401);
  } finally {
    await api.dispose();
  }
});

test("a source added by mistake is deleted from its page; a form's errors keep what was typed", async ({ as }) => {
  const tag = crypto.randomBytes(3).toString("hex");
  const writer = await as(DEMO.writer);
  await writer.goto("/sources/new");
  await writer.getByLabel("URL").fill(`https://example.org/mistake/${tag}`);
  await writer.getByRole("button", { name: /Add source/ }).click();
  // The title is missing: said on its field, and the URL is still there.
  await expect(writer.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(writer.getByLabel("URL")).toHaveValue(`https://example.org/mistake/${tag}`);

  await writer.getByLabel("Title").fill(`Added by mistake ${tag}`);
  await writer.getByRole("button", { name: /Add source/ }).click();
  await expect(writer).toHaveURL(/\/sources\/[^/]+\?added=1$/);
  const id = new URL(writer.url()).pathname.split("/").pop();

  await writer.getByText("Delete this source").click();
  await writer.getByRole("button", { name: "Delete permanently" }).click();
  await expect(writer).toHaveURL(/\/sources\?deleted=1$/);
  expect((await writer.request.get(`/api/v1/sources/${id}`)).status()).toBe(404);
});

test("a question longer than the limit is refused on its field with all of it kept, never cut while typing", async ({ as }) => {
  const writer = await as(DEMO.writer);
  await writer.goto("/desk/new");
  const long = `Does ${"a very long question ".repeat(16)}end here? ${crypto.randomBytes(3).toString("hex")}`;
  expect(long.length).toBeGreaterThan(300);
  const question = writer.getByRole("textbox", { name: "Question" });
  await question.fill(long);
  await expect(question).toHaveValue(long);
  await writer.getByRole("button", { name: "Create" }).click();
  await expect(question).toHaveAttribute("aria-invalid", "true");
  await expect(writer.getByText("The question must be at most 300 characters")).toBeVisible();
  await expect(question).toHaveValue(long);
  // Shortened, it is created.
  await question.fill(long.slice(-60));
  await writer.getByRole("button", { name: "Create" }).click();
  await expect(writer).toHaveURL(/\/desk\/fact-checks\/[^/]+$/);
});

test("what is typed into a form's textarea before the page's scripts run is still there once they have", async ({ as }) => {
  const admin = await as(DEMO.admin);
  // The page as the server draws it, its scripts held back: a slow connection.
  const letThrough = await holdScripts(admin);
  await admin.goto("/admin/settings", { waitUntil: "domcontentloaded" });
  const verdicts = admin.getByRole("form", { name: "Verdicts" }).getByLabel("Verdicts");
  const typed = `${await verdicts.inputValue()}\n9 Typed before the scripts ran`;
  await verdicts.fill(typed);

  letThrough();
  // React has hydrated the field…
  await expectHydrated(verdicts);
  // …and what was typed is what the field holds, and what the form would send.
  await expect(verdicts).toHaveValue(typed);
  expect(await verdicts.evaluate((el) => new FormData((el as HTMLTextAreaElement).form!).get("verdicts"))).toBe(typed);
});

test("a reader's report of outdated information, typed before the page's scripts ran, is kept and its form stays open", async ({ page }) => {
  await page.goto("/");
  const check = await page.getByRole("main").getByRole("link").filter({ hasText: "?" }).first().getAttribute("href");
  // The published page as the server draws it, its scripts held back: a slow connection.
  const letThrough = await holdScripts(page);
  await page.goto(check!, { waitUntil: "domcontentloaded" });
  await page.getByText("Report outdated information").click();
  const note = page.getByLabel("What looks outdated? (optional)");
  await note.fill("The unemployment figure was revised in March.");

  letThrough();
  await expectHydrated(note);
  // The field starts empty, so hydrating it leaves what was typed (a field drawn with a value would not: see above).
  await expect(note).toHaveValue("The unemployment figure was revised in March.");
  await expect(page.locator("details").filter({ has: note })).toHaveAttribute("open", "");
  expect(await note.evaluate((el) => new FormData((el as HTMLTextAreaElement).form!).get("note"))).toBe("The unemployment figure was revised in March.");
});
