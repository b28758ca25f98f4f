/**
 * Several people in one check at once, each in a browser context of their own:
 * typing interleaved in one paragraph and in different sections, citations
 * numbered alike for everyone, presence, the check turning read-only when it is
 * submitted, an API edit reaching open editors, and offline edits merging.
 */
import type { Browser, BrowserContext, Page } from "@playwright/test";
import * as Y from "yjs";
import { docToContent, type LiveContent } from "../lib/collab/document";
import { DEMO, expect, signedInPage, test } from "./fixtures";

const unique = () => crypto.randomUUID().slice(0, 8);
const para = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

/** One person's editor of the check, as they see it. */
class LiveEditor {
  constructor(readonly page: Page) {}
  question = () => this.page.getByRole("textbox", { name: "Question", exact: true });
  topic = () => this.page.getByRole("textbox", { name: "Topic", exact: true });
  summary = () => this.page.getByRole("textbox", { name: "Executive summary" });
  body = (n: number) => this.page.getByRole("textbox", { name: `Section ${n} body` });
  heading = (n: number) => this.page.getByRole("textbox", { name: `Section ${n} heading` });
  status = () => this.page.getByRole("status").filter({ hasText: /^(Saved at|Saving|Offline|Connecting|All changes|Not saved)/ });
  presence = () => this.page.getByRole("region", { name: "Who else is editing" });
  inSection = (n: number) => this.page.getByRole("list", { name: `In section ${n} now` });

  async open(id: string) {
    await this.page.goto(`/desk/fact-checks/${id}`);
    // The editor appears once its live document is here (from the server, or this browser's copy): on a busy
    // machine, a check of 40 sections takes seconds (the opening time is measured by bench/, not here).
    await expect(this.summary()).toBeVisible({ timeout: 20_000 });
    await expect(this.status()).not.toHaveText(/Connecting/, { timeout: 20_000 });
  }

  /** Puts the caret at the end of a field's text. */
  async caretAtEnd(field: ReturnType<LiveEditor["body"]>) {
    await field.click();
    await this.page.keyboard.press("Control+End");
  }
}

/**
 * A draft the demo writer owns (a short one, unless `content` is given), with
 * Wade Writer as co-writer; Eddie Editor may edit it too (an editor).
 */
async function sharedDraft(writer: Page, content?: Record<string, unknown>) {
  const tag = unique();
  const response = await writer.request.post("/api/v1/fact-checks", {
    data: content ?? {
      question: `Do night buses cut late-shift commutes? ${tag}`,
      summary: para("Night buses shorten some trips."),
      sections: [
        { heading: "Routes", body: para("Four routes run all night.") },
        { heading: "Riders", body: para("Most riders work late shifts.") },
      ],
    },
  });
  expect(response.status()).toBe(201);
  const check = (await response.json()) as { id: string };
  const staff = (await (await writer.request.get("/api/v1/users")).json()) as { data: { id: string; email: string }[] };
  const wade = staff.data.find((u) => u.email === DEMO.writer2)!;
  expect((await writer.request.post(`/api/v1/fact-checks/${check.id}/collaborators`, { data: { userId: wade.id } })).status()).toBe(201);
  return { id: check.id, tag };
}

/** The contexts a test opened, closed after it: people left in a check would keep typing into later tests' machine time. */
const opened: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((context) => context.close().catch(() => {})));
});

/** Each person in a browser context of their own, signed in one after the other. */
async function people(browser: Browser, emails: string[]) {
  const editors: LiveEditor[] = [];
  for (const email of emails) {
    const page = await signedInPage(browser, email);
    opened.push(page.context());
    editors.push(new LiveEditor(page));
  }
  return editors;
}

async function storedCheck(page: Page, id: string) {
  return (await (await page.request.get(`/api/v1/fact-checks/${id}`)).json()) as {
    version: number;
    topic: string | null;
    summary: unknown;
    sections: { heading: string; body: unknown }[];
    status: string;
  };
}

