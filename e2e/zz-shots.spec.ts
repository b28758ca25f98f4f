import { DEMO, expect, test } from "./fixtures";
const para = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
test("shots", async ({ as }) => {
  test.setTimeout(120_000);
  const page = await as(DEMO.writer);
  const src = await page.request.post("/api/v1/sources", { data: { url: `https://shots.example.org/${Date.now()}`, title: "Transit ridership report 2024" } });
  const sourceId = ((await src.json()) as { id: string }).id;
  const cited = (t: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: t }, { type: "citation", attrs: { sourceId } }] }] });
  const created = await page.request.post("/api/v1/fact-checks", { data: {
    question: "Did night buses really cut late-shift commute times across the city?",
    topic: "Transport",
    summary: cited("Mostly: four routes cut average trips by eleven minutes."),
    claimReviewed: "Night buses halved late-shift commutes",
    verdict: "Mostly true",
    sections: [
      { heading: "What the transport authority's own ridership figures, published every quarter since 2019, say about night buses", body: cited("Ridership rose by a fifth.") },
      { heading: "Costs", body: para("The subsidy grew.") },
    ],
    relatedQuestions: [{ text: "Do night buses pay for themselves?" }],
  } });
  const { id } = (await created.json()) as { id: string };
  for (const [w, h] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(`/desk/fact-checks/${id}`);
    await expect(page.getByRole("textbox", { name: "Executive summary" })).toBeVisible();
    await page.getByRole("textbox", { name: "Section 2 body" }).click();
    await page.screenshot({ path: `/tmp/h16a-shots/editor-${w}.png`, fullPage: true });
    await page.getByRole("textbox", { name: "Question", exact: true }).click();
    await page.keyboard.press("End");
    await page.evaluate((t) => navigator.clipboard.writeText(t), " and what about the weekend buses that run on Saturdays and Sundays only, across the outer districts, where the shifts are longer and the routes are fewer, according to the union and to the city's own survey of workers".repeat(2));
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.evaluate((t) => navigator.clipboard.writeText(t), " and what about the weekend buses that run on Saturdays and Sundays only, across the outer districts, where the shifts are longer and the routes are fewer, according to the union and to the city's own survey".repeat(2));
    await page.keyboard.press("Control+V");
    await page.screenshot({ path: `/tmp/h16a-shots/editor-limit-${w}.png` });
    await page.keyboard.press("Control+z");
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.screenshot({ path: `/tmp/h16a-shots/editor-bottom-${w}.png` });
  }
  await page.goto(`/desk/fact-checks/${id}/publish`);
  const admin = await as(DEMO.admin);
  await admin.setViewportSize({ width: 1280, height: 900 });
  await admin.goto(`/desk/fact-checks/${id}/publish`);
  await admin.screenshot({ path: `/tmp/h16a-shots/publish-1280.png`, fullPage: true });
  await admin.goto(`/admin/settings`);
  await admin.getByRole("form", { name: "Verdicts" }).scrollIntoViewIfNeeded();
  await admin.screenshot({ path: `/tmp/h16a-shots/settings-1280.png` });
});
