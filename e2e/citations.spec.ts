import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { DEMO, expect, test } from "./fixtures";

const unique = () => crypto.randomUUID().slice(0, 8);
const para = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

/** The editor's rich-text fields and its Cite picker. */
class CitingEditor {
  constructor(readonly page: Page) {}
  body = (n: number) => this.page.getByRole("textbox", { name: `Section ${n} body` });
  toolbar = (n: number) => this.page.getByRole("toolbar", { name: `Section ${n} body formatting` });
  picker = () => this.page.getByRole("dialog", { name: "Cite a source" });
  numbers = (field: Locator) => field.locator("[data-citation-number]");
  panel = () => this.page.getByRole("region", { name: "Sources in this check" }).filter({ visible: true });
  saved = () => this.page.getByRole("status").filter({ hasText: /^Saved at/ });

  async caretAtEnd(n: number) {
    await this.body(n).click();
    await this.page.keyboard.press("End");
  }
}

test("a writer cites from the picker, adds a new source without leaving the editor, and numbers follow the sections", async ({ page, signIn }) => {
  // Some twenty steps, two page loads of the live editor (every field an editor of its own).
  test.setTimeout(60_000);
  const word = `sandpiper${unique()}`;
  await signIn(page, DEMO.writer);
  const created = await page.request.post("/api/v1/sources", {
    data: { url: `https://birds.example.org/${word}/census`, title: `Shorebird census ${word}`, publisher: "Example Bird Trust" },
  });
  expect(created.status()).toBe(201);
  const check = await (
    await page.request.post("/api/v1/fact-checks", {
      data: {
        question: `Are shorebirds declining? ${word}`,
        sections: [
          { heading: "Counts", body: para("The census counted fewer birds.") },
          { heading: "Causes", body: para("Habitat loss is the main cause.") },
        ],
      },
    })
  ).json();

  await page.goto(`/desk/fact-checks/${check.id}`);
  const editor = new CitingEditor(page);
  await expect(editor.body(1)).toBeVisible();
  await expect(editor.panel().getByText("No citations yet.")).toBeVisible();

  // Section 1: the toolbar's Cite button, then search as you type.
  await editor.caretAtEnd(1);
  await editor.toolbar(1).getByRole("button", { name: "Cite" }).click();
  await expect(editor.picker()).toBeVisible();
  await expect(editor.picker().getByRole("searchbox", { name: "Search the library" })).toBeFocused();
  await page.keyboard.type(word.slice(0, 12));
  const result = editor.picker().getByRole("button", { name: new RegExp(`Shorebird census ${word}`) });
  await expect(result).toBeVisible();
  const audit = await new AxeBuilder({ page }).include("dialog").analyze();
  expect(audit.violations.map((v) => v.id)).toEqual([]);
  await result.click();
  await expect(editor.picker()).toBeHidden();
  await expect(editor.numbers(editor.body(1))).toHaveText(["[1]"]);

  // Hovering the citation shows its title and publisher.
  await editor.body(1).locator("[data-citation]").hover();
  await expect(editor.body(1).getByRole("tooltip", { includeHidden: true })).toContainText(`Shorebird census ${word}`);
  await expect(editor.body(1).locator("[data-citation]")).toHaveAttribute(
    "aria-label",
    `Citation 1: Shorebird census ${word} — Example Bird Trust`,
  );

  // Section 2: the keyboard shortcut; Escape closes and gives the caret back.
  await editor.caretAtEnd(2);
  await page.keyboard.press("Control+Shift+K");
  await expect(editor.picker()).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(editor.picker()).toBeHidden();
  await expect(editor.body(2)).toBeFocused();

  // …and a source that is not in the library yet, added from the picker.
  await page.keyboard.press("Control+Shift+K");
  await editor.picker().getByRole("button", { name: "Add a new source…" }).click();
  await editor.picker().getByLabel("URL", { exact: true }).fill(`https://land.example.gov/${word}/wetland-loss`);
  await editor.picker().getByLabel("Title", { exact: true }).fill(`Wetland loss since 1990 ${word}`);
  await editor.picker().getByLabel("Publisher (optional)").fill("Example Land Office");
  await editor.picker().getByRole("button", { name: "Add and cite" }).click();
  await expect(editor.picker()).toBeHidden();
  await expect(editor.numbers(editor.body(2))).toHaveText(["[2]"]);
  await expect(editor.panel().getByRole("listitem")).toHaveText([
    new RegExp(`^\\[1\\]Shorebird census ${word}`),
    new RegExp(`^\\[2\\]Wetland loss since 1990 ${word}`),
  ]);

  // Cite the first source again in section 2: it keeps its number.
  await editor.caretAtEnd(2);
  await page.keyboard.press("Control+Shift+K");
  // Type once the search has focus, as a person sees it open.
  await expect(editor.picker().getByRole("searchbox", { name: "Search the library" })).toBeFocused();
  await page.keyboard.type(word.slice(0, 12));
  await editor.picker().getByRole("button", { name: new RegExp(`Shorebird census ${word}`) }).click();
  await expect(editor.numbers(editor.body(2))).toHaveText(["[2]", "[1]"]);

  // Moving section 2 up renumbers everything at once.
  await page.getByRole("button", { name: "Move section 2 up" }).click();
  await expect(editor.numbers(editor.body(1))).toHaveText(["[1]", "[2]"]);
  await expect(editor.numbers(editor.body(2))).toHaveText(["[2]"]);
  await expect(editor.panel().getByRole("listitem")).toHaveText([
    new RegExp(`^\\[1\\]Wetland loss since 1990 ${word}`),
    new RegExp(`^\\[2\\]Shorebird census ${word}`),
  ]);

  // Deleting a citation renumbers too: select the first one in section 1 and delete it.
  await editor.body(1).locator("[data-citation]").first().click();
  await page.keyboard.press("Delete");
  await expect(editor.numbers(editor.body(1))).toHaveText(["[1]"]);
  await expect(editor.numbers(editor.body(2))).toHaveText(["[1]"]);
  await expect(editor.panel().getByRole("listitem")).toHaveText([new RegExp(`^\\[1\\]Shorebird census ${word}`)]);

  // Cite the new source again, at the end of section 1: it comes back as [2].
  await editor.caretAtEnd(1);
  await page.keyboard.press("Control+Shift+K");
  // Type once the search has focus, as a person sees it open.
  await expect(editor.picker().getByRole("searchbox", { name: "Search the library" })).toBeFocused();
  await page.keyboard.type(word.slice(0, 12));
  await editor.picker().getByRole("button", { name: new RegExp(`Wetland loss since 1990 ${word}`) }).click();
  await expect(editor.numbers(editor.body(1))).toHaveText(["[1]", "[2]"]);
  await expect(editor.saved()).toBeVisible();
  // "Saved at" already showed from an earlier save: wait until the stored check holds this last citation.
  await expect
    .poll(async () => {
      const stored = await (await page.request.get(`/api/v1/fact-checks/${check.id}`)).json();
      return (JSON.stringify(stored.sections[0].body).match(/"type":"citation"/g) ?? []).length;
    }, { timeout: 10_000, message: "the last citation, stored" })
    .toBe(2);

  await page.goto(`/desk/fact-checks/${check.id}/preview`);
  const article = page.getByRole("article");
  await expect(article.getByRole("heading", { name: "1. Causes" })).toBeVisible();
  const sources = page.getByRole("region", { name: "Sources" });
  await expect(sources.getByRole("listitem")).toHaveCount(2);
  await expect(sources.getByRole("listitem").nth(0)).toContainText(`Shorebird census ${word}. Example Bird Trust`);
  await expect(sources.getByRole("listitem").nth(0)).toContainText("Last verified");
  await expect(sources.getByRole("listitem").nth(1)).toContainText(`Wetland loss since 1990 ${word}. Example Land Office`);
  await expect(sources.getByRole("link", { name: `Shorebird census ${word}` })).toHaveAttribute(
    "href",
    `https://birds.example.org/${word}/census`,
  );
  const links = article.getByRole("link", { name: /^Source \d+$/ });
  await expect(links).toHaveText(["[1]", "[2]", "[1]"]);
  await expect(links.nth(1)).toHaveAccessibleName("Source 2");
  await expect(links.nth(1)).toHaveAccessibleDescription(`Wetland loss since 1990 ${word}, Example Land Office`);
  await links.nth(1).click();
  await expect(page).toHaveURL(/#source-2$/);
});

test("a long check opens with its citation numbers and sources list complete: neither changes while the fields' editors are made, there and as the writer scrolls", async ({ page, signIn }) => {
  test.setTimeout(60_000);
  const word = `heron${unique()}`;
  await signIn(page, DEMO.writer);
  const sourceIds: string[] = [];
  for (const n of [1, 2, 3]) {
    const created = await page.request.post("/api/v1/sources", { data: { url: `https://birds.example.org/${word}/${n}`, title: `Heron survey ${n} ${word}` } });
    expect(created.status()).toBe(201);
    sourceIds.push(((await created.json()) as { id: string }).id);
  }
  const cited = (text: string, ...ids: string[]) => ({
    type: "doc",
    content: [{ type: "paragraph", content: [{ type: "text", text }, ...ids.map((sourceId) => ({ type: "citation", attrs: { sourceId } }))] }],
  });
  // Twenty sections, the later ones citing the sources in another order: each field's editor arrives in its own turn,
  // those far from the view once they are scrolled to.
  const [a, b, c] = sourceIds as [string, string, string];
  const sections = Array.from({ length: 20 }, (_, i) => ({ heading: `Colony ${i + 1}`, body: i < 18 ? cited(`Nests counted at colony ${i + 1}.`, a) : cited("Later surveys.", c, b) }));
  const check = (await (await page.request.post("/api/v1/fact-checks", { data: { question: `Are herons returning? ${word}`, summary: cited("Mostly.", b), sections } })).json()) as { id: string };

  // From the first script on, every frame: the sources list shown and every citation's number, until the last section's body is editable.
  await page.addInitScript(() => {
    const seen = { lists: new Set<string>(), numbers: new Set<string>(), editable: false };
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    requestAnimationFrame(function look() {
      for (const list of document.querySelectorAll('[aria-label="Cited sources in number order"]')) if ((list as HTMLElement).offsetParent) seen.lists.add((list as HTMLElement).innerText);
      for (const panel of document.querySelectorAll("section h2")) if (panel.textContent === "Sources in this check" && (panel as HTMLElement).offsetParent && !panel.parentElement!.querySelector("ol")) seen.lists.add("(none)");
      for (const number of document.querySelectorAll("[data-citation-number]")) seen.numbers.add(number.textContent ?? "");
      const fields = document.querySelectorAll('[role="textbox"][id$="-body"]');
      seen.editable = fields.length === 20 && fields[19]!.getAttribute("contenteditable") === "true";
      if (!seen.editable) requestAnimationFrame(look);
    });
  });
  await page.goto(`/desk/fact-checks/${check.id}`);
  const editor = new CitingEditor(page);
  await expect(editor.body(1)).toHaveAttribute("contenteditable", "true", { timeout: 20_000 });
  await editor.body(20).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => (window as unknown as { __seen: { editable: boolean } }).__seen.editable, null, { timeout: 30_000 });
  await expect(editor.numbers(editor.body(20))).toHaveText(["[3]", "[1]"]);
  await expect(editor.numbers(editor.body(1))).toHaveText(["[2]"]);
  await expect(editor.panel().getByRole("listitem")).toHaveText([/^\[1\]\s*Heron survey 2/, /^\[2\]\s*Heron survey 1/, /^\[3\]\s*Heron survey 3/]);

  const seen = await page.evaluate(() => {
    const s = (window as unknown as { __seen: { lists: Set<string>; numbers: Set<string> } }).__seen;
    return { lists: [...s.lists], numbers: [...s.numbers].sort() };
  });
  // One list throughout (the page's first view, then the editor's), never empty or partial; never a number missing.
  expect(seen.lists).toHaveLength(1);
  expect(seen.lists[0]).toMatch(/Heron survey 2[\s\S]*Heron survey 1[\s\S]*Heron survey 3/);
  expect(seen.numbers).toEqual(["[1]", "[2]", "[3]"]);
});
