/**
 * The Cite picker as a writer uses it from the keyboard: what ranks first for a
 * title being typed, how many sources match (said in the right number), Escape
 * closing it at once, and the cited source's entry in the preview's list.
 */
import type { Page } from "@playwright/test";
import { DEMO, expect, test } from "./fixtures";

const unique = () => crypto.randomUUID().slice(0, 8);
const para = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

async function addSource(page: Page, data: Record<string, string>): Promise<string> {
  const response = await page.request.post("/api/v1/sources", { data });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** A draft with one section, opened in the editor with the caret at the end of its body. */
async function openDraft(page: Page, question: string): Promise<string> {
  const created = await page.request.post("/api/v1/fact-checks", {
    data: { question, sections: [{ heading: "What the budgets show", body: para("Regional budgets list the bonuses.") }] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/desk/fact-checks/${id}`);
  const body = page.getByRole("textbox", { name: "Section 1 body" });
  // The editor itself, not the first view it replaces: the picker's shortcut needs it.
  await expect(body).toHaveAttribute("contenteditable", "true");
  await body.click();
  await page.keyboard.press("End");
  return id;
}

const picker = (page: Page) => page.getByRole("dialog", { name: "Cite a source" });
const search = (page: Page) => picker(page).getByRole("searchbox", { name: "Search the library" });
const pickerStatus = (page: Page) => picker(page).getByRole("status");

async function openPicker(page: Page) {
  await page.keyboard.press("Control+Shift+K");
  await expect(search(page)).toBeFocused();
}

test("the picker ranks a title that starts with the words typed, then one that holds them, first; and says how many match", async ({ page, signIn }) => {
  test.setTimeout(60_000);
  const tag = unique();
  await signIn(page, DEMO.writer);
  // Both words in its title, the phrase in its notes: by the text's rank alone it came first.
  await addSource(page, {
    url: `https://www.example.org/news/${tag}/recruits`,
    title: `Fewer volunteers, bigger bonuses: signing up pays ${tag}`,
    notes: "Signing bonuses by region.",
  });
  await addSource(page, { url: `https://www.example.net/${tag}/regions`, title: `Signing bonuses: how Russia's regions compete for recruits ${tag}` });
  await addSource(page, { url: `https://www.example.com/${tag}/again`, title: `Regional signing bonuses rise again ${tag}` });
  await openDraft(page, `Is Russia paying more to recruit? ${tag}`);

  await openPicker(page);
  await page.keyboard.type("Signing bonuses");
  const results = picker(page).getByRole("list", { name: "Sources" }).getByRole("button");
  // In this order once the results for the whole phrase are in.
  await expect(search(page)).toHaveValue("Signing bonuses");
  await expect(results.filter({ hasText: tag })).toHaveText([/^Signing bonuses: how Russia's regions/, /^Regional signing bonuses/, /^Fewer volunteers, bigger bonuses/]);
  // The first result is one Down away.
  await page.keyboard.press("ArrowDown");
  await expect(results.first()).toBeFocused();

  // How many match, in the right number.
  await search(page).fill(`Fewer volunteers ${tag}`);
  await expect(pickerStatus(page)).toHaveText("1 matching source. Press Down to choose.");
  await search(page).fill(`bonuses ${tag}`);
  await expect(pickerStatus(page)).toHaveText("3 matching sources. Press Down to choose.");
  await search(page).fill(`nothing-like-this-${tag}`);
  await expect(pickerStatus(page)).toHaveText(`No source matches “nothing-like-this-${tag}”. Add it below.`);
});

test("Escape closes the picker with one press, wherever the focus is in it, and gives the caret back", async ({ page, signIn }) => {
  test.setTimeout(60_000);
  const tag = unique();
  await signIn(page, DEMO.writer);
  await addSource(page, { url: `https://www.example.org/${tag}/escape`, title: `Escape hatch report ${tag}` });
  await openDraft(page, `Does Escape close the picker? ${tag}`);
  const body = page.getByRole("textbox", { name: "Section 1 body" });

  // With words in the search box (which a first Escape would only clear).
  await openPicker(page);
  await page.keyboard.type(`Escape hatch ${tag}`);
  await expect(pickerStatus(page)).toHaveText("1 matching source. Press Down to choose.");
  await page.keyboard.press("Escape");
  await expect(picker(page)).toBeHidden();
  await expect(body).toBeFocused();

  // On a result.
  await openPicker(page);
  await page.keyboard.type(`Escape hatch ${tag}`);
  await expect(pickerStatus(page)).toHaveText("1 matching source. Press Down to choose.");
  await page.keyboard.press("ArrowDown");
  await expect(picker(page).getByRole("button", { name: new RegExp(`Escape hatch report ${tag}`) })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(picker(page)).toBeHidden();
  await expect(body).toBeFocused();

  // In the new source's form.
  await openPicker(page);
  await picker(page).getByRole("button", { name: "Add a new source…" }).click();
  await picker(page).getByLabel("URL", { exact: true }).fill(`https://www.example.org/${tag}/half-typed`);
  await page.keyboard.press("Escape");
  await expect(picker(page)).toBeHidden();
  await expect(body).toBeFocused();

  // Nothing was cited, and typing goes on in the section.
  await page.keyboard.type(" Typed after.");
  await expect(body).toContainText("Regional budgets list the bonuses. Typed after.");
  await expect(body.locator("[data-citation]")).toHaveCount(0);
});

test("a title that ends with a question mark gets no extra full stop in the preview's Sources", async ({ page, signIn, context }) => {
  test.setTimeout(60_000);
  const tag = unique();
  await signIn(page, DEMO.writer);
  await addSource(page, { url: `https://www.example.org/${tag}/inflated`, title: `Are Russia's recruitment figures inflated ${tag}?`, publisher: "Example Monitor" });
  await addSource(page, { url: `https://www.example.org/${tag}/plain`, title: `Recruitment by region ${tag}` });
  const id = await openDraft(page, `Are the numbers inflated? ${tag}`);
  for (const title of [`Are Russia's recruitment figures inflated ${tag}?`, `Recruitment by region ${tag}`]) {
    await openPicker(page);
    await page.keyboard.type(title.replace("?", ""));
    await picker(page).getByRole("button", { name: new RegExp(title.replace("?", "\\?")) }).click();
    await expect(picker(page)).toBeHidden();
  }
  await expect(page.getByRole("textbox", { name: "Section 1 body" }).locator("[data-citation-number]")).toHaveText(["[1]", "[2]"]);

  // The preview reads what the server holds: opened again until both citations have reached it.
  const preview = await context.newPage();
  const entries = preview.getByRole("region", { name: "Sources" }).getByRole("listitem");
  await expect(async () => {
    await preview.goto(`/desk/fact-checks/${id}/preview`);
    await expect(entries).toHaveCount(2);
  }).toPass();
  // Each entry: the reference, then when it was last verified.
  await expect(entries).toHaveText([
    new RegExp(`^Are Russia's recruitment figures inflated ${tag}\\? Example Monitor\\.Last verified `),
    new RegExp(`^Recruitment by region ${tag}\\.Last verified `),
  ]);
  await expect(entries.first()).not.toContainText("?.");
});
