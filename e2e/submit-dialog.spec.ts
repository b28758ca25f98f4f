/**
 * "Submit for review" as a writer meets it: the button says how many reviewers
 * it will ask (in the right number, nothing odd when none is chosen, and a clear
 * error if submitted so), and a resubmission starts with the reviewers asked
 * last time.
 */
import type { Page } from "@playwright/test";
import { DEMO, expect, test } from "./fixtures";

const unique = () => crypto.randomUUID().slice(0, 8);
const cited = (text: string, sourceId: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text }, { type: "citation", attrs: { sourceId } }] }],
});

test("the submit button counts the chosen reviewers, and resubmitting asks the same ones unless changed", async ({ as }) => {
  test.setTimeout(60_000);
  const tag = unique();
  const writer = await as(DEMO.writer);
  const reviewer = await as(DEMO.reviewer);
  const source = await writer.request.post("/api/v1/sources", { data: { url: `https://www.example.org/${tag}/count`, title: `Ferry count ${tag}` } });
  const sourceId = ((await source.json()) as { id: string }).id;
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: {
      question: `Did the ferry carry a record number of passengers? ${tag}`,
      summary: cited("Not quite.", sourceId),
      sections: [{ heading: "The count", body: cited("The port counted fewer passengers than in 2019.", sourceId) }],
    },
  });
  const { id } = (await created.json()) as { id: string };

  await writer.goto(`/desk/fact-checks/${id}/review`);
  await writer.getByRole("button", { name: "Submit for review" }).click();
  const dialog = writer.getByRole("dialog", { name: "Submit for review" });
  const rhea = dialog.getByRole("checkbox", { name: /Rhea Reviewer/ });
  const eddie = dialog.getByRole("checkbox", { name: /Eddie Editor/ });
  await expect(rhea).not.toBeChecked();
  await expect(eddie).not.toBeChecked();
  // Nobody chosen: a plain "Submit", and a clear word if pressed.
  await expect(dialog.getByRole("button", { name: /^Submit/ })).toHaveText("Submit");
  await dialog.getByRole("button", { name: "Submit", exact: true }).click();
  await expect(dialog.getByText("Choose at least one reviewer")).toBeVisible();
  await expect(dialog.getByRole("group", { name: "Reviewers" })).toHaveAttribute("aria-invalid", "true");
  await rhea.check();
  await expect(dialog.getByText("Choose at least one reviewer")).toBeHidden();
  await expect(dialog.getByRole("button", { name: /^Submit/ })).toHaveText("Submit to 1 reviewer");
  await eddie.check();
  await expect(dialog.getByRole("button", { name: /^Submit/ })).toHaveText("Submit to 2 reviewers");
  await eddie.uncheck();
  await dialog.getByRole("button", { name: "Submit to 1 reviewer" }).click();
  await expect(dialog).toBeHidden();
  await expect(writer.getByText("In review", { exact: true }).first()).toBeVisible();

  // Rhea sends it back; the writer resubmits to Rhea without choosing her again.
  const decided = await reviewer.request.post(`/api/v1/fact-checks/${id}/reviews`, { data: { decision: "request_changes", comment: "Give the 2019 figure." } });
  expect(decided.status()).toBe(200);
  await writer.reload();
  await writer.getByRole("button", { name: "Resubmit for review" }).click();
  await expect(rhea).toBeChecked();
  await expect(rhea).toHaveAccessibleName(/^Rhea Reviewer .* · asked last time$/);
  await expect(eddie).not.toBeChecked();
  await expect(dialog.getByRole("button", { name: /^Submit/ })).toHaveText("Submit to 1 reviewer");
  await dialog.getByRole("button", { name: "Submit to 1 reviewer" }).click();
  await expect(dialog).toBeHidden();
  const check = (await (await writer.request.get(`/api/v1/fact-checks/${id}`)).json()) as { status: string };
  expect(check.status).toBe("in_review");
  const desk = (await (await reviewer.request.get("/api/v1/fact-checks")).json()) as { waiting: { id: string; role: string }[] };
  expect(desk.waiting.filter((w) => w.id === id).map((w) => w.role)).toEqual(["review"]);
});