test("three people typing interleaved in one paragraph and in different sections converge, and it is stored", async ({ browser }) => {
  test.setTimeout(90_000);
  const [wren, wade, eddie] = await people(browser, [DEMO.writer, DEMO.writer2, DEMO.editor]);
  const { id } = await sharedDraft(wren!.page);
  for (const person of [wren!, wade!, eddie!]) await person.open(id);

  // Everyone sees the others.
  await expect(wren!.presence()).toContainText("Wade Writer");
  await expect(wren!.presence()).toContainText("Eddie Editor");

  // Wren and Wade in the same paragraph of section 1, Eddie in section 2.
  await wren!.caretAtEnd(wren!.body(1));
  await wade!.caretAtEnd(wade!.body(1));
  await eddie!.caretAtEnd(eddie!.body(2));
  for (let i = 0; i < 12; i++) {
    await wren!.page.keyboard.type("w");
    await wade!.page.keyboard.type("x");
    await eddie!.page.keyboard.type("e");
  }
  for (const person of [wren!, wade!, eddie!]) {
    await expect(person.body(1)).toHaveText(/^Four routes run all night\.[wx]{24}$/);
    await expect(person.body(2)).toHaveText(`Most riders work late shifts.${"e".repeat(12)}`);
  }
  const first = await wren!.body(1).textContent();
  await expect(wade!.body(1)).toHaveText(first!);
  await expect(eddie!.body(1)).toHaveText(first!);
  expect(first!.match(/w/g)).toHaveLength(12);
  expect(first!.match(/x/g)).toHaveLength(12);

  // What everyone sees is what is stored.
  await expect(wren!.status()).toHaveText(/^Saved at/);
  await expect.poll(async () => JSON.stringify((await storedCheck(wren!.page, id)).sections[0]!.body)).toContain(first!);
  await expect.poll(async () => JSON.stringify((await storedCheck(wren!.page, id)).sections[1]!.body)).toContain("e".repeat(12));

  // Someone leaving disappears from the others' presence.
  await eddie!.page.context().close();
  await expect(wren!.presence()).not.toContainText("Eddie Editor");
  await expect(wren!.presence()).toContainText("Wade Writer");
});

test("presence shows who is in which section, with their caret; citations number alike for everyone", async ({ browser }) => {
  test.setTimeout(60_000);
  const [wren, wade] = await people(browser, [DEMO.writer, DEMO.writer2]);
  const { id, tag } = await sharedDraft(wren!.page);
  const sources = await Promise.all(
    ["Night bus ridership report", "Late shift survey"].map(async (title) => {
      const created = await wren!.page.request.post("/api/v1/sources", { data: { url: `https://transit.example.org/${tag}/${title.replace(/ /g, "-")}`, title: `${title} ${tag}` } });
      expect(created.status()).toBe(201);
      return (await created.json()) as { id: string; title: string };
    }),
  );
  await wren!.open(id);
  await wade!.open(id);

  await wade!.caretAtEnd(wade!.body(2));
  await expect(wren!.inSection(2)).toContainText("Wade Writer");
  await expect(wren!.body(2).locator(".live-caret")).toHaveAttribute("data-name", "Wade Writer");

  // Wade cites in section 2, Wren in the summary: the summary's comes first, for both.
  const cite = async (person: LiveEditor, field: ReturnType<LiveEditor["body"]>, title: string) => {
    await person.caretAtEnd(field);
    await person.page.keyboard.press("Control+Shift+K");
    const picker = person.page.getByRole("dialog", { name: "Cite a source" });
    // Typing waits for the picker's search to have the focus (under load the dialog opens a beat later).
    await expect(picker.getByLabel("Search the library")).toBeFocused();
    await person.page.keyboard.type(title);
    await picker.getByRole("button", { name: new RegExp(title) }).click();
    await expect(picker).toBeHidden();
  };
  await cite(wade!, wade!.body(2), sources[0]!.title);
  await cite(wren!, wren!.summary(), sources[1]!.title);
  for (const person of [wren!, wade!]) {
    await expect(person.summary().locator("[data-citation-number]")).toHaveText(["[1]"]);
    await expect(person.body(2).locator("[data-citation-number]")).toHaveText(["[2]"]);
  }
});

