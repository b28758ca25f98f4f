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
    for (const [i, text] of headings.entries()) await expect(this.heading(i + 1)).toHaveText(text);
    await expect(this.page.getByRole("textbox", { name: /^Section \d+ heading$/ })).toHaveCount(headings.length);
  }
}

test("a writer drafts a check, reorders its sections and finds everything after a reload", async ({ page, signIn }) => {
  // Two loads of the live editor and some forty keystrokes: more than the usual half minute on a busy machine.
  test.setTimeout(60_000);
  await signIn(page, DEMO.writer);
  await page.goto("/desk");
  await page.getByRole("link", { name: "New fact-check" }).first().click();
  await page.getByLabel("Question").fill("Do reusable bags really beat plastic ones?");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/desk\/fact-checks\/[^/]+$/);

  const editor = new EditorPage(page);
  await editor.ready();
  await expect(editor.question()).toHaveText("Do reusable bags really beat plastic ones?");

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
  await expect(editor.question()).toHaveText("Do reusable bags really beat plastic ones?");
  await expect(editor.summary()).toHaveText("Only when they are reused many times.");
  await editor.expectHeadings(["Charlie", "Alpha", "Bravo"]);
  await expect(editor.body(1)).toHaveText("Charlie body.");
  await expect(editor.body(2)).toHaveText("Alpha body.");
  await expect(editor.body(3)).toHaveText("Bravo body.");
});

test("two tabs editing at once both keep their text: nothing is overwritten and nothing waits for a reload", async ({ page, context, signIn }) => {
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
  await second.summary().click();
  await secondPage.keyboard.press("Control+End");
  await secondPage.keyboard.type(" Written in the second tab.");

  for (const tab of [first, second]) {
    await expect(tab.topic()).toHaveText("Transport");
    await expect(tab.summary()).toHaveText("Written in the first tab. Written in the second tab.");
  }
  await expect(first.saved()).toBeVisible();
  await expect
    .poll(async () => {
      const check = (await (await page.request.get(`/api/v1/fact-checks/${id}`)).json()) as { topic: string; summary: unknown };
      return `${check.topic} ${JSON.stringify(check.summary)}`;
    })
    // A space typed at the end of a paragraph may arrive as a no-break space, as browsers insert it there.
    .toMatch(/^Transport .*Written in the first tab\.[ \u00a0]Written in the second tab\./);
});
