/**
 * What a writer does in the editor of one check, as they do it: submitting
 * and going on typing, reloading while it saves, scrolling a long check,
 * deleting sections with the review panel beside, pasting long text, undoing
 * moves, long headings, and typing with the formatting controls around.
 */
import type { Locator, Page } from "@playwright/test";
import { DEMO, engineChunks, expect, test } from "./fixtures";

const unique = () => crypto.randomUUID().slice(0, 8);
const para = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

class Writer {
  constructor(readonly page: Page) {}
  question = () => this.page.getByRole("textbox", { name: "Question", exact: true });
  summary = () => this.page.getByRole("textbox", { name: "Executive summary" });
  heading = (n: number) => this.page.getByRole("textbox", { name: `Section ${n} heading` });
  body = (n: number) => this.page.getByRole("textbox", { name: `Section ${n} body` });
  headings = () => this.page.getByRole("textbox", { name: /^Section \d+ heading$/ });
  related = (n: number) => this.page.getByRole("textbox", { name: `Related question ${n}`, exact: true });
  status = () => this.page.getByRole("status").filter({ hasText: /^(Saved at|Saving|Offline|Connecting|All changes|Not saved)/ });
  gate = () => this.page.getByRole("region", { name: "Pre-approval checks" });
  note = () => this.page.getByRole("note").filter({ hasText: /cannot be edited now/ });

  async open(id: string) {
    await this.page.goto(`/desk/fact-checks/${id}`);
    await expect(this.summary()).toBeVisible();
    await expect(this.status()).not.toHaveText(/Connecting/);
  }

  async caretAtEnd(field: Locator) {
    await field.click();
    await this.page.keyboard.press("Control+End");
  }

  async expectHeadings(headings: string[]) {
    await expect(this.headings()).toHaveCount(headings.length);
    for (const [i, text] of headings.entries()) await expect(this.heading(i + 1)).toHaveText(text);
  }

  /** Puts `text` on the clipboard and pastes it with the keyboard, as a person does. */
  async paste(text: string) {
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await this.page.keyboard.press("Control+V");
  }
}

/** A person signed in, in a browser context of their own (the fixture closes it), that may use the clipboard. */
async function writerIn(as: (email: string) => Promise<Page>, email: string = DEMO.writer) {
  const page = await as(email);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  return new Writer(page);
}

async function draft(page: Page, data: Record<string, unknown>) {
  const created = await page.request.post("/api/v1/fact-checks", { data });
  expect(created.status()).toBe(201);
  return (await created.json()) as { id: string };
}

async function stored(page: Page, id: string) {
  return (await (await page.request.get(`/api/v1/fact-checks/${id}`)).json()) as {
    status: string;
    question: string;
    summary: unknown;
    sections: { heading: string; body: unknown }[];
    relatedQuestions: { text: string }[];
  };
}

/** Whether the element's centre is the element itself (or inside it), not something drawn over it, and inside the viewport. */
async function visibleOnTop(locator: Locator) {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (box.top < 0 || box.bottom > window.innerHeight || box.height === 0) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === el || el.contains(hit));
  });
}

test("typing right after Submit for review changes nothing: the editor is read-only at once and says why, and badge and panel agree", async ({ as }) => {
  test.setTimeout(60_000);
  const wren = await writerIn(as);
  const { id } = await draft(wren.page, {
    question: `Do school meals cut absences? ${unique()}`,
    summary: para("Some schools report fewer absences."),
    sections: [{ heading: "Attendance", body: para("Attendance rose by two points.") }],
  });
  await wren.open(id);

  await wren.page.getByRole("button", { name: "Submit for review" }).click();
  const dialog = wren.page.getByRole("dialog", { name: "Submit for review" });
  await dialog.getByRole("checkbox", { name: /Rhea Reviewer/ }).check();
  await dialog.getByRole("button", { name: "Submit to 1 reviewer" }).click();
  await expect(dialog).toBeHidden();

  // Straight on, no reload: she clicks into the section and types.
  await wren.body(1).click({ force: true });
  await wren.page.keyboard.type(" More text.");
  await expect(wren.body(1)).toHaveText("Attendance rose by two points.");
  await expect(wren.body(1)).toHaveAttribute("contenteditable", "false");
  await expect(wren.note()).toContainText("This check is in review, so it cannot be edited now.");
  await expect(wren.note().getByRole("button", { name: "Withdraw from review to edit" })).toBeVisible();
  await expect(wren.page.getByRole("heading", { level: 1 })).toHaveText("Fact-check (read only)");
  await expect(wren.page.locator("main header .badge")).toHaveText("In review");
  const panel = wren.page.getByRole("region", { name: "Review" });
  await expect(panel.locator(".badge").first()).toHaveText("In review");
  await expect(wren.page.getByRole("region", { name: /^Reviewers of revision/ })).toContainText("Rhea Reviewer Waiting");

  // The review stands, and the text is what was submitted.
  const check = await stored(wren.page, id);
  expect(check.status).toBe("in_review");
  expect(JSON.stringify(check.sections[0]!.body)).not.toContain("More text");

  // Withdrawing is the way back to editing.
  await wren.note().getByRole("button", { name: "Withdraw from review to edit" }).click();
  await expect(wren.body(1)).toHaveAttribute("contenteditable", "true");
  await expect(wren.page.locator("main header .badge")).toHaveText("Draft");
  expect((await stored(wren.page, id)).status).toBe("draft");
});