test("submitting for review makes open editors read-only at once; an API edit reaches open editors", async ({ browser }) => {
  test.setTimeout(60_000);
  const [wren, wade] = await people(browser, [DEMO.writer, DEMO.writer2]);
  const { id } = await sharedDraft(wren!.page);
  await wren!.open(id);
  await wade!.open(id);

  // A script (the API) changes the topic: both editors show it.
  const current = await storedCheck(wren!.page, id);
  const patched = await wren!.page.request.patch(`/api/v1/fact-checks/${id}`, { data: { version: current.version, topic: "Transport" } });
  expect(patched.status()).toBe(200);
  await expect(wren!.topic()).toHaveText("Transport");
  await expect(wade!.topic()).toHaveText("Transport");

  const staff = (await (await wren!.page.request.get("/api/v1/users")).json()) as { data: { id: string; email: string }[] };
  const reviewer = staff.data.find((u) => u.email === DEMO.reviewer)!;
  expect((await wren!.page.request.post(`/api/v1/fact-checks/${id}/submit`, { data: { reviewerIds: [reviewer.id] } })).status()).toBe(200);
  await expect(wade!.body(1)).toHaveAttribute("contenteditable", "false");
  await expect(wade!.page.getByRole("note")).toContainText("This check is in review, so it cannot be edited now.");
  await expect(wade!.page.getByRole("button", { name: "Add section" })).toHaveCount(0);

  // Withdrawing it makes everyone's editor writable again.
  await wren!.page.getByRole("button", { name: "Withdraw from review to edit" }).click();
  await expect(wade!.body(1)).toHaveAttribute("contenteditable", "true");
  await expect(wren!.body(1)).toHaveAttribute("contenteditable", "true");
  expect((await storedCheck(wren!.page, id)).status).toBe("draft");
});

test("opening a check changes nothing in it: a URL written without a link, there or by the API while it is open, stays as it was written", async ({ browser }) => {
  test.setTimeout(60_000);
  const [wren] = await people(browser, [DEMO.writer]);
  const bare = (url: string) => ({
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: `The report is at ${url}` }] },
      { type: "paragraph", content: [{ type: "text", text: "It was published in May." }] },
    ],
  });
  const created = await wren!.page.request.post("/api/v1/fact-checks", {
    data: { question: `Did the report say so? ${unique()}`, summary: bare("https://reports.example.org/2026"), sections: [{ heading: "The report", body: para("It says so.") }] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const before = await storedCheck(wren!.page, id);

  await wren!.open(id);
  await expect(wren!.summary()).toContainText("The report is at https://reports.example.org/2026");
  await expect(wren!.body(1)).toHaveAttribute("contenteditable", "true");
  // A script (the API) writes another such URL into the open check.
  const patched = await wren!.page.request.patch(`/api/v1/fact-checks/${id}`, {
    data: { version: before.version, sections: [{ heading: "The report", body: bare("https://data.example.org/table-4") }] },
  });
  expect(patched.status()).toBe(200);
  await expect(wren!.body(1)).toContainText("https://data.example.org/table-4");
  // Time for any change the editor would make of its own to be saved (a save follows a change within a second or so).
  await wren!.page.waitForTimeout(3_000);
  await expect(wren!.summary().locator("a")).toHaveCount(0);
  await expect(wren!.body(1).locator("a")).toHaveCount(0);
  const after = await storedCheck(wren!.page, id);
  expect(after.version).toBe(before.version + 1);
  expect(after.summary).toEqual(before.summary);
  expect(JSON.stringify(after.sections[0]!.body)).not.toContain('"link"');

  // What she types herself still becomes a link as she types it.
  await wren!.caretAtEnd(wren!.body(1));
  await wren!.page.keyboard.type(" See also https://typed.example.org/notes ");
  await expect(wren!.body(1).locator('a[href="https://typed.example.org/notes"]')).toHaveCount(1);
  await expect.poll(async () => JSON.stringify((await storedCheck(wren!.page, id)).sections[0]!.body)).toContain("https://typed.example.org/notes");
  expect(JSON.stringify((await storedCheck(wren!.page, id)).sections[0]!.body)).toMatch(/"link"[^}]*"href":"https:\/\/typed\.example\.org\/notes"/);
});