/** A draft by `writer`, its summary and one section citing a new source: ready to submit. */
async function draftCheck(writer: Page, tag: string, question: string): Promise<string> {
  const source = await writer.request.post("/api/v1/sources", { data: { url: `https://www.example.org/${tag}/data`, title: `Data ${tag}` } });
  const sourceId = ((await source.json()) as { id: string }).id;
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: { question: `${question} ${tag}`, summary: cited("No.", sourceId), sections: [{ heading: "The figures", body: cited("The figures say otherwise.", sourceId) }] },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

test("the dialog's form is in the page only while it is open, and what was chosen and written is kept when it is closed", async ({ as }) => {
  const tag = unique();
  const writer = await as(DEMO.writer);
  const id = await draftCheck(writer, tag, "Was the tide the highest on record?");

  // The editor's page, where the dialog waits in the side column: no reviewer's line, note or gate until it opens.
  await writer.goto(`/desk/fact-checks/${id}`);
  const open = writer.getByRole("button", { name: "Submit for review" });
  await expect(open).toHaveAttribute("aria-haspopup", "dialog");
  // The dialog element that the button opens (the one after it), empty while closed.
  const fields = open.locator("xpath=following-sibling::dialog[1]").locator("input, textarea, li");
  await expect(fields).toHaveCount(0);

  await open.click();
  const dialog = writer.getByRole("dialog", { name: "Submit for review" });
  // Opened as a modal with the focus inside it, on the first reviewer's line.
  await expect(dialog.getByRole("checkbox").first()).toBeFocused();
  await dialog.getByRole("checkbox", { name: /Rhea Reviewer/ }).check();
  await dialog.getByLabel("Note for the reviewers (optional)").fill(`Tides ${tag}`);
  await writer.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(fields).toHaveCount(0);

  // Opened again: the same reviewer chosen, the same note; Cancel closes it as Escape did.
  await open.click();
  await expect(dialog.getByRole("checkbox", { name: /Rhea Reviewer/ })).toBeChecked();
  await expect(dialog.getByLabel("Note for the reviewers (optional)")).toHaveValue(`Tides ${tag}`);
  await expect(dialog.getByRole("button", { name: /^Submit/ })).toHaveText("Submit to 1 reviewer");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(fields).toHaveCount(0);
  // Nothing was submitted.
  const check = (await (await writer.request.get(`/api/v1/fact-checks/${id}`)).json()) as { status: string };
  expect(check.status).toBe("draft");
});

test("when the reviewers cannot be loaded, the dialog says so and loads them on Try again", async ({ as }) => {
  const tag = unique();
  const writer = await as(DEMO.writer);
  const id = await draftCheck(writer, tag, "Was it the wettest June?");
  await writer.goto(`/desk/fact-checks/${id}/review`);

  // The page's server actions fail (the network drops them) until let through again.
  let refused = 0;
  await writer.route(
    (url) => url.pathname === `/desk/fact-checks/${id}/review`,
    (route) => (route.request().method() === "POST" && route.request().headers()["next-action"] ? (refused++, route.abort()) : route.fallback()),
  );
  await writer.getByRole("button", { name: "Submit for review" }).click();
  const dialog = writer.getByRole("dialog", { name: "Submit for review" });
  await expect(dialog.getByRole("alert")).toHaveText(/The reviewers could not be loaded\. Check your connection and try again\./);
  await expect(dialog.getByRole("checkbox")).toHaveCount(0);
  expect(refused).toBeGreaterThan(0);

  await writer.unrouteAll();
  await dialog.getByRole("button", { name: "Try again" }).click();
  await expect(dialog.getByRole("checkbox", { name: /Rhea Reviewer/ })).toBeVisible();
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await expect(dialog.getByRole("checkbox", { name: /Rhea Reviewer/ })).not.toBeChecked();
});