test("a reload right after typing keeps the text, stays editable and shows no conflict", async ({ as }) => {
  const wren = await writerIn(as);
  const { id } = await draft(wren.page, { question: `Are e-bikes safer than scooters? ${unique()}`, summary: para("Start.") });
  await wren.open(id);
  await wren.caretAtEnd(wren.summary());
  await wren.page.keyboard.type(" Typed just before the reload.");
  // No waiting for "Saved": the reload comes while it saves.
  await wren.page.reload();
  await expect(wren.summary()).toHaveText("Start. Typed just before the reload.");
  await expect(wren.summary()).toHaveAttribute("contenteditable", "true");
  await expect(wren.page.getByRole("heading", { level: 1 })).toHaveText("Edit fact-check");
  await expect(wren.status()).toHaveText(/^(Saved at|All changes saved)/);
  await expect(wren.page.getByRole("dialog")).toHaveCount(0);
  await expect(wren.page.getByText(/not saved|conflict/i)).toHaveCount(0);
  await expect.poll(async () => JSON.stringify((await stored(wren.page, id)).summary)).toContain("Typed just before the reload.");
});

for (const width of [1280, 390]) {
  test(`the save status stays in view, not covered, at the top and at the bottom of a long check (${width} px)`, async ({ as }) => {
    test.setTimeout(60_000);
    const wren = await writerIn(as);
    await wren.page.setViewportSize({ width, height: 800 });
    const { id } = await draft(wren.page, {
      question: `Do longer checks stay readable? ${unique()}`,
      summary: para("A summary."),
      sections: Array.from({ length: 12 }, (_, i) => ({ heading: `Part ${i + 1}`, body: para(`Body of part ${i + 1}. `.repeat(12)) })),
    });
    await wren.open(id);
    const status = wren.page.getByRole("status").filter({ hasText: /^(Saved at|All changes saved)/ });
    await expect(status).toBeVisible();
    expect(await visibleOnTop(status)).toBe(true);

    // At the bottom, after typing in the last section.
    await wren.caretAtEnd(wren.body(12));
    await wren.page.keyboard.type(" The end.");
    await wren.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(status).toHaveText(/^Saved at/);
    await expect.poll(() => visibleOnTop(status)).toBe(true);
    await expect(wren.page.getByRole("link", { name: /^Preview/ })).toBeInViewport();
  });
}

test("the review panel follows the check without a reload: deleting every section, adding one", async ({ as }) => {
  test.setTimeout(60_000);
  const wren = await writerIn(as);
  const source = await wren.page.request.post("/api/v1/sources", { data: { url: `https://stats.example.org/${unique()}`, title: "Transit statistics" } });
  const sourceId = ((await source.json()) as { id: string }).id;
  const cited = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }, { type: "citation", attrs: { sourceId } }] }] });
  const { id } = await draft(wren.page, {
    question: `Are trams faster than buses? ${unique()}`,
    summary: cited("Mostly."),
    claimReviewed: "Trams are faster than buses",
    verdict: "Mostly true",
    sections: [
      { heading: "Speed", body: cited("Trams average 19 km/h.") },
      { heading: "Stops", body: cited("Trams stop less often.") },
    ],
  });
  await wren.open(id);
  await expect(wren.gate().getByRole("heading")).toHaveText("Ready for approval");

  for (let i = 0; i < 2; i++) {
    await wren.page.getByRole("button", { name: "Delete section 1" }).click();
    await wren.page.getByRole("group", { name: "Undo" }).getByRole("button", { name: "Dismiss" }).click();
  }
  await expect(wren.headings()).toHaveCount(0);
  // The panel follows the server's store of the check (1.5 s after the last change), not each keystroke.
  await expect(wren.gate().getByRole("heading")).toHaveText("Before approval", { timeout: 15_000 });
  await expect(wren.gate()).toContainText("The check has no sections");

  await wren.page.getByRole("button", { name: "Add section" }).click();
  await wren.page.keyboard.type("Costs");
  const place = wren.page.getByRole("combobox", { name: "Comment on" });
  await expect(place.getByRole("option")).toHaveText(["Whole check", "Executive summary", "Section 1 · Costs"]);
  await expect(wren.gate()).toContainText("Section 1 (“Costs”) cites no source", { timeout: 15_000 });
});

test("long pasted text is cut only with a counter and a note that says what was left out", async ({ as }) => {
  test.setTimeout(60_000);
  const wren = await writerIn(as);
  const { id } = await draft(wren.page, { question: "Short question", sections: [{ heading: "", body: para("Body.") }] });
  await wren.open(id);

  // A 1,160-character question pasted over the old one.
  const long = `${"Is it true that ".repeat(18)}${"x".repeat(872)}`;
  expect(long.length).toBe(1160);
  await wren.question().click();
  await wren.page.keyboard.press("Control+A");
  await wren.paste(long);
  await expect(wren.question()).toHaveText(long.slice(0, 300));
  const field = wren.question().locator("xpath=ancestor::div[contains(@class, 'plainTextField')][1]");
  await expect(field.getByText("300 of 300 characters")).toBeVisible();
  const cut = field.getByRole("status");
  await expect(cut).toContainText("This field holds at most 300 characters: the first 300 pasted went in, and the last 860 were left out");
  await expect(cut).toContainText(`starting “${long.slice(300, 380)}…”`);
  await cut.getByRole("button", { name: "Copy what was left out" }).click();
  await expect(cut.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await wren.page.evaluate(() => navigator.clipboard.readText())).toBe(long.slice(300));

  // Typing at the limit adds nothing, and says so.
  await wren.caretAtEnd(wren.question());
  await wren.page.keyboard.type("?");
  await expect(wren.question()).toHaveText(long.slice(0, 300));
  await expect(cut).toContainText("what you typed beyond them was not added");

  // A heading pasted with line breaks: one line, cut at 200.
  const heading = `What the city's 2024 budget says\n${"about bus lanes ".repeat(14)}`;
  await wren.heading(1).click();
  await wren.paste(heading);
  const expected = heading.replace("\n", " ").slice(0, 200);
  await expect(wren.heading(1)).toHaveText(expected);
  await expect(wren.page.getByText("200 of 200 characters")).toBeVisible();

  await expect.poll(async () => (await stored(wren.page, id)).question).toBe(long.slice(0, 300));
  await expect.poll(async () => (await stored(wren.page, id)).sections[0]!.heading).toBe(expected);
});