/**
 * Cuts a page off the live server, as a lost connection does (the browser's
 * offline switch leaves open WebSockets open): its live WebSocket closes, and
 * reconnecting fails until `online()`.
 */
async function cuttable(page: Page) {
  let offline = false;
  const open = new Set<{ close: () => Promise<void> }>();
  await page.routeWebSocket(/\/collab$/, (ws) => {
    if (offline) return void ws.close();
    ws.connectToServer();
    open.add(ws);
  });
  return {
    async offline() {
      offline = true;
      await page.context().setOffline(true);
      for (const ws of open) await ws.close();
      open.clear();
    },
    async online() {
      offline = false;
      await page.context().setOffline(false);
    },
  };
}

/** Both open check `id`, then both go offline: their lines, to bring them back. */
async function openBothOffline(one: LiveEditor, other: LiveEditor, id: string) {
  const lines = [await cuttable(one.page), await cuttable(other.page)] as const;
  await one.open(id);
  await other.open(id);
  for (const line of lines) await line.offline();
  return lines;
}

test("edits made offline on both sides merge when they are back, and survive a reload in between", async ({ browser }) => {
  test.setTimeout(60_000);
  const [wren, wade] = await people(browser, [DEMO.writer, DEMO.writer2]);
  const { id } = await sharedDraft(wren!.page);
  const [wrenLine, wadeLine] = await openBothOffline(wren!, wade!, id);
  await expect(wren!.status()).toHaveText(/^Offline/);
  await wren!.caretAtEnd(wren!.body(1));
  await wren!.page.keyboard.type(" Wren offline.");
  await wade!.caretAtEnd(wade!.body(1));
  await wade!.page.keyboard.type(" Wade offline.");
  await expect(wade!.body(1)).toHaveText("Four routes run all night. Wade offline.");
  await expect(wren!.body(1)).toHaveText("Four routes run all night. Wren offline.");

  // Wade closes the page while offline; his edit is kept in the browser and merges when he opens it again online.
  await wade!.page.close();
  await wadeLine.online();
  const again = new LiveEditor(await wade!.page.context().newPage());
  await wrenLine.online();
  await again.open(id);
  for (const person of [wren!, again]) {
    await expect(person.body(1)).toContainText("Wren offline.");
    await expect(person.body(1)).toContainText("Wade offline.");
  }
  await expect.poll(async () => JSON.stringify((await storedCheck(wren!.page, id)).sections[0]!.body)).toMatch(/Wren offline\..*Wade offline\.|Wade offline\..*Wren offline\./);
});

