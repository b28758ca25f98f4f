import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { DEMO, expect, test } from "./fixtures";

const unique = () => crypto.randomUUID().slice(0, 8);

/** The library page, addressed by labels and roles. */
class LibraryPage {
  constructor(readonly page: Page) {}
  search = () => this.page.getByRole("searchbox", { name: "Search the library" });
  status = () => this.page.getByLabel("Status");
  results = () => this.page.getByRole("table").getByRole("row");
  resultLink = (title: string) => this.page.getByRole("table").getByRole("link", { name: title });
}

/** The add / edit form of a source. */
class SourceForm {
  constructor(readonly page: Page, readonly scope = page.locator("body")) {}
  url = () => this.scope.getByLabel("URL", { exact: true });
  title = () => this.scope.getByLabel("Title", { exact: true });
  publisher = () => this.scope.getByLabel("Publisher", { exact: true });
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function apiSource(page: Page, fields: Record<string, string>) {
  const response = await page.request.post("/api/v1/sources", { data: fields });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; title: string; url: string };
}

test("a writer adds a source, is taken to it when pasting the same URL again, edits it and sees the history", async ({ page, signIn }) => {
  const word = `heliograph${unique()}`;
  const url = `https://www.example.org/reports/${word}`;
  await signIn(page, DEMO.writer);
  await page.goto("/sources");
  await page.getByRole("link", { name: "Add a source" }).click();

  const form = new SourceForm(page);
  // Bad input: errors per field, nothing added.
  await form.url().fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByText("Source URLs must start with http:// or https://")).toBeVisible();
  await expect(page.getByText("Enter the source's title")).toBeVisible();
  await expect(form.url()).toHaveAttribute("aria-invalid", "true");

  await form.url().fill(url);
  await form.title().fill(`Sunshine hours report ${word}`);
  await form.publisher().fill("Example Weather Office");
  await page.getByLabel("Published").fill("2024-05-01");
  await page.getByRole("button", { name: "Add source" }).click();
  await expect(page).toHaveURL(/\/sources\/[^/?]+\?added=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Sunshine hours report ${word}`);
  const sourceUrl = page.url().split("?")[0]!;

  // The same address with tracking parameters and another case: no second record.
  await page.goto("/sources/new");
  await form.url().fill(`HTTPS://WWW.EXAMPLE.ORG/reports/${word}/?utm_source=newsletter&fbclid=abc#top`);
  await form.title().fill("A second copy");
  await page.getByRole("button", { name: "Add source" }).click();
  await expect(page).toHaveURL(/\?existing=1$/);
  expect(page.url().split("?")[0]).toBe(sourceUrl);
  await expect(page.getByText("This URL is already in the library")).toBeVisible();

  // Edit: the change is kept in the history.
  const edit = page.getByRole("region", { name: "Edit details" });
  await edit.getByLabel("Title", { exact: true }).fill(`Sunshine hours, 2023 annual report ${word}`);
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByText("Changes saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Sunshine hours, 2023 annual report ${word}`);
  const history = page.getByRole("region", { name: "History" });
  await expect(history.getByText(`Title: Sunshine hours report ${word} → Sunshine hours, 2023 annual report ${word}`)).toBeVisible();
  await expect(history.getByText("Wren Writer added this source")).toBeVisible();

  // Status: dead, with a note, dated.
  const status = page.getByRole("region", { name: "Status" });
  await status.getByLabel("Status").selectOption("dead");
  await status.getByLabel("Note").fill("Removed from the office's site in May.");
  await status.getByRole("button", { name: "Change status" }).click();
  await expect(status.getByText("Status changed.")).toBeVisible();
  await expect(page.getByRole("note")).toContainText("Dead link since");
  await expect(page.getByRole("note")).toContainText("Removed from the office's site in May.");
  await expect(history.getByText("Status: Live → Dead link")).toBeVisible();
});

test("the library finds sources as you type, filters by status and shows where each is cited", async ({ page, signIn }) => {
  const word = `quillwort${unique()}`;
  await signIn(page, DEMO.writer);
  const live = await apiSource(page, { url: `https://data.example.org/${word}/live`, title: `Wetland survey ${word}`, publisher: "Example Ecology Unit" });
  const dead = await apiSource(page, { url: `https://data.example.org/${word}/gone`, title: `Old wetland map ${word}` });
  expect((await page.request.patch(`/api/v1/sources/${dead.id}`, { data: { status: "dead" } })).status()).toBe(200);

  const created = await page.request.post("/api/v1/fact-checks", {
    data: {
      question: `Are the wetlands shrinking? ${word}`,
      summary: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Yes " }, { type: "citation", attrs: { sourceId: live.id } }] }] },
      sections: [
        { heading: "Background", body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "None here." }] }] } },
        { heading: "The survey", body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "citation", attrs: { sourceId: live.id } }] }] } },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const check = (await created.json()) as { id: string; question: string };

  const library = new LibraryPage(page);
  await page.goto("/sources");
  // No Enter: results follow the typing.
  await library.search().pressSequentially(word.slice(0, 9), { delay: 20 });
  await library.search().pressSequentially(word.slice(9), { delay: 20 });
  await expect(page).toHaveURL(new RegExp(`q=${word}`));
  await expect(library.resultLink(`Wetland survey ${word}`)).toBeVisible();
  await expect(library.resultLink(`Old wetland map ${word}`)).toBeVisible();
  await expect(page.getByText(`2 sources matching “${word}”.`)).toBeVisible();
  const liveRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: `Wetland survey ${word}` }) });
  await expect(liveRow.getByRole("cell", { name: "1 check" })).toBeVisible();

  await library.status().selectOption("dead");
  await expect(library.resultLink(`Wetland survey ${word}`)).toHaveCount(0);
  await expect(library.resultLink(`Old wetland map ${word}`)).toBeVisible();

  await library.status().selectOption("");
  await library.resultLink(`Wetland survey ${word}`).click();
  const cited = page.getByRole("region", { name: "Cited in" });
  await expect(cited.getByRole("link", { name: check.question })).toBeVisible();
  await expect(cited.getByText("Executive summary · Section 2: The survey")).toBeVisible();
});