test("Ctrl+Z undoes moves, additions and deletions in order with typing, and never someone else's move", async ({ as }) => {
  test.setTimeout(90_000);
  const wren = await writerIn(as);
  const staff = (await (await wren.page.request.get("/api/v1/users")).json()) as { data: { id: string; email: string }[] };
  const { id } = await draft(wren.page, {
    question: `Do bike lanes slow traffic? ${unique()}`,
    sections: [
      { heading: "Alpha", body: para("A.") },
      { heading: "Bravo", body: para("B.") },
      { heading: "Charlie", body: para("C.") },
    ],
    relatedQuestions: [{ text: "First related" }, { text: "Second related" }],
  });
  const wadeId = staff.data.find((u) => u.email === DEMO.writer2)!.id;
  expect((await wren.page.request.post(`/api/v1/fact-checks/${id}/collaborators`, { data: { userId: wadeId } })).status()).toBe(201);
  const wade = await writerIn(as, DEMO.writer2);
  await wren.open(id);
  await wade.open(id);

  // Wren edits Charlie's heading, then moves it up: Ctrl+Z takes back the move first, then the edit.
  await wren.caretAtEnd(wren.heading(3));
  await wren.page.keyboard.insertText(" edited");
  await wren.page.getByRole("button", { name: "Move section 3 up" }).click();
  await wren.expectHeadings(["Alpha", "Charlie edited", "Bravo"]);
  // Meanwhile Wade moves a related question: not Wren's to undo.
  await wade.page.getByRole("button", { name: "Move related question 2 up" }).click();
  await expect(wren.related(1)).toHaveText("Second related");

  await wren.page.keyboard.press("Control+z");
  await wren.expectHeadings(["Alpha", "Bravo", "Charlie edited"]);
  await expect(wren.related(1)).toHaveText("Second related");
  await wren.page.keyboard.press("Control+z");
  await wren.expectHeadings(["Alpha", "Bravo", "Charlie"]);
  await wade.expectHeadings(["Alpha", "Bravo", "Charlie"]);
  // Redo brings the edit back.
  await wren.page.keyboard.press("Control+Shift+z");
  await wren.expectHeadings(["Alpha", "Bravo", "Charlie edited"]);

  // An addition, typing in it, a deletion: undone last first, from inside a field too.
  await wren.page.getByRole("button", { name: "Add related question" }).click();
  // The new field takes the focus once its editor is up: typing waits for it, as a person sees the caret.
  await expect(wren.related(3)).toBeFocused();
  await wren.page.keyboard.insertText("Third related");
  await expect(wren.related(3)).toHaveText("Third related");
  await wren.page.getByRole("button", { name: "Delete section 1" }).click();
  await wren.expectHeadings(["Bravo", "Charlie edited"]);
  await wren.heading(1).click();
  await wren.page.keyboard.press("Control+z");
  await wren.expectHeadings(["Alpha", "Bravo", "Charlie edited"]);
  await wren.page.keyboard.press("Control+z");
  await expect(wren.related(3)).toHaveText("");
  await wren.page.keyboard.press("Control+z");
  await expect(wren.related(3)).toHaveCount(0);
  await expect(wren.related(1)).toHaveText("Second related");

  await expect.poll(async () => (await stored(wren.page, id)).sections.map((s) => s.heading)).toEqual(["Alpha", "Bravo", "Charlie edited"]);
  await expect.poll(async () => (await stored(wren.page, id)).relatedQuestions.map((q) => q.text)).toEqual(["Second related", "First related"]);
});