test("a check opens with its page, even the first time, and takes typing before the connection is up; the typing reaches the others once it is", async ({ browser }) => {
  test.setTimeout(60_000);
  const [wren, wade] = await people(browser, [DEMO.writer, DEMO.writer2]);
  // A check never opened live, and Wren's page gets no connection until it is let through: her browser has no
  // copy of the check, and nobody has it open.
  const { id } = await sharedDraft(wren!.page);
  let held = true;
  await wren!.page.routeWebSocket(/\/collab$/, (ws) => {
    if (held) return void ws.close();
    ws.connectToServer();
  });
  await wren!.page.goto(`/desk/fact-checks/${id}`);
  await expect(wren!.body(1)).toHaveText("Four routes run all night.");
  await expect(wren!.body(1)).toHaveAttribute("contenteditable", "true");
  await expect(wren!.status()).not.toHaveText(/^Saved at/);
  await wren!.caretAtEnd(wren!.body(1));
  await wren!.page.keyboard.type(" Typed before the connection.");
  await expect(wren!.body(1)).toHaveText("Four routes run all night. Typed before the connection.");
  await wade!.open(id);
  await expect(wade!.body(1)).toHaveText("Four routes run all night.");

  held = false;
  // Once connected, Wade sees the typing once (the page's state is the stored one, not a second copy of the text).
  await expect(wade!.body(1)).toHaveText("Four routes run all night. Typed before the connection.", { timeout: 20_000 });
  await expect(wren!.body(1)).toHaveText("Four routes run all night. Typed before the connection.");
  await expect(wren!.heading(1)).toHaveText("Routes");
  await expect.poll(async () => JSON.stringify((await storedCheck(wren!.page, id)).sections[0]!.body), { timeout: 20_000 }).toContain("Typed before the connection.");
});

/** The entries of this browser's own copy of check `id` (IndexedDB: the updates components/editor/local-copy.ts stored). */
async function localCopyEntries(page: Page, id: string): Promise<number[][]> {
  return page.evaluate(
    (name) =>
      new Promise<number[][]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction("updates", "readonly").objectStore("updates").getAll();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            db.close();
            resolve((read.result as Uint8Array[]).map((update) => Array.from(update)));
          };
        };
      }),
    `factdesk-check-${id}`,
  );
}

/** What this browser's own copy of check `id` holds, read as the server would. */
async function localCopy(page: Page, id: string): Promise<LiveContent> {
  const doc = new Y.Doc();
  for (const update of await localCopyEntries(page, id)) Y.applyUpdate(doc, Uint8Array.from(update));
  return docToContent(doc);
}

test("this browser's copy of a check stays one entry however often the check is opened, and holds all of it", async ({ browser }) => {
  const [wren] = await people(browser, [DEMO.writer]);
  const { id } = await sharedDraft(wren!.page);
  for (let opening = 0; opening < 4; opening++) {
    await wren!.open(id);
    await expect(wren!.status()).toHaveText(/^(All changes saved|Saved at)/);
  }
  // Each opening writes the whole document back in place of what it read: not one more whole copy each time.
  await expect.poll(async () => (await localCopyEntries(wren!.page, id)).length).toBe(1);
  const copy = await localCopy(wren!.page, id);
  expect(copy.sections.map((section) => JSON.stringify(section.body))).toEqual([expect.stringContaining("Four routes run all night."), expect.stringContaining("Most riders work late shifts.")]);
});

test("signing out discards the copies this browser kept, warning first of changes the server does not have", async ({ browser }) => {
  test.setTimeout(60_000);
  const [wren] = await people(browser, [DEMO.writer]);
  const { id, tag } = await sharedDraft(wren!.page);
  const copies = async (page: Page) =>
    page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name).filter((name) => name?.startsWith("factdesk-check-")));

  // Typed offline, then the page closed before the connection came back: the words are only in this browser.
  const line = await cuttable(wren!.page);
  await wren!.open(id);
  await line.offline();
  await expect(wren!.status()).toHaveText(/^Offline/);
  await wren!.caretAtEnd(wren!.body(1));
  await wren!.page.keyboard.type(" Only on this laptop.");
  await expect(wren!.body(1)).toContainText("Only on this laptop.");
  // Each keystroke is written to this browser's copy as it is typed; the page is closed once the last is there
  // (closing it sooner can cut the writes still under way: a tab closed within milliseconds of typing).
  await expect.poll(async () => JSON.stringify((await localCopy(wren!.page, id)).sections[0]!.body)).toContain("Only on this laptop.");
  const desk = await wren!.page.context().newPage();
  await wren!.page.close();
  await line.online();
  await desk.goto("/desk");
  expect(await copies(desk)).toEqual([`factdesk-check-${id}`]);

  // Signing out warns, names the check and offers to stay.
  await desk.getByRole("button", { name: "Sign out" }).click();
  const warning = desk.getByRole("alert").filter({ hasText: "the server does not have yet" });
  await expect(warning).toBeVisible();
  await expect(warning.getByRole("link", { name: new RegExp(tag) })).toHaveAttribute("href", `/desk/fact-checks/${id}`);
  await warning.getByRole("button", { name: "Stay signed in" }).click();
  await expect(warning).toBeHidden();
  expect(await copies(desk)).toHaveLength(1);

  // Opening the check online sends the words; then signing out asks nothing and leaves no copy behind.
  const again = new LiveEditor(desk);
  await again.open(id);
  await expect.poll(async () => JSON.stringify((await storedCheck(desk, id)).sections[0]!.body)).toContain("Only on this laptop.");
  await expect(again.status()).toHaveText(/^(All changes saved|Saved at)/);
  await desk.getByRole("button", { name: "Sign out" }).click();
  await expect(desk).toHaveURL(/\/login/);
  expect(await copies(desk)).toEqual([]);
});

