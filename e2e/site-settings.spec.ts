/**
 * The disclaimer's "Learn more" link, a site setting: an admin points it at
 * "How we check" (or any http(s) address), a wrong value is refused on its
 * field, and readers of the cached public pages follow it at once, under the
 * pages' hashed Content-Security-Policy.
 */
import type { Page } from "@playwright/test";
import { hashPolicy, inlineScriptHashes } from "../lib/csp.mjs";
import { DEMO, expect, signedInPage, test } from "./fixtures";

async function saveLink(admin: Page, link: string) {
  await admin.goto("/admin/settings");
  await admin.getByLabel("“Learn more” link").fill(link);
  await admin.getByRole("button", { name: "Save settings" }).click();
}

test("an admin links the disclaimer's “Learn more” to How we check; readers follow it from the cached page", async ({ browser, request }) => {
  // Four saves of the settings form, each followed by a reader's page.
  test.setTimeout(60_000);
  const admin = await signedInPage(browser, DEMO.admin);
  const reader = await (await browser.newContext()).newPage();
  await reader.goto("/");
  const checkLink = reader.getByRole("main").locator('a[href^="/fact-checks/"]').first();
  const path = (await checkLink.getAttribute("href"))!;
  const disclaimer = reader.getByText(/^Our fact-checks rely on the sources listed/);
  try {
    // A value that is neither a path of this site nor an http(s) address stays out, said on its field.
    await saveLink(admin, "//elsewhere.example/how");
    const field = admin.getByLabel("“Learn more” link");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(/Enter a path on this site such as \/about, or a web address starting with http:\/\/ or https:\/\//);
    await expect(field).toHaveValue("//elsewhere.example/how");

    await saveLink(admin, "https://www.example.org/our-method");
    await expect(admin.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
    await reader.goto(path);
    await expect(disclaimer.getByRole("link", { name: "Learn more" })).toHaveAttribute("href", "https://www.example.org/our-method");

    await saveLink(admin, "/about");
    await expect(admin.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
    await expect(admin.getByLabel("“Learn more” link")).toHaveValue("/about");
    // The cached copy was replaced at once, and its policy still lists exactly its own inline scripts.
    const response = await request.get(path);
    const html = await response.text();
    expect(html).toContain('<a href="/about">Learn more about how we check</a>');
    expect(response.headers()["content-security-policy"]).toBe(hashPolicy(inlineScriptHashes(html)));
    await reader.goto(path);
    await disclaimer.getByRole("link", { name: "Learn more" }).click();
    await expect(reader).toHaveURL(/\/about$/);
    await expect(reader.getByRole("heading", { level: 1, name: "How we check" })).toBeVisible();

    // Emptied, the disclaimer stands alone.
    await saveLink(admin, "");
    await expect(admin.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
    await reader.goto(path);
    await expect(disclaimer).toBeVisible();
    await expect(disclaimer.getByRole("link")).toHaveCount(0);
  } finally {
    await saveLink(admin, "/about");
    await expect(admin.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  }
});