test("a long heading wraps like text, takes no line break, and only the focused field shows formatting controls", async ({ as }) => {
  const wren = await writerIn(as);
  const heading = "What the transport authority's own ridership figures, published every quarter since 2019, say about night buses";
  const { id } = await draft(wren.page, {
    question: `Do night buses pay for themselves? ${unique()}`,
    summary: para("Summary."),
    sections: [
      { heading, body: para("One.") },
      { heading: "Costs", body: para("Two.") },
    ],
  });
  await wren.page.setViewportSize({ width: 390, height: 844 });
  await wren.open(id);
  // All of it shows, on several lines.
  await expect(wren.heading(1)).toHaveText(heading);
  const box = (await wren.heading(1).boundingBox())!;
  const lineHeight = await wren.heading(1).evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  expect(box.height).toBeGreaterThan(lineHeight * 2);
  expect(await wren.heading(1).evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  // Enter adds no line.
  await wren.caretAtEnd(wren.heading(1));
  await wren.page.keyboard.press("Enter");
  await wren.page.keyboard.type("?");
  await expect(wren.heading(1)).toHaveText(`${heading}?`);
  await expect(wren.heading(1).locator("p")).toHaveCount(1);

  // No formatting controls while in a heading; those of the field being written only.
  const visibleToolbars = wren.page.getByRole("toolbar").filter({ visible: true });
  await expect(visibleToolbars).toHaveCount(0);
  await wren.body(2).click();
  await expect(visibleToolbars).toHaveCount(1);
  await expect(visibleToolbars).toHaveAccessibleName("Section 2 body formatting");
  await visibleToolbars.getByRole("button", { name: "Bold" }).click();
  await wren.page.keyboard.type("strong");
  await expect(wren.body(2).locator("strong")).toHaveText("strong");
  await wren.summary().click();
  await expect(visibleToolbars).toHaveAccessibleName("Executive summary formatting");
});

test("pasted [n] markers become citations once the writer says which source each number is", async ({ as }) => {
  test.setTimeout(60_000);
  const wren = await writerIn(as);
  const tag = unique();
  const [census, budget] = await Promise.all(
    ["Census of riders", "City budget"].map(async (title) => {
      const created = await wren.page.request.post("/api/v1/sources", { data: { url: `https://records.example.org/${tag}/${title.replace(/ /g, "-")}`, title: `${title} ${tag}` } });
      expect(created.status()).toBe(201);
      return ((await created.json()) as { id: string }).id;
    }),
  );
  const cite = (text: string, sourceId: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }, { type: "citation", attrs: { sourceId } }] }] });
  const { id } = await draft(wren.page, {
    question: `Did the fare cut raise ridership? ${tag}`,
    summary: cite("It did.", census!),
    sections: [
      { heading: "Budget", body: cite("The cut cost money.", budget!) },
      { heading: "Riders", body: { type: "doc", content: [{ type: "paragraph" }] } },
    ],
  });
  await wren.open(id);

  await wren.body(2).click();
  await wren.paste("Ridership rose by a fifth [1] while the subsidy grew [2]. Older studies disagree [7].");
  const offer = wren.page.getByRole("form", { name: "The pasted text has reference markers. Turn them into citations?" });
  await expect(offer).toBeVisible();
  // The numbers the check uses now are proposed; a number it does not use is left as text unless chosen.
  await expect(offer.getByLabel("[1] is")).toHaveValue(census!);
  await expect(offer.getByLabel("[2] is")).toHaveValue(budget!);
  await expect(offer.getByLabel("[7] is")).toHaveValue("");
  await offer.getByRole("button", { name: "Turn into citations" }).click();
  await expect(offer).toBeHidden();

  await expect(wren.body(2).locator("[data-citation-number]")).toHaveText(["[1]", "[2]"]);
  await expect(wren.body(2)).toContainText("Older studies disagree [7].");
  await expect
    .poll(async () => (await stored(wren.page, id)).sections[1]!.body)
    .toEqual({
        type: "doc",
        content: [
          {
            type: "paragraph",
            content: [
              { type: "text", text: "Ridership rose by a fifth " },
              { type: "citation", attrs: { sourceId: census } },
              { type: "text", text: " while the subsidy grew " },
              { type: "citation", attrs: { sourceId: budget } },
              { type: "text", text: ". Older studies disagree [7]." },
            ],
          },
        ],
      });

  // One Ctrl+Z gives the markers back as text.
  await wren.page.keyboard.press("Control+z");
  await expect(wren.body(2)).toHaveText("Ridership rose by a fifth [1] while the subsidy grew [2]. Older studies disagree [7].");
});