test("signing out with changes never sent discards them when the person says so", async ({ browser }) => {
  test.setTimeout(60_000);
  const [wren] = await people(browser, [DEMO.writer]);
  const { id } = await sharedDraft(wren!.page);
  const line = await cuttable(wren!.page);
  await wren!.open(id);
  await line.offline();
  await expect(wren!.status()).toHaveText(/^Offline/);
  await wren!.caretAtEnd(wren!.body(1));
  await wren!.page.keyboard.type(" Never sent.");
  const desk = await wren!.page.context().newPage();
  await wren!.page.close();
  await line.online();
  await desk.goto("/desk");
  await desk.getByRole("button", { name: "Sign out" }).click();
  await desk.getByRole("button", { name: "Sign out and discard" }).click();
  await expect(desk).toHaveURL(/\/login/);
  expect(await desk.evaluate(async () => (await indexedDB.databases()).filter((database) => database.name?.startsWith("factdesk-check-")).length)).toBe(0);
  expect(await desk.evaluate(() => localStorage.getItem("factdesk-unsent"))).toBeNull();
});

test("undo takes back only my own typing, not what someone else typed meanwhile", async ({ browser }) => {
  test.setTimeout(60_000);
  const [wren, wade] = await people(browser, [DEMO.writer, DEMO.writer2]);
  const { id } = await sharedDraft(wren!.page);
  await wren!.open(id);
  await wade!.open(id);
  // Each typed in one go: one step of each one's history.
  await wren!.caretAtEnd(wren!.body(1));
  await wren!.page.keyboard.insertText(" Mine.");
  await wade!.caretAtEnd(wade!.body(2));
  await wade!.page.keyboard.insertText(" His.");
  await expect(wren!.body(2)).toHaveText("Most riders work late shifts. His.");
  await wren!.body(1).click();
  await wren!.page.keyboard.press("Control+z");
  for (const person of [wren!, wade!]) {
    await expect(person.body(1)).toHaveText("Four routes run all night.");
    await expect(person.body(2)).toHaveText("Most riders work late shifts. His.");
  }
});

