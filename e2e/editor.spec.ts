import type { Page } from "@playwright/test";
import { DEMO, expect, test } from "./fixtures";

/** The editor of one check, addressed the way a writer (or a screen reader) sees it. */
class EditorPage {
  constructor(readonly page: Page) {}

  question = () => this.page.getByRole("textbox", { name: "Question", exact: true });
  topic = () => this.page.getByRole("textbox", { name: "Topic", exact: true });
  summary = () => this.page.getByRole("textbox", { name: "Executive summary" });
  heading = (n: number) => this.page.getByRole("textbox", { name: `Section ${n} heading` });
  body = (n: number) => this.page.getByRole("textbox", { name: `Section ${n} body` });
  saved = () => this.page.getByRole("status").filter({ hasText: /^Saved at/ });

  async ready() {
    await expect(this.summary()).toBeVisible();
  }

  async addSection(heading: string, body: string) {
    const n = (await this.page.getByRole("textbox", { name: /^Section \d+ heading$/ }).count()) + 1;
    await this.page.getByRole("button", { name: "Add section" }).click();
    // Focus moves to the new section's heading.
    await expect(this.heading(n)).toBeFocused();
    await this.page.keyboard.type(heading);
    await this.body(n).fill(body);
  }

  async expectHeadings(headings: string[]) {
    for (const [i, text] of headings.entries()) await expect(this.heading(i + 1)).toHaveValue(text);
    await expect(this.page.getByRole("textbox", { name: /^Section \d+ heading$/ })).toHaveCount(headings.length);
  }
}

test("a writer drafts a check, reorders its sections and finds everything after a reload", async ({ page, signIn }) => {
  await signIn(page, DEMO.writer);
  await page.goto("/desk");
  await page.getByRole("link", { name: "New fact-check" }).first().click();
  await page.getByLabel("Question").fill("Do reusable bags really beat plastic ones?");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/desk\/fact-checks\/[^/]+$/);

  const editor = new EditorPage(page);
  await editor.ready();
  await expect(editor.question()).toHaveValue("Do reusable bags really beat plastic ones?");

  await editor.summary().click();
  await page.keyboard.type("Only when they are reused many times.");
  await editor.addSection("Alpha", "Alpha body.");
  await editor.addSection("Bravo", "Bravo body.");
  await editor.addSection("Charlie", "Charlie body.");
  await editor.expectHeadings(["Alpha", "Bravo", "Charlie"]);

  // Buttons: Charlie moves up; focus follows it and the move is announced.
  await page.getByRole("button", { name: "Move section 3 up" }).click();
  await editor.expectHeadings(["Alpha", "Charlie", "Bravo"]);
  await expect(page.getByRole("button", { name: "Move section 2 up" })).toBeFocused();
  await expect(page.getByText("Section moved to position 2")).toBeAttached();

  // Keyboard: Alt+Shift+ArrowDown from inside Alpha's body moves Alpha down.
  await editor.body(1).click();
  await page.keyboard.press("Alt+Shift+ArrowDown");
  await editor.expectHeadings(["Charlie", "Alpha", "Bravo"]);
  await expect(editor.body(2)).toBeFocused();
  await expect(editor.body(2)).toHaveText("Alpha body.");

  await expect(editor.saved()).toBeVisible();
  await page.reload();
  await editor.ready();
  await expect(editor.question()).toHaveValue("Do reusable bags really beat plastic ones?");
  await expect(editor.summary()).toHaveText("Only when they are reused many times.");
  await editor.expectHeadings(["Charlie", "Alpha", "Bravo"]);
  await expect(editor.body(1)).toHaveText("Charlie body.");
  await expect(editor.body(2)).toHaveText("Alpha body.");
  await expect(editor.body(3)).toHaveText("Bravo body.");
});

test("a save from another tab is never overwritten, and the unsaved text stays available", async ({ page, context, signIn }) => {
  await signIn(page, DEMO.writer);
  const created = await page.request.post("/api/v1/fact-checks", {
    data: { question: "Is the city's new tram line over budget?" },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  const first = new EditorPage(page);
  await page.goto(`/desk/fact-checks/${id}`);
  await first.ready();

  const secondPage = await context.newPage();
  const second = new EditorPage(secondPage);
  await secondPage.goto(`/desk/fact-checks/${id}`);
  await second.ready();

  await first.topic().fill("Transport");
  await first.summary().click();
  await page.keyboard.type("Written in the first tab.");
  await expect(first.saved()).toBeVisible();

  await second.summary().click();
  await secondPage.keyboard.type("Written in the second tab.");

  const dialog = secondPage.getByRole("alertdialog", {
    name: "This check was changed in another tab or by someone else",
  });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Reload latest version" })).toBeVisible();
  await dialog.getByRole("button", { name: "Copy my unsaved text" }).click();
  await expect(dialog.getByRole("textbox", { name: "Your unsaved text" })).toHaveValue(/Written in the second tab\./);
  // The text is still in the editor behind the dialog, which no longer saves.
  await expect(second.summary()).toHaveText("Written in the second tab.");
  await expect(secondPage.getByRole("status").filter({ hasText: /^Not saved/ })).toBeVisible();

  const stored = await page.request.get(`/api/v1/fact-checks/${id}`);
  const check = (await stored.json()) as { topic: string; summary: unknown };
  expect(check.topic).toBe("Transport");
  expect(JSON.stringify(check.summary)).toContain("Written in the first tab.");
  expect(JSON.stringify(check.summary)).not.toContain("second tab");

  // Reloading the latest version asks first, then shows the first tab's work.
  await dialog.getByRole("button", { name: "Reload latest version" }).click();
  await dialog.getByRole("button", { name: "Discard my changes and reload" }).click();
  await second.ready();
  await expect(second.topic()).toHaveValue("Transport");
  await expect(second.summary()).toHaveText("Written in the first tab.");
  await expect(secondPage.getByRole("alertdialog")).toHaveCount(0);
});