test("the claim, its verdict from the admin's list and where it appeared are set in the editor, shared live, listed before approval and on the publishing page", async ({ as }) => {
  test.setTimeout(120_000);
  const tag = unique();
  // The admin adds a verdict to the newsroom's list.
  const admin = await as(DEMO.admin);
  await admin.goto("/admin/settings");
  const form = admin.getByRole("form", { name: "Verdicts" });
  await form.getByLabel("Verdicts").fill("1 False\n2 Misleading\n3 Half true\n4 Mostly true\n5 True");
  await form.getByRole("button", { name: "Save verdicts" }).click();
  await expect(form.getByText("5 verdicts saved.")).toBeVisible();
  // A line that is not a rating and words is refused, and what was typed stays.
  await form.getByLabel("Verdicts").fill("1 False\nMisleading");
  await form.getByRole("button", { name: "Save verdicts" }).click();
  await expect(form.getByText("Line 2 (“Misleading”) must be a rating and the verdict's words, e.g. “1 False”")).toBeVisible();
  await expect(form.getByLabel("Verdicts")).toHaveValue("1 False\nMisleading");

  const wren = await writerIn(as);
  const staff = (await (await wren.page.request.get("/api/v1/users")).json()) as { data: { id: string; email: string }[] };
  const source = await wren.page.request.post("/api/v1/sources", { data: { url: `https://budget.example.org/${tag}`, title: `Budget ${tag}` } });
  const sourceId = ((await source.json()) as { id: string }).id;
  const cited = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }, { type: "citation", attrs: { sourceId } }] }] });
  const { id } = await draft(wren.page, {
    question: `Did the mayor double the parks budget? ${tag}`,
    summary: cited("It rose by a third."),
    sections: [{ heading: "Figures", body: cited("The budget went from 30 to 40 million.") }],
  });
  expect((await wren.page.request.post(`/api/v1/fact-checks/${id}/collaborators`, { data: { userId: staff.data.find((u) => u.email === DEMO.writer2)!.id } })).status()).toBe(201);
  const wade = await writerIn(as, DEMO.writer2);
  await wren.open(id);
  await wade.open(id);

  // Before approval says what ClaimReview lacks, without blocking approval.
  await expect(wren.gate()).toContainText("No claim reviewed is given");
  await expect(wren.gate()).toContainText("No verdict is chosen");

  await wren.page.getByRole("textbox", { name: "Claim reviewed" }).click();
  await wren.page.keyboard.type("The mayor doubled the parks budget");
  await wren.page.getByLabel("Verdict").selectOption("Misleading");
  await expect(wren.page.getByText("Rated 2 on the newsroom's scale from 1 (worst) to 5 (best).")).toBeVisible();
  await wren.page.getByRole("textbox", { name: "Where the claim appeared" }).click();
  await wren.page.keyboard.type("https://social.example.org/mayor/post/1");

  // Wade sees all of it as it is set.
  await expect(wade.page.getByRole("textbox", { name: "Claim reviewed" })).toHaveText("The mayor doubled the parks budget");
  await expect(wade.page.getByLabel("Verdict")).toHaveValue("Misleading");
  await expect(wade.page.getByRole("textbox", { name: "Where the claim appeared" })).toHaveText("https://social.example.org/mayor/post/1");

  await expect.poll(async () => {
    const check = (await (await wren.page.request.get(`/api/v1/fact-checks/${id}`)).json()) as { claimReviewed: string | null; verdict: string | null; claimAppearance: string | null };
    return [check.claimReviewed, check.verdict, check.claimAppearance];
  }).toEqual(["The mayor doubled the parks budget", "Misleading", "https://social.example.org/mayor/post/1"]);
  await expect(wren.gate().getByRole("heading")).toHaveText("Ready for approval");

  // Reviewed, approved, and on the publishing page; published with the rating.
  const reviewer = await as(DEMO.reviewer);
  const reviewerId = staff.data.find((u) => u.email === DEMO.reviewer)!.id;
  expect((await wren.page.request.post(`/api/v1/fact-checks/${id}/submit`, { data: { reviewerIds: [reviewerId] } })).status()).toBe(200);
  expect((await reviewer.request.post(`/api/v1/fact-checks/${id}/reviews`, { data: { decision: "approve" } })).status()).toBe(200);
  const editor = await as(DEMO.editor);
  await editor.goto(`/desk/fact-checks/${id}/publish`);
  const claim = editor.getByRole("region", { name: "The claim" });
  await expect(claim).toContainText("The mayor doubled the parks budget");
  await expect(claim).toContainText("Misleading · rated 2 from 1 (worst) to 5 (best)");
  await expect(claim.getByRole("link", { name: "https://social.example.org/mayor/post/1" })).toBeVisible();
  await expect(claim.getByRole("note", { name: "ClaimReview incomplete" })).toHaveCount(0);
  const published = await editor.request.post(`/api/v1/fact-checks/${id}/publish`, { data: {} });
  expect(published.status()).toBe(201);
  const { slug } = (await (await editor.request.get(`/api/v1/fact-checks/${id}`)).json()) as { slug: string };
  const html = await (await editor.request.get(`/fact-checks/${slug}`)).text();
  const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as { reviewRating: unknown; itemReviewed: unknown; claimReviewed: string };
  expect(ld.claimReviewed).toBe("The mayor doubled the parks budget");
  expect(ld.reviewRating).toEqual({ "@type": "Rating", alternateName: "Misleading", ratingValue: 2, bestRating: 5, worstRating: 1 });
  expect(ld.itemReviewed).toEqual({ "@type": "Claim", appearance: [{ "@type": "CreativeWork", url: "https://social.example.org/mayor/post/1" }] });
});

test("the editor's page shows the check as it will be edited before any script runs, with the review panel beside it", async ({ as, browser }, testInfo) => {
  const wren = await writerIn(as);
  const { id } = await draft(wren.page, {
    question: `Do night buses pay for themselves? ${unique()}`,
    summary: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Mostly " }, { type: "text", text: "not", marks: [{ type: "bold" }] }, { type: "text", text: ", the figures say." }] }] },
    sections: [
      { heading: "Ridership", body: para("Ridership rose by a fifth.") },
      { heading: "Costs", body: para("Costs rose too.") },
    ],
    relatedQuestions: [{ text: "Do day buses?" }],
  });
  // The same person, in a browser that runs no script at all: what the server sent is all there is.
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, javaScriptEnabled: false, storageState: await wren.page.context().storageState() });
  try {
    const page = await context.newPage();
    await page.goto(`/desk/fact-checks/${id}`);
    const reader = new Writer(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit fact-check");
    await expect(reader.question()).toHaveText(/^Do night buses pay for themselves\?/);
    await expect(reader.summary()).toHaveText("Mostly not, the figures say.");
    await expect(reader.summary().locator("strong")).toHaveText("not");
    await expect(reader.heading(2)).toHaveText("Costs");
    await expect(reader.body(1)).toHaveText("Ridership rose by a fifth.");
    await expect(reader.related(1)).toHaveText("Do day buses?");
    // Read-only until the editor takes over, and said to be.
    await expect(reader.body(1)).toHaveAttribute("aria-readonly", "true");
    await expect(reader.body(1)).not.toHaveAttribute("contenteditable", "true");
    await expect(reader.status()).toHaveText("Connecting…");
    // What does not need the editor is there already: Preview, the review panel, sharing.
    await expect(page.getByRole("link", { name: /^Preview/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Submit for review" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Share" })).toBeVisible();
    // The first rendering waits until the whole first view is read (never a paragraph painted cut short):
    // the head holds it until the element that ends the first view, after its last field and after the side column's
    // sources panel (never a source painted cut short), is there.
    await expect(page.locator('head link[rel="expect"][blocking="render"]')).toHaveAttribute("href", "#first-view-end");
    const order = await page.evaluate(() => {
      const end = document.getElementById("first-view-end");
      const related = document.querySelector('[data-first-view] [role="textbox"][aria-labelledby^="related-"]');
      const sidePanel = document.getElementById("check-sources-side");
      const follows = (el: Element | null) => (end && el ? (el.compareDocumentPosition(end) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 : null);
      return { afterFields: follows(related), afterSidePanel: follows(sidePanel) };
    });
    expect(order).toEqual({ afterFields: true, afterSidePanel: true });
    // Drawn in the HTML, and not again in the page's payload for scripts (first-view-handoff.ts): the section's text is there once.
    const html = await (await page.request.get(`/desk/fact-checks/${id}`)).text();
    expect(html.split("Ridership rose by a fifth.").length - 1).toBe(1);
    // So is the live state the editor opens on: once, in the data block beside the first view, not in the payload.
    const state = await page.locator("script#first-view-state").textContent();
    expect(state).toMatch(/^[A-Za-z0-9+/]{100,}={0,2}$/);
    expect(html.split(state!).length - 1).toBe(1);
    expect(await page.locator("script#first-view-state").getAttribute("type")).toBe("application/octet-stream");
  } finally {
    await context.close();
  }
});