test("a check of 40 sections and 200 citations: what one person types shows for the other, citations numbered alike", async ({ browser }) => {
  test.setTimeout(120_000);
  const [wren, wade] = await people(browser, [DEMO.writer, DEMO.writer2]);
  const tag = unique();
  const sourceIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    const created = await wren!.page.request.post("/api/v1/sources", { data: { url: `https://data.example.org/${tag}/${i}`, title: `Dataset ${i} ${tag}` } });
    sourceIds.push(((await created.json()) as { id: string }).id);
  }
  const cited = (i: number) => ({
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [0, 1, 2, 3, 4].flatMap((k) => [
          { type: "text", text: `Finding ${i}.${k} is supported by the record. ` },
          { type: "citation", attrs: { sourceId: sourceIds[(i + k) % sourceIds.length] } },
        ]),
      },
    ],
  });
  const created = await sharedDraft(wren!.page, {
    question: `Does a long check stay whole when two type in it? ${tag}`,
    sections: Array.from({ length: 40 }, (_, i) => ({ heading: `Section heading ${i + 1}`, body: cited(i) })),
  });

  await wren!.open(created.id);
  await wade!.open(created.id);
  await expect(wren!.presence()).toContainText("Wade Writer");
  const lastCitations = ["[10]", "[1]", "[2]", "[3]", "[4]"];
  for (const person of [wren!, wade!]) {
    await expect(person.body(1)).toHaveAttribute("contenteditable", "true");
    // Far from the view, the last section's body has no editor yet: it is its text, citations numbered as everywhere.
    await expect(person.body(40)).not.toHaveAttribute("contenteditable");
    await expect(person.body(40)).toContainText("Finding 39.4 is supported by the record.");
    await expect(person.body(40).locator("[data-citation-number]")).toHaveText(lastCitations);
  }
  await wren!.caretAtEnd(wren!.body(20));
  await wren!.page.keyboard.type(" the quick brown fox jumps over the lazy dog");
  // A click on it makes its editor, and the keys pressed at once go in after the caret.
  await wade!.caretAtEnd(wade!.body(40));
  await wade!.page.keyboard.type(" Checked twice.");
  await expect(wade!.body(40)).toHaveAttribute("contenteditable", "true");
  for (const person of [wren!, wade!]) {
    await expect(person.body(20)).toContainText("the quick brown fox jumps over the lazy dog");
    await expect(person.body(40)).toContainText("Checked twice.");
    // The last section's citations carry the numbers every reader will see, in both browsers.
    await expect(person.body(40).locator("[data-citation-number]")).toHaveText(lastCitations);
  }
  // Wren never went there: still no editor, and the text follows Wade's typing.
  await expect(wren!.body(40)).not.toHaveAttribute("contenteditable");
  await expect(wren!.body(40)).toHaveText(/\[4\] Checked twice\.$/);
  // A field out of view focused as a link or Tab would: its editor takes the focus and the keys typed at once.
  await wren!.body(39).focus();
  await wren!.page.keyboard.type(" Seen from afar.");
  await expect(wren!.body(39)).toHaveAttribute("contenteditable", "true");
  await expect(wren!.body(39)).toBeFocused();
  await expect(wren!.body(39)).toHaveText(/ Seen from afar\.$/);
  await expect.poll(async () => JSON.stringify((await storedCheck(wren!.page, created.id)).sections[38]!.body), { timeout: 15_000 }).toContain("Seen from afar.");
});

