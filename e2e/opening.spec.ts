/**
 * What the browser does as the editor and the review page open: no Intl
 * object. A page's first Intl object of any kind sets up the browser's ICU
 * data, 30–60 ms of the page's one thread on a 2-core machine; the dates
 * these pages show are written without it (lib/date-format.ts), and the save
 * status makes its time format only when it first says "Saved at".
 */
import type { Page } from "@playwright/test";
import { DEMO, expect, expectHydrated, signedInPage, test } from "./fixtures";

/** Records, in the page, every Intl object made and every locale-aware call, with where it came from. */
const RECORD_INTL = `(() => {
  const calls = (window.__intlCalls = []);
  const note = (name) => calls.push(name + " " + (new Error().stack || "").split("\\n").slice(2, 4).join(" | "));
  for (const name of ["DateTimeFormat", "NumberFormat", "Collator", "PluralRules", "RelativeTimeFormat", "ListFormat", "Segmenter", "DisplayNames"]) {
    const Original = Intl[name];
    if (!Original) continue;
    Intl[name] = new Proxy(Original, {
      construct(target, args) { note(name); return Reflect.construct(target, args); },
      apply(target, self, args) { note(name); return Reflect.apply(target, self, args); },
    });
  }
  for (const [proto, name] of [[String.prototype, "localeCompare"], [Date.prototype, "toLocaleString"], [Date.prototype, "toLocaleDateString"], [Date.prototype, "toLocaleTimeString"], [Number.prototype, "toLocaleString"]]) {
    const original = proto[name];
    proto[name] = function (...args) { note(name); return original.apply(this, args); };
  }
})()`;

const intlCalls = (page: Page) => page.evaluate("window.__intlCalls") as Promise<string[]>;
const paragraph = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

test("the editor and the review page open without making an Intl object, comments and their times shown", async ({ browser }) => {
  const writer = await signedInPage(browser, DEMO.writer);
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: { question: `Did the opening make an Intl object? (${Date.now()})`, summary: paragraph("Partly, and only once."), sections: [{ heading: "What was measured", body: paragraph("The profile of each opening.") }] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const comment = await writer.request.post(`/api/v1/fact-checks/${id}/comments`, { data: { body: "Check the second profile", sectionId: "summary", quote: "Partly" } });
  expect(comment.status()).toBe(201);
  const { createdAt } = (await comment.json()) as { createdAt: string };
  // The comment's time as the page writes it: "Dec 7, 2026, 09:05 UTC".
  const time = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }).format(new Date(createdAt));

  await writer.context().addInitScript(RECORD_INTL);
  await writer.goto(`/desk/fact-checks/${id}`);
  await expect(writer.getByText("Check the second profile")).toBeVisible();
  await expect(writer.getByRole("list", { name: "Comment threads" }).locator("time")).toHaveText(`${time} UTC`);
  const summary = writer.getByRole("textbox", { name: "Executive summary" });
  await expect(summary).toHaveAttribute("contenteditable", "true");
  // The engine's editors in view are made, the live document open: the opening is over.
  await expect(writer.getByRole("status").filter({ hasText: /^All changes saved$/ })).toBeVisible();
  expect(await intlCalls(writer)).toEqual([]);

  // A save is shown with its time, in the browser's own format: made then.
  await summary.click();
  await writer.keyboard.press("End");
  await writer.keyboard.type(" Then twice.");
  await expect(writer.getByRole("status").filter({ hasText: /^Saved at \d{1,2}:\d{2}/ })).toBeVisible();
  expect((await intlCalls(writer)).map((call) => call.split(" ")[0])).toEqual(["DateTimeFormat"]);

  const reviewers = (await (await writer.request.get("/api/v1/users?role=reviewer")).json()) as { data: { id: string; email: string }[] };
  const submitted = await writer.request.post(`/api/v1/fact-checks/${id}/submit`, { data: { reviewerIds: [reviewers.data.find((u) => u.email === DEMO.reviewer)!.id] } });
  expect(submitted.status()).toBe(200);
  const reviewer = await signedInPage(browser, DEMO.reviewer);
  await reviewer.context().addInitScript(RECORD_INTL);
  await reviewer.goto(`/desk/fact-checks/${id}/review`);
  await expect(reviewer.getByText("Check the second profile")).toBeVisible();
  await expect(reviewer.getByRole("list", { name: "Comment threads" }).locator("time")).toHaveText(`${time} UTC`);
  await expect(reviewer.getByText("Partly, and only once. Then twice.")).toBeVisible();
  // Hydrated (the comments too), and the page's requests done.
  await expectHydrated(reviewer.getByRole("button", { name: /Approve/ }).first());
  await expectHydrated(reviewer.getByRole("list", { name: "Comment threads" }));
  await reviewer.waitForLoadState("networkidle");
  expect(await intlCalls(reviewer)).toEqual([]);
  for (const page of [writer, reviewer]) await page.context().close();
});