/**
 * A new draft of one section, by the demo writer, opened in its editor with the
 * scripts the page names and the rest (the editing engine, asked for
 * afterwards) held until `letThrough` is called. The engine's whole load then
 * waits inside the test.
 */
async function draftHoldingEngine(as: (email: string) => Promise<Page>, question: string, section: { heading: string; body: string }) {
  test.setTimeout(60_000);
  const wren = await writerIn(as);
  const { id } = await draft(wren.page, {
    question: `${question} ${unique()}`,
    summary: para("Summary."),
    sections: [{ heading: section.heading, body: para(section.body) }],
  });
  return { wren, id, letThrough: await openHoldingEngine(wren.page, id) };
}

/**
 * Whether a script or style of the editor's page at `url` is the editing engine's: one the page names only as
 * a preload (lib/engine-chunks.mjs), or asked for once its code runs.
 */
async function engineFiles(page: Page, url: string): Promise<(file: string) => boolean> {
  const named = await (await page.request.get(url)).text();
  const preloaded = new Set(engineChunks());
  expect(preloaded.size).toBeGreaterThan(0);
  return (file) => preloaded.has(file) || !named.includes(file);
}

async function openHoldingEngine(page: Page, id: string): Promise<() => void> {
  const url = `/desk/fact-checks/${id}`;
  const isEngine = await engineFiles(page, url);
  let letThrough!: () => void;
  const through = new Promise<void>((resolve) => (letThrough = resolve));
  await page.route("**/_next/static/chunks/**", async (route) => {
    if (isEngine(new URL(route.request().url()).pathname)) await through;
    await route.continue();
  });
  // Not to the load event: that waits for the preloads held here.
  await page.goto(url, { waitUntil: "domcontentloaded" });
  return letThrough;
}

test("a click and keys in a field before the editor arrives are typed into it, in order, once it does", async ({ as }) => {
  const { wren, id, letThrough } = await draftHoldingEngine(as, "Are trams quieter than buses?", { heading: "Noise", body: "Trams are quieter." });
  await expect(wren.body(1)).toHaveText("Trams are quieter.");
  await expect(wren.body(1)).toHaveAttribute("aria-readonly", "true");

  await wren.body(1).click();
  await wren.page.keyboard.press("Control+End");
  await wren.page.keyboard.type(" By half.");
  await wren.page.keyboard.press("Enter");
  await wren.page.keyboard.type("Buses are not.");
  // Nothing shown as typed yet, nothing lost: the editor is not there.
  await expect(wren.body(1)).toHaveText("Trams are quieter.");
  await expect(wren.status()).toHaveText("Connecting…");

  letThrough();
  // All of the engine loads from here, on a machine that may be busy.
  await expect(wren.body(1)).toHaveAttribute("contenteditable", "true", { timeout: 15_000 });
  await expect(wren.body(1).locator("p")).toHaveText(["Trams are quieter. By half.", "Buses are not."]);
  await expect(wren.body(1)).toBeFocused();
  // The caret stays where the typing left it: the next keys follow on.
  await wren.page.keyboard.type(" Trolleybuses too.");
  await expect(wren.body(1).locator("p")).toHaveText(["Trams are quieter. By half.", "Buses are not. Trolleybuses too."]);
  await expect
    .poll(async () => (await stored(wren.page, id)).sections[0]!.body)
    .toEqual({ type: "doc", content: [para("Trams are quieter. By half.").content[0], para("Buses are not. Trolleybuses too.").content[0]] });
});