test("the sources API: search, duplicates (409 with the id), edits, and citations of unknown sources refused (422)", async ({ page, signIn }) => {
  const word = `marram${unique()}`;
  await signIn(page, DEMO.editor);
  const source = await apiSource(page, { url: `https://coast.example.net/${word}`, title: `Dune erosion ${word}` });

  const duplicate = await page.request.post("/api/v1/sources", { data: { url: `https://coast.example.net/${word}/?gclid=x`, title: "Again" } });
  expect(duplicate.status()).toBe(409);
  expect((await duplicate.json()).error).toMatchObject({ code: "conflict", sourceId: source.id });

  const bad = await page.request.post("/api/v1/sources", { data: { url: "ftp://coast.example.net/a", title: "" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.fields).toEqual({
    url: "Source URLs must start with http:// or https://",
    title: "Enter the source's title",
  });

  const found = await page.request.get(`/api/v1/sources?q=${word.slice(0, 6)}`);
  expect(found.status()).toBe(200);
  expect(((await found.json()).data as { id: string }[]).map((s) => s.id)).toContain(source.id);
  const byIds = await page.request.get(`/api/v1/sources?ids=${source.id},nope`);
  expect(((await byIds.json()).data as { title: string }[]).map((s) => s.title)).toEqual([`Dune erosion ${word}`]);

  const patched = await page.request.patch(`/api/v1/sources/${source.id}`, { data: { publisher: "Example Coastal Agency" } });
  expect(patched.status()).toBe(200);
  const detail = await (await page.request.get(`/api/v1/sources/${source.id}`)).json();
  expect(detail.source.publisher).toBe("Example Coastal Agency");
  expect(detail.history[0].changes).toEqual({ publisher: { from: null, to: "Example Coastal Agency" } });

  const check = await (await page.request.post("/api/v1/fact-checks", { data: { question: `Are dunes moving? ${word}` } })).json();
  const refused = await page.request.patch(`/api/v1/fact-checks/${check.id}`, {
    data: {
      version: check.version,
      summary: { type: "doc", content: [{ type: "paragraph", content: [{ type: "citation", attrs: { sourceId: "no-such-source" } }] }] },
    },
  });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error).toMatchObject({ code: "unprocessable", missingSourceIds: ["no-such-source"] });
  const after = await (await page.request.get(`/api/v1/fact-checks/${check.id}`)).json();
  expect(after.version).toBe(check.version);

  // Cited: it cannot be deleted, and the answer names the check.
  const cites = await page.request.patch(`/api/v1/fact-checks/${check.id}`, {
    data: {
      version: check.version,
      summary: { type: "doc", content: [{ type: "paragraph", content: [{ type: "citation", attrs: { sourceId: source.id } }] }] },
    },
  });
  expect(cites.status()).toBe(200);
  const deletion = await page.request.delete(`/api/v1/sources/${source.id}`);
  expect(deletion.status()).toBe(409);
  expect((await deletion.json()).error.citedIn).toEqual([{ id: check.id, question: check.question }]);
});

// One test per page (each audit is a few seconds of work on a busy machine), each page audited
// once it shows what it is for, at a desktop width and then a phone's (the same page, resized).
const LIBRARY_PAGES: { name: string; path: (source: { id: string; title: string }, word: string) => string; ready: (page: Page, source: { title: string }) => Locator }[] = [
  { name: "the library", path: (_, word) => `/sources?q=${word}`, ready: (page, source) => page.getByRole("table").getByRole("link", { name: source.title }) },
  { name: "a new source's form", path: () => "/sources/new", ready: (page) => page.getByRole("button", { name: "Add source" }) },
  { name: "a source's page", path: (source) => `/sources/${source.id}`, ready: (page, source) => page.getByRole("heading", { level: 1, name: source.title }) },
];

for (const { name, path, ready } of LIBRARY_PAGES) {
  test(`library pages pass an accessibility audit, wide and narrow: ${name}`, async ({ page, signIn }) => {
    const word = `sedge${unique()}`;
    await signIn(page, DEMO.writer);
    const source = await apiSource(page, { url: `https://plants.example.org/${word}`, title: `Sedge meadows ${word}`, notes: "Line one.\nLine two." });
    await page.goto(path(source, word));
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await expect(ready(page, source)).toBeVisible();
      await expectNoAxeViolations(page);
    }
  });
}
