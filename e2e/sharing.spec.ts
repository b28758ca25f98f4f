import type { Page } from "@playwright/test";
import { DEMO, expect, test } from "./fixtures";

/** The Share dialog of the editor, addressed by its roles and labels. */
class ShareDialog {
  constructor(readonly page: Page) {}

  dialog = () => this.page.getByRole("dialog", { name: "Share with co-writers" });
  picker = () => this.dialog().getByRole("combobox", { name: "Add a co-writer" });
  people = () => this.dialog().getByRole("list", { name: "People who write this check" });

  async open() {
    await this.page.getByRole("button", { name: /^Share/ }).click();
    await expect(this.dialog()).toBeVisible();
  }
}

test("an owner shares a draft with a second writer, who is told, edits it, and loses it once removed", async ({ as }) => {
  // Two people and a dozen page loads, as the review round trip (review.spec.ts) has.
  test.setTimeout(60_000);
  const [owner, cowriter] = await Promise.all([as(DEMO.writer), as(DEMO.writer2)]);
  const question = `Did the night buses carry more people in 2025? ${Date.now()}`;
  const created = await owner.request.post("/api/v1/fact-checks", { data: { question } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  // The newsroom's directory is not in the editor's page (nor the reviewers): the dialogs ask for them as they open.
  const html = await (await owner.request.get(`/desk/fact-checks/${id}`)).text();
  expect(html).toContain(question);
  expect(html).not.toContain(DEMO.admin);

  // The owner opens the Share dialog and adds Wade with the keyboard alone.
  await owner.goto(`/desk/fact-checks/${id}`);
  const share = new ShareDialog(owner);
  await share.open();
  await expect(share.people().getByRole("listitem")).toHaveText([/Wren Writer \(you\).*Owner/]);
  await share.picker().fill("wade");
  await expect(share.dialog().getByRole("option")).toHaveText([/Wade Writer\s*writer2@factdesk\.test\s*Writer/]);
  await share.picker().press("ArrowDown");
  await expect(share.dialog().getByRole("option", { name: /Wade Writer/ })).toHaveAttribute("aria-selected", "true");
  await share.picker().press("Enter");
  await expect(share.people().getByRole("listitem")).toHaveText([/Wren Writer \(you\).*Owner/, /Wade Writer.*Co-writer.*Remove/]);
  await expect(share.dialog().getByRole("status")).toHaveText("Wade Writer added as a co-writer.");
  // The keyboard stays in the picker, ready for the next name.
  await expect(share.picker()).toBeFocused();

  await owner.keyboard.press("Escape");
  await expect(share.dialog()).toBeHidden();
  await expect(owner.getByRole("button", { name: "Share · 1 co-writer" })).toBeVisible();

  // Wade is told in his inbox, finds the check on his desk as a co-writer, opens and edits it.
  await cowriter.goto("/desk");
  await expect(cowriter.getByRole("row").filter({ hasText: question })).toContainText("co-writer with Wren Writer");
  await cowriter.goto("/inbox");
  await cowriter.getByRole("link", { name: `Wren Writer added you as a co-writer on “${question}”` }).click();
  await expect(cowriter).toHaveURL(new RegExp(`/desk/fact-checks/${id}$`));
  const topic = cowriter.getByRole("textbox", { name: "Topic", exact: true });
  await topic.fill("Transport");
  await expect(cowriter.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
  const stored = await owner.request.get(`/api/v1/fact-checks/${id}`);
  expect(await stored.json()).toMatchObject({ topic: "Transport", collaboratorIds: [expect.any(String)] });

  // The owner removes him; the check is gone for him at once.
  await share.open();
  await share.people().getByRole("button", { name: "Remove Wade Writer" }).click();
  await expect(share.people().getByRole("listitem")).toHaveText([/Wren Writer \(you\).*Owner/]);
  const gone = await cowriter.goto(`/desk/fact-checks/${id}`);
  expect(gone?.status()).toBe(404);
  expect((await cowriter.request.get(`/api/v1/fact-checks/${id}`)).status()).toBe(404);
  expect((await owner.request.get(`/api/v1/fact-checks/${id}`)).status()).toBe(200);
});

test("the Share dialog fits a phone: picking with the mouse, Escape closing the list before the dialog", async ({ as }, testInfo) => {
  const owner = await as(DEMO.writer);
  const created = await owner.request.post("/api/v1/fact-checks", { data: { question: `Are city parks getting bigger? ${Date.now()}` } });
  const { id } = (await created.json()) as { id: string };
  await owner.goto(`/desk/fact-checks/${id}`);
  const share = new ShareDialog(owner);
  await share.open();
  await share.picker().fill("writer2@");
  await share.dialog().getByRole("option", { name: /Wade Writer/ }).click();
  await expect(share.people().getByRole("button", { name: "Remove Wade Writer" })).toBeVisible();

  // With the list open, the first Escape closes the list only.
  await share.picker().fill("e");
  await expect(share.dialog().getByRole("listbox")).toBeVisible();
  await owner.screenshot({ path: testInfo.outputPath("share-dialog-desktop.png") });
  await owner.setViewportSize({ width: 390, height: 844 });
  const box = (await share.dialog().boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await expect(share.people().getByRole("button", { name: "Remove Wade Writer" })).toBeInViewport();
  await owner.screenshot({ path: testInfo.outputPath("share-dialog-phone.png") });
  await share.picker().press("Escape");
  await expect(share.dialog().getByRole("listbox")).toBeHidden();
  await expect(share.dialog()).toBeVisible();

  // With the list open, one click on Done closes the dialog: the list closing as the picker loses the focus
  // does not move the button from under the pointer.
  await share.picker().press("ArrowDown");
  await expect(share.dialog().getByRole("listbox")).toBeVisible();
  await share.dialog().getByRole("button", { name: "Done" }).click();
  await expect(share.dialog()).toBeHidden();
});