test("the editor's shortcuts pressed before it arrives are given to it with the keys, and Cite opens its picker", async ({ as }) => {
  const { wren, id, letThrough } = await draftHoldingEngine(as, "Are cable cars cheaper than trams?", { heading: "Costs", body: "Cable cars cost less." });
  await expect(wren.body(1)).toHaveAttribute("aria-readonly", "true");

  await wren.body(1).click();
  await wren.page.keyboard.press("Control+End");
  await wren.page.keyboard.type(" Per ");
  await wren.page.keyboard.press("Control+B");
  await wren.page.keyboard.type("kilometre");
  await wren.page.keyboard.press("Control+B");
  await wren.page.keyboard.press("Enter");
  // A numbered list (Shift+7 types "&" here: the key is what counts), then Cite, whose picker takes what follows.
  await wren.page.keyboard.press("Control+Shift+7");
  await wren.page.keyboard.type("Lines");
  await wren.page.keyboard.press("Control+Shift+K");
  await wren.page.keyboard.type("budget");
  await expect(wren.body(1)).toHaveText("Cable cars cost less.");

  letThrough();
  await expect(wren.body(1)).toHaveAttribute("contenteditable", "true", { timeout: 15_000 });
  await expect(wren.body(1).locator("p").first()).toHaveText("Cable cars cost less. Per kilometre");
  await expect(wren.body(1).locator("p").first().locator("strong")).toHaveText("kilometre");
  await expect(wren.body(1).locator("ol > li")).toHaveText(["Lines"]);
  // Cite opened its picker where the caret was; the keys typed after it were the picker's, not the field's.
  const picker = wren.page.getByRole("dialog", { name: "Cite a source" });
  await expect(picker).toBeVisible();
  await expect(picker.getByRole("searchbox", { name: "Search the library" })).toBeFocused();
  await expect(wren.body(1)).not.toContainText("budget");
  await wren.page.keyboard.press("Escape");
  await expect(picker).toBeHidden();
  await expect(wren.body(1)).toBeFocused();
  await expect
    .poll(async () => ((await stored(wren.page, id)).sections[0]!.body as { content: { type: string }[] }).content.map((node) => node.type))
    // The editor keeps a paragraph after a list at the end, as it does when the list is made with the editor there.
    .toEqual(["paragraph", "orderedList", "paragraph"]);
});

test("in a plain-text field before the editor arrives, Ctrl+K is not Link's and the keys after it are kept", async ({ as }) => {
  const { wren, letThrough } = await draftHoldingEngine(as, "Are funiculars cheaper than lifts?", { heading: "Costs", body: "Funiculars cost more." });
  await expect(wren.heading(1)).toHaveAttribute("aria-readonly", "true");
  await wren.heading(1).click();
  await wren.page.keyboard.press("End");
  await wren.page.keyboard.press("Control+K");
  await wren.page.keyboard.type(" and fares");
  letThrough();
  await expect(wren.heading(1)).toHaveAttribute("contenteditable", "true", { timeout: 15_000 });
  await expect(wren.heading(1)).toHaveText("Costs and fares");
  await expect(wren.page.getByRole("dialog")).toHaveCount(0);
});

test("the text does not move when the editor takes over: spaces are drawn in the first view as the editor draws them", async ({ as }) => {
  const { wren, letThrough } = await draftHoldingEngine(as, "Do ferries run late?", { heading: "Timetables", body: " Ferries left late.  Most arrived on time." });
  /** Where "Most" is drawn in Section 1's body: two spaces before it, and one at the start. */
  const mostAt = () =>
    wren.body(1).evaluate((field) => {
      const walker = document.createTreeWalker(field, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf("Most");
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 4);
        const { x, y } = range.getBoundingClientRect();
        return { x, y };
      }
      return null;
    });
  await expect(wren.body(1)).toHaveAttribute("aria-readonly", "true");
  const before = await mostAt();
  expect(before, "Most in the first view").not.toBeNull();
  letThrough();
  await expect(wren.body(1)).toHaveAttribute("contenteditable", "true", { timeout: 15_000 });
  const after = await mostAt();
  expect(Math.abs(after!.x - before!.x), `"Most" at x ${before!.x} in the first view, ${after!.x} in the editor`).toBeLessThan(0.5);
  expect(Math.abs(after!.y - before!.y), `"Most" at y ${before!.y} in the first view, ${after!.y} in the editor`).toBeLessThan(0.5);
});

test("a long check: nothing in view moves when the editor takes over after scrolling, and sections off screen are laid out only once drawn", async ({ as }) => {
  test.setTimeout(60_000);
  const wren = await writerIn(as);
  // Sections of different lengths, so that one counted as the default height would move what follows it.
  const sections = Array.from({ length: 24 }, (_, i) => ({ heading: `Part ${i + 1}`, body: para(`Finding ${i + 1}. ${"The figures hold. ".repeat(1 + (i % 5) * 6)}`) }));
  const { id } = await draft(wren.page, { question: `Do long ferries pay? ${unique()}`, summary: para("Summary."), sections });
  const letThrough = await openHoldingEngine(wren.page, id);
  await expect(wren.body(14)).toHaveAttribute("aria-readonly", "true");
  // Scrolled down to section 14 while the engine loads, a screen at a time: the sections above it were drawn on the way
  // (each then counts with its own height, no longer an estimate).
  await wren.body(14).evaluate(async (field) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    while (field.getBoundingClientRect().top > innerHeight / 2) {
      scrollBy(0, innerHeight / 2);
      await frame();
    }
    field.scrollIntoView({ block: "start" });
    await frame();
  });
  const top = () => wren.body(14).evaluate((field) => field.getBoundingClientRect().top);
  const before = await top();
  letThrough();
  await expect(wren.body(14)).toHaveAttribute("contenteditable", "true", { timeout: 15_000 });
  expect(Math.abs((await top()) - before), `section 14 at ${before} in the first view`).toBeLessThan(0.5);
  // A section far from the view keeps its stand-ins, and is not laid out until it comes near; one with its editors is like any other.
  const section = (n: number) => wren.page.locator("li[data-section-id]").nth(n - 1);
  await expect(section(1).locator("[data-first-view-field]")).not.toHaveCount(0);
  expect(await section(1).evaluate((el) => getComputedStyle(el).contentVisibility)).toBe("auto");
  expect(await section(14).evaluate((el) => getComputedStyle(el).contentVisibility)).toBe("visible");
  // Scrolled to, it gets its editors.
  await wren.body(1).evaluate((field) => field.scrollIntoView({ block: "center" }));
  await expect(wren.body(1)).toHaveAttribute("contenteditable", "true");
  await expect.poll(() => section(1).evaluate((el) => getComputedStyle(el).contentVisibility)).toBe("visible");
  await wren.caretAtEnd(wren.body(1));
  await wren.page.keyboard.type("Checked.");
  await expect(wren.body(1)).toContainText("The figures hold. Checked.");
});

