/**
 * Living sources as staff and readers see them, against websites this test
 * serves on loopback (the app may fetch loopback only: playwright.config.ts):
 * a source's link-check history and its archived copy (a file in the data
 * directory, served sandboxed: no script runs, nothing is loaded; a page that
 * says so when the file is gone), a permanent redirect accepted in one click,
 * and the reader's banner once a source has been unreachable for a week.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect, DEMO, signedInPage } from "./fixtures";

type Site = { origin: string; requests: string[]; set: (path: string, answer: { status?: number; location?: string; body?: string }) => void; close: () => Promise<void> };

async function startSite(): Promise<Site> {
  const pages = new Map<string, { status?: number; location?: string; body?: string }>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const answer = pages.get(req.url ?? "/");
    if (!answer) return void res.writeHead(404, { "content-type": "text/html" }).end("<p>Not found</p>");
    res.writeHead(answer.status ?? 200, { "content-type": "text/html; charset=utf-8", ...(answer.location ? { location: answer.location } : {}) });
    res.end(req.method === "HEAD" ? undefined : (answer.body ?? ""));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    set: (path, answer) => void pages.set(path, answer),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let site: Site;
test.beforeAll(async () => {
  site = await startSite();
});
test.afterAll(() => site.close());
test.afterEach(async ({ request }) => {
  // Other specs share this server: put the clock back whatever happened.
  await request.post("/api/test/clock", { data: { offsetDays: 0 } });
});

async function moveClock(page: Page, offsetDays: number) {
  expect((await page.request.post("/api/test/clock", { data: { offsetDays } })).status()).toBe(200);
}

const tag = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function addSource(page: Page, url: string, title: string): Promise<string> {
  const response = await page.request.post("/api/v1/sources", { data: { url, title } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test("a source's link checks, its archived copy served sandboxed, and a permanent redirect accepted in one click", async ({ browser }) => {
  const word = tag();
  site.set(`/moved-${word}`, { status: 301, location: `/report-${word}` });
  site.set(`/report-${word}`, {
    body: `<!doctype html><html><head><title>Report</title><link rel="stylesheet" href="/style-${word}.css"></head><body>
      <header>Site header</header><main><h1>Unemployment fell to 4.1% ${word}</h1><p>Seasonally adjusted figures.</p>
      <img src="/pixel-${word}.png" alt=""><script>document.title = "script ran"</script></main></body></html>`,
  });
  const editor = await signedInPage(browser, DEMO.editor);
  const id = await addSource(editor, `${site.origin}/moved-${word}`, `Labour report ${word}`);

  await editor.goto(`/sources/${id}`);
  const checks = editor.getByRole("region", { name: "Link checks" });
  await expect(checks.getByText("Not checked yet.")).toBeVisible();
  await checks.getByRole("button", { name: "Check the link now" }).click();
  await expect(checks.getByRole("status")).toHaveText("Checked just now. It answered (HTTP 200).");
  const history = checks.getByRole("list", { name: "Link check history" });
  await expect(history.getByRole("listitem")).toHaveCount(1);
  await expect(history.getByRole("listitem").first()).toContainText("OK");
  await expect(history.getByRole("listitem").first()).toContainText(`Redirected to ${site.origin}/report-${word}`);

  // The archived copy: listed, and served as a sandboxed document of its own.
  const copy = editor.getByRole("region", { name: "Archived copies" }).getByRole("link", { name: /^Archived copy of / });
  await expect(copy).toHaveCount(1);
  const href = await copy.getAttribute("href");
  expect(href).toMatch(new RegExp(`^/sources/${id}/archive/`));
  const fetchedBefore = site.requests.length;
  const archive = await editor.context().newPage();
  const response = await archive.goto(href!);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toMatch(/^sandbox; default-src 'none'/);
  await expect(archive.getByRole("note")).toContainText("Archived copy of");
  await expect(archive.getByRole("heading", { name: `Unemployment fell to 4.1% ${word}` })).toBeVisible();
  expect(await archive.title()).toBe("Report");
  // Nothing was requested from the original site: not the image, not the stylesheet.
  expect(site.requests.slice(fetchedBefore)).toEqual([]);

  // Its HTML is a file in the data directory (FACTDESK_SNAPSHOT_STORE=files), named by the source and the copy.
  const copyId = href!.split("/").at(-1)!;
  const file = path.join(process.env.FACTDESK_E2E_DATA_DIR!, "snapshots", id, `${copyId}.html`);
  expect(fs.readFileSync(file, "utf8")).toContain(`Unemployment fell to 4.1% ${word}`);
  // A file removed behind Factdesk's back: a page that says so, under the same policy, not an error.
  fs.renameSync(file, `${file}.away`);
  const missing = await archive.reload();
  expect(missing?.status()).toBe(404);
  expect(missing?.headers()["content-security-policy"]).toMatch(/^sandbox; default-src 'none'/);
  await expect(archive.getByRole("heading", { name: "This archived copy is missing" })).toBeVisible();
  await expect(archive.getByText(`no longer in the data directory (${id}/${copyId}.html)`)).toBeVisible();
  fs.renameSync(`${file}.away`, file);
  expect((await archive.reload())?.status()).toBe(200);
  await expect(archive.getByRole("heading", { name: `Unemployment fell to 4.1% ${word}` })).toBeVisible();
  await archive.close();

  // The redirect is permanent: the new address is offered, and one click takes it.
  const offer = editor.getByRole("note", { name: "New address" });
  await expect(offer).toContainText(`${site.origin}/report-${word}`);
  await offer.getByRole("button", { name: `Use the new address ${site.origin}/report-${word}` }).click();
  // The page shows the source with its new address: the offer is gone.
  await expect(editor.getByRole("note", { name: "New address" })).toHaveCount(0);
  await editor.reload();
  await expect(editor.getByRole("link", { name: `${site.origin}/report-${word}` }).first()).toBeVisible();
  await expect(editor.getByRole("region", { name: "History" })).toContainText(`URL: ${site.origin}/moved-${word} → ${site.origin}/report-${word}`);
});

test("a source that fails for a week becomes unreachable, and readers of a check citing it are told", async ({ browser, page }) => {
  test.setTimeout(90_000);
  const word = tag();
  site.set(`/figures-${word}`, { body: `<main><p>Figures ${word}</p></main>` });
  const writer = await signedInPage(browser, DEMO.writer);
  const reviewer = await signedInPage(browser, DEMO.reviewer);
  const editor = await signedInPage(browser, DEMO.editor);
  const sourceId = await addSource(writer, `${site.origin}/figures-${word}`, `Figures table ${word}`);
  const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }, { type: "citation", attrs: { sourceId } }] }] });
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: { question: `Did the jobless rate fall in 2026? ${word}`, summary: doc("Yes, to 4.1%."), sections: [{ heading: "The figures", body: doc("The office's table says so.") }] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const reviewers = (await (await writer.request.get("/api/v1/users?role=reviewer")).json()) as { data: { id: string; email: string }[] };
  const reviewerId = reviewers.data.find((u) => u.email === DEMO.reviewer)!.id;
  expect((await writer.request.post(`/api/v1/fact-checks/${id}/submit`, { data: { reviewerIds: [reviewerId] } })).status()).toBe(200);
  expect((await reviewer.request.post(`/api/v1/fact-checks/${id}/reviews`, { data: { decision: "approve" } })).status()).toBe(200);
  const published = await editor.request.post(`/api/v1/fact-checks/${id}/publish`, { data: {} });
  expect(published.status()).toBe(201);
  const { version } = (await published.json()) as { version: { slug: string } };

  await page.goto(`/fact-checks/${version.slug}`);
  await expect(page.getByText(/can no longer be reached online/)).toHaveCount(0);

  // The page goes; the checker fails on days 1, 4 and 8: three failures, a week apart from the first.
  site.set(`/figures-${word}`, { status: 404 });
  for (const day of [1, 4, 8]) {
    await moveClock(editor, day);
    const result = await editor.request.post(`/api/v1/sources/${sourceId}/link-checks`);
    expect(result.status()).toBe(201);
    expect(await result.json()).toMatchObject({ outcome: "failed", httpStatus: 404, error: "HTTP 404 Not Found" });
  }

  await editor.goto(`/sources/${sourceId}`);
  await expect(editor.getByRole("note").filter({ hasText: "Unreachable since" })).toContainText("(set by the link checker)");
  await expect(editor.getByRole("list", { name: "Link check history" }).getByRole("listitem")).toHaveCount(3);

  await page.goto(`/fact-checks/${version.slug}`);
  await expect(page.getByText(/A source this check relies on can no longer be reached online \(since /)).toBeVisible();
});