test("a refused field far from the view is reached by “Go to the field”: its editor is made there and takes the focus", async ({ browser }) => {
  test.setTimeout(90_000);
  const [wren, wade, eddie] = await people(browser, [DEMO.writer, DEMO.writer2, DEMO.editor]);
  const tag = unique();
  // The last section's heading 4 characters short of its limit of 200.
  const nearlyFull = `Where the records stop ${tag} ${"and start again ".repeat(12)}`.slice(0, 196);
  const sections = Array.from({ length: 30 }, (_, i) => ({ heading: i === 29 ? nearlyFull : `Part ${i + 1}`, body: para(`What part ${i + 1} found.`) }));
  const { id } = await sharedDraft(wren!.page, { question: `Do the records agree? ${tag}`, sections });

  // Offline, Wren and Wade each add 4 characters to it: within the limit for each, 204 of 200 once merged.
  const [wrenLine, wadeLine] = await openBothOffline(wren!, wade!, id);
  await wren!.caretAtEnd(wren!.heading(30));
  await wren!.page.keyboard.type(" Wr.");
  await wade!.caretAtEnd(wade!.heading(30));
  await wade!.page.keyboard.type(" Wd.");
  await wrenLine.online();
  await wadeLine.online();
  await expect(wren!.heading(30)).toContainText("Wr.");
  await expect(wren!.heading(30)).toContainText("Wd.");

  // Eddie never goes near the last section: his typing in the first is refused with the check, for that heading.
  await eddie!.open(id);
  await expect(eddie!.heading(30)).not.toHaveAttribute("contenteditable");
  await eddie!.caretAtEnd(eddie!.body(1));
  await eddie!.page.keyboard.type(" Checked.");
  await expect(eddie!.status()).toHaveText(/^Not saved — /, { timeout: 15_000 });
  await expect(eddie!.heading(30)).not.toHaveAttribute("contenteditable");
  await expect(eddie!.heading(30)).toHaveAttribute("aria-invalid", "true");
  await eddie!.page.getByRole("button", { name: "Go to the field" }).click();
  await expect(eddie!.heading(30)).toHaveAttribute("contenteditable", "true");
  await expect(eddie!.heading(30)).toBeFocused();
  await expect(eddie!.heading(30)).toBeInViewport();
  // Shortened there, the check is stored again.
  await eddie!.page.keyboard.press("End");
  for (let i = 0; i < 8; i++) await eddie!.page.keyboard.press("Backspace");
  await expect(eddie!.status()).toHaveText(/^(Saved at|All changes saved)/, { timeout: 15_000 });
  const stored = await storedCheck(eddie!.page, id);
  expect(stored.sections[29]!.heading.length).toBeLessThanOrEqual(200);
  expect(JSON.stringify(stored.sections[0]!.body)).toContain("Checked.");
});

test("comments and their resolution appear for everyone without a reload; the desk says who is editing now", async ({ browser }) => {
  test.setTimeout(90_000);
  const [wren, wade] = await people(browser, [DEMO.writer, DEMO.writer2]);
  const reviewerPage = await signedInPage(browser, DEMO.reviewer);
  opened.push(reviewerPage.context());
  const { id, tag } = await sharedDraft(wren!.page);
  // Sent to the reviewer, sent back: the reviewer may read and comment, the writers write.
  const staff = (await (await wren!.page.request.get("/api/v1/users")).json()) as { data: { id: string; email: string }[] };
  const reviewerId = staff.data.find((u) => u.email === DEMO.reviewer)!.id;
  expect((await wren!.page.request.post(`/api/v1/fact-checks/${id}/submit`, { data: { reviewerIds: [reviewerId] } })).status()).toBe(200);
  expect((await reviewerPage.request.post(`/api/v1/fact-checks/${id}/reviews`, { data: { decision: "request_changes", comment: "Say which routes." } })).status()).toBe(200);

  await wren!.open(id);
  await reviewerPage.goto(`/desk/fact-checks/${id}/review`);
  // The decision's note is not a thread: the page has no comment yet.
  await expect(reviewerPage.getByText("No comments yet.").first()).toBeVisible();
  await expect(reviewerPage.getByRole("article", { name: "Comment by Rhea Reviewer" })).toHaveCount(0);

  // Wade, on his desk, sees Wren editing.
  await wade!.page.goto("/desk");
  await expect(wade!.page.getByRole("row").filter({ hasText: tag })).toContainText("editing now: Wren Writer");

  // A comment from the reviewer appears beside the writer's editor at once…
  const added = await reviewerPage.request.post(`/api/v1/fact-checks/${id}/comments`, { data: { body: "Which four routes?" } });
  expect(added.status()).toBe(201);
  const comment = (await added.json()) as { id: string };
  await expect(wren!.page.getByRole("article", { name: "Comment by Rhea Reviewer" }).filter({ hasText: "Which four routes?" })).toBeVisible();
  // …and the writer resolving it shows on the reviewer's page at once.
  expect((await wren!.page.request.patch(`/api/v1/fact-checks/${id}/comments/${comment.id}`, { data: { resolved: true } })).status()).toBe(200);
  await expect(reviewerPage.getByText(/1 resolved/)).toBeVisible();
});