test("when the editor's code cannot be loaded, the page says so and still shows the check", async ({ as }) => {
  const wren = await writerIn(as);
  const { id } = await draft(wren.page, {
    question: `Are ferries cheaper than bridges? ${unique()}`,
    summary: para("Summary."),
    sections: [{ heading: "Costs", body: para("Ferries cost less to start.") }],
  });
  const url = `/desk/fact-checks/${id}`;
  // The scripts the page needs load; the editing engine's fail.
  const isEngine = await engineFiles(wren.page, url);
  await wren.page.route("**/_next/static/chunks/**", (route) => (isEngine(new URL(route.request().url()).pathname) ? route.abort() : route.continue()));
  await wren.page.goto(url);
  await expect(wren.page.getByRole("alert").filter({ hasText: "could not be loaded" })).toHaveText("The editor could not be loaded. Check your connection and reload the page.");
  await expect(wren.body(1)).toHaveText("Ferries cost less to start.");
  await expect(wren.body(1)).toHaveAttribute("aria-readonly", "true");
  // What does not need the engine still works.
  await expect(wren.page.getByRole("button", { name: "Submit for review" })).toBeEnabled();
});

test("the editor takes over the first view in one step, and draws no field's text twice once it is on the page", async ({ as }) => {
  const wren = await writerIn(as);
  const { id } = await draft(wren.page, {
    question: `Do cycle lanes slow traffic? ${unique()}`,
    summary: para("Summary."),
    sections: [
      { heading: "Speeds", body: para("Speeds fell a little.") },
      { heading: "Journeys", body: { type: "doc", content: [para("Journeys took as long.").content[0], para("Some took less.").content[0]] } },
    ],
  });
  // What changes in the page once the server's HTML is in: the first view's fields added or removed,
  // and children of an editable area taken out (its text drawn again) once that area is on the page.
  await wren.page.addInitScript(() => {
    const seen = { firstViewAdded: 0, firstViewRemoved: 0, redrawn: 0, bothShown: 0 };
    Object.assign(window, { __seen: seen });
    // The first view's fields (not the editor's stand-ins, which carry the same mark until their editors are made).
    const hasFirstView = (node: Node) => node instanceof Element && (node.closest("[data-first-view]") !== null || node.querySelector("[data-first-view]") !== null);
    document.addEventListener("DOMContentLoaded", () =>
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) if (hasFirstView(node)) seen.firstViewAdded++;
          for (const node of record.removedNodes) if (hasFirstView(node)) seen.firstViewRemoved++;
          if (record.target instanceof Element && record.target.classList.contains("ProseMirror")) seen.redrawn += record.removedNodes.length;
        }
        // Never a section shown twice: the first view's and the editor's at once.
        const shown = (sections: Element[]) => sections.some((el) => el.checkVisibility());
        const sections = [...document.querySelectorAll("[data-section-id]")];
        if (shown(sections.filter((el) => el.closest("[data-first-view]"))) && shown(sections.filter((el) => !el.closest("[data-first-view]")))) seen.bothShown++;
      }).observe(document.body, { childList: true, subtree: true }),
    );
  });
  await wren.open(id);
  await expect(wren.body(2)).toHaveAttribute("contenteditable", "true");
  await expect(wren.body(2).locator("p")).toHaveText(["Journeys took as long.", "Some took less."]);
  await expect(wren.page.locator("[data-first-view-field]")).toHaveCount(0);
  const seen = await wren.page.evaluate(() => (window as unknown as { __seen: { firstViewAdded: number; firstViewRemoved: number; redrawn: number; bothShown: number } }).__seen);
  // Drawn by the server, kept in place while the engine loads, removed once when the fields take its place.
  expect(seen.firstViewAdded).toBe(0);
  expect(seen.firstViewRemoved).toBeGreaterThan(0);
  expect(seen.bothShown).toBe(0);
  // Each field's editor draws its text before it is shown, and not again on showing it.
  expect(seen.redrawn).toBe(0);
  // Still a working editor.
  await wren.caretAtEnd(wren.body(1));
  await wren.page.keyboard.type(" Then rose.");
  await expect(wren.body(1)).toHaveText("Speeds fell a little. Then rose.");
  await expect.poll(async () => (await stored(wren.page, id)).sections[0]!.body).toEqual(para("Speeds fell a little. Then rose."));
});
