import { expect, test } from "./fixtures";

test("the health route answers 200 with status ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

test("an anonymous visitor to the desk lands on the sign-in page", async ({ page, loginPage }) => {
  await page.goto("/desk");
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(loginPage.email()).toBeVisible();
  await expect(loginPage.password()).toBeVisible();
  await expect(loginPage.submit()).toBeVisible();
});

test("a demo writer signs in and reaches the desk", async ({ page, signIn }) => {
  await signIn(page, "writer@factdesk.test");
  await expect(page).toHaveURL(/\/desk$/);
});

test("two people can be signed in at once, each in a context of their own", async ({ as }) => {
  const writer = await as("writer@factdesk.test");
  const editor = await as("editor@factdesk.test");
  const sessionEmail = async (page: typeof writer) => (await (await page.request.get("/api/auth/session")).json()).user?.email;
  expect([await sessionEmail(writer), await sessionEmail(editor)]).toEqual(["writer@factdesk.test", "editor@factdesk.test"]);
});

test("the desk offers “Publish” on an approved check to editors only; others get the read-only “Publishing”", async ({ as }) => {
  const question = "Do heat pumps keep working in freezing weather?"; // approved in the demo data
  const writer = await as("writer@factdesk.test");
  const editor = await as("editor@factdesk.test");
  const publishingLink = (page: typeof writer) => page.getByRole("row").filter({ hasText: question }).locator('a[href$="/publish"]');
  await expect(publishingLink(writer)).toHaveAccessibleName(`Publishing “${question}”`);
  await expect(publishingLink(editor)).toHaveAccessibleName(`Publish “${question}”`);
  await publishingLink(writer).click();
  await expect(writer.getByText("Editors turn these questions into new fact-checks.", { exact: false })).toBeVisible();
  await expect(writer.getByRole("button", { name: "Publish" })).toHaveCount(0);
});
