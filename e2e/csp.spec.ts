/**
 * The Content-Security-Policy and Permissions-Policy of every page
 * (lib/csp.mjs, docs/architecture.md "Content Security Policy"): public pages
 * allow their own inline scripts by hash, on the copy the response cache keeps;
 * pages rendered per request allow a fresh nonce; and a browser using them
 * (reading, searching, signing in, writing and citing in the editor) meets no
 * violation.
 */
import crypto from "node:crypto";
import type { APIResponse, Page, Response } from "@playwright/test";
import { hashPolicy, inlineScriptHashes, noncePolicy } from "../lib/csp.mjs";
import { approvedCheck, DEMO, DEMO_PASSWORD, engineChunks, expect, signedInPage, test } from "./fixtures";

/** Everything the browser says about a policy while `page` is used: violations (the page's own event and the console) and errors. */
async function watchViolations(page: Page) {
  const seen: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`securitypolicyviolation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sample})`),
    );
  });
  page.on("console", (message) => {
    if (/securitypolicyviolation|Content Security Policy|Refused to|Permissions.Policy/i.test(message.text())) seen.push(message.text());
  });
  page.on("pageerror", (error) => seen.push(`page error: ${error.message}`));
  return seen;
}

/** The page's scripts ran: React hydrated the document. */
async function expectHydrated(page: Page) {
  await expect.poll(() => page.evaluate(() => Object.keys(document.body).some((key) => key.startsWith("__react")))).toBe(true);
}

function expectCommonHeaders(headers: Record<string, string>) {
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("geolocation=()");
  expect(headers["permissions-policy"]).toContain("microphone=()");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
}

/** All of a response's headers, from the browser's page or from the test's own request. */
const headersOf = (response: APIResponse | Response) => ("allHeaders" in response ? response.allHeaders() : response.headers());

/** The policy of a page the same for every reader: its own inline scripts' hashes, nothing per request. */
async function expectHashPolicy(response: APIResponse | Response) {
  const headers = await headersOf(response);
  const hashes = inlineScriptHashes(await response.text());
  expect(hashes.length).toBeGreaterThanOrEqual(3);
  expect(headers["content-security-policy"]).toBe(hashPolicy(hashes));
  expectCommonHeaders(headers);
}

/** The policy of a page rendered for one request: the nonce every one of its scripts carries. */
async function expectNoncePolicy(response: APIResponse | Response): Promise<string> {
  const headers = await headersOf(response);
  const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"] ?? "")?.[1];
  expect(nonce, headers["content-security-policy"]).toBeTruthy();
  expect(headers["content-security-policy"]).toBe(noncePolicy(nonce!));
  const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThanOrEqual(3);
  // Data blocks (structured data, the editor's opening state) are never run, so the policy has nothing to say of them.
  for (const script of scripts.filter((tag) => !/ type="application\/(ld\+json|octet-stream)"/.test(tag))) expect(script).toContain(` nonce="${nonce}"`);
  expectCommonHeaders(headers);
  return nonce!;
}

async function publishedCheckPath(request: Page["request"]) {
  const link = /href="(\/fact-checks\/[a-z0-9-]+)"/.exec(await (await request.get("/")).text())?.[1];
  expect(link, "a published check on the home page").toBeTruthy();
  return link!;
}

/**
 * An answer from Next.js and the response cache's copy of it. A page Next.js
 * sends stale (the home page a minute after its render) is not kept: then the
 * next answer is Next.js's again, and kept.
 */
async function answeredTwice(request: Page["request"], path: string, headers: Record<string, string>) {
  let first = await request.get(path, { headers });
  // A copy lives a second (FACTDESK_RESPONSE_CACHE_MS): on a busy machine a pair of requests can straddle it.
  for (let attempt = 0; attempt < 6; attempt++) {
    const second = await request.get(path, { headers });
    if (second.headers()["x-factdesk-cache"] === "HIT") return [first, second] as const;
    first = second;
  }
  throw new Error(`${path}: the response cache kept no copy`);
}

test("public pages: the hashes of their own inline scripts, on the copy the response cache keeps, compressed or not", async ({ request }) => {
  const check = await publishedCheckPath(request);
  for (const path of ["/", "/about", check, `${check}/versions/1`]) {
    for (const headers of [{}, { "accept-encoding": "gzip" }] as Record<string, string>[]) {
      const [first, second] = await answeredTwice(request, path, headers);
      expect([first.status(), second.status()], path).toEqual([200, 200]);
      await expectHashPolicy(first);
      await expectHashPolicy(second);
      expect(await second.text()).toBe(await first.text());
      expect(second.headers()["content-security-policy"]).toBe(first.headers()["content-security-policy"]);
    }
  }
  // The cached "not found" of a check, and the prerendered one of any other address.
  for (const path of ["/fact-checks/no-such-check", "/no-such-page"]) {
    const missing = await request.get(path);
    expect(missing.status()).toBe(404);
    await expectHashPolicy(missing);
  }
  // Not pages: a policy that allows nothing.
  for (const path of ["/api/health", "/feed.xml", "/sitemap.xml"]) {
    expect((await request.get(path)).headers()["content-security-policy"], path).toBe("default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'");
  }
});

test("a reader reads, reports and searches without a violation", async ({ page }) => {
  const violations = await watchViolations(page);
  const home = await page.goto("/");
  await expectHashPolicy(home!);
  await expectHydrated(page);

  await page.getByRole("main").getByRole("link").filter({ hasText: "?" }).first().click();
  await expect(page.getByText(/^Checked on /)).toBeVisible();
  await expectHydrated(page);
  await page.getByText("Report outdated information").click();
  await page.getByLabel("What looks outdated? (optional)").fill("The figures changed.");

  // Search results are rendered per request: a nonce.
  const search = page.waitForResponse((response) => new URL(response.url()).pathname === "/search");
  await page.getByRole("searchbox", { name: "Search fact-checks" }).fill("school");
  await page.keyboard.press("Enter");
  await expectNoncePolicy(await search);
  await expect(page.getByRole("main").getByRole("link").first()).toBeVisible();
  await expectHydrated(page);

  await page.getByRole("link", { name: "How we check" }).click();
  await expect(page).toHaveURL(/\/about$/);
  await expectHydrated(page);
  expect(violations).toEqual([]);
});

/**
 * The engine's files (lib/engine-chunks.mjs) named in the head of the editor page's HTML, each once, with its
 * nonce: the browser fetches them with the page's own scripts, before these run.
 */
async function expectEnginePreloads(editorPage: Response, nonce: string) {
  const html = await editorPage.text();
  const head = html.slice(0, html.indexOf("</head>"));
  const preloads = [...head.matchAll(/<link [^>]*rel="preload"[^>]*>/g)].map(([tag]) => ({
    href: /href="([^"]+)"/.exec(tag)?.[1],
    as: /as="([^"]+)"/.exec(tag)?.[1],
    nonce: /nonce="([^"]+)"/.exec(tag)?.[1],
  }));
  for (const href of engineChunks()) expect(preloads.filter((preload) => preload.href === href)).toEqual([{ href, as: href.endsWith(".css") ? "style" : "script", nonce }]);
}

test("sign-in, the desk and the editor: a fresh nonce on each page, and writing and citing raise no violation", async ({ page, request, signIn }) => {
  // Several pages, a citation and a save: more than the default 30 s on a busy 2-core machine.
  test.setTimeout(60_000);
  const nonces = [await expectNoncePolicy(await request.get("/login")), await expectNoncePolicy(await request.get("/login"))];
  expect(nonces[0]).not.toBe(nonces[1]);

  const violations = await watchViolations(page);
  const login = await page.goto("/login");
  await expectNoncePolicy(login!);
  await expectHydrated(page);
  await signIn(page, DEMO.writer);
  const desk = await page.goto("/desk");
  await expectNoncePolicy(desk!);
  await expectHydrated(page);

  const word = `kestrel${crypto.randomBytes(4).toString("hex")}`;
  const source = await page.request.post("/api/v1/sources", { data: { url: `https://birds.example.org/${word}`, title: `Kestrel survey ${word}` } });
  expect(source.status()).toBe(201);
  const created = await page.request.post("/api/v1/fact-checks", {
    data: { question: `Are kestrels declining? ${word}`, sections: [{ heading: "Counts", body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Fewer were counted." }] }] } }] },
  });
  const { id } = (await created.json()) as { id: string };
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  const editorPage = await page.goto(`/desk/fact-checks/${id}`);
  const editorNonce = await expectNoncePolicy(editorPage!);
  const body = page.getByRole("textbox", { name: "Section 1 body" });
  // The editor itself, not the first view it replaces: its base styles, and Cite, are the engine's (which loads from
  // here, on a machine that may be busy).
  await expect(body).toHaveAttribute("contenteditable", "true", { timeout: 15_000 });
  // Tiptap's base styles come from a stylesheet, not an injected <style>.
  await expect(page.locator("style")).toHaveCount(0);
  expect(await body.evaluate((element) => getComputedStyle(element).whiteSpace)).toBe("break-spaces");

  // The engine's files (lib/engine-chunks.mjs) are named in the page's HTML, with its nonce, and are the very
  // files its steps then load: each fetched once, none refused.
  const engine = engineChunks();
  expect(engine.filter((href) => href.endsWith(".js")).length).toBeGreaterThanOrEqual(3);
  await expectEnginePreloads(editorPage!, editorNonce);
  const loaded = await page.evaluate(() => [...document.querySelectorAll<HTMLScriptElement>("script[src]")].map((script) => new URL(script.src).pathname));
  for (const href of engine.filter((file) => file.endsWith(".js"))) {
    expect(loaded).toContain(href);
    expect(requested.filter((url) => url === href)).toHaveLength(1);
  }

  await body.click();
  await page.keyboard.press("End");
  await page.keyboard.type(" Most of them in the north.");
  await page.keyboard.press("Control+Shift+K");
  const picker = page.getByRole("dialog", { name: "Cite a source" });
  await expect(picker.getByRole("searchbox", { name: "Search the library" })).toBeFocused();
  await page.keyboard.type(word);
  await picker.getByRole("button", { name: new RegExp(`Kestrel survey ${word}`) }).click();
  await expect(picker).toBeHidden();
  await expect(body.locator("[data-citation-number]")).toHaveText(["[1]"]);
  await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
  expect(violations).toEqual([]);
});

test("the editor as a session's first page: the engine's files in its head, each once, fetched once", async ({ browser, baseURL }) => {
  const writer = await signedInPage(browser, DEMO.writer);
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: { question: `Do owls hunt by sound? ${crypto.randomBytes(4).toString("hex")}`, sections: [{ heading: "Hearing", body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Barn owls do." }] }] } }] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  // Signed in by the sign-in endpoint, as a form of another site or tab would: no page of this session drawn yet.
  const page = await (await browser.newContext()).newPage();
  const csrf = await page.request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await page.request.post("/api/auth/callback/credentials", {
    form: { email: DEMO.writer, password: DEMO_PASSWORD, csrfToken, callbackUrl: "/desk" },
    headers: { origin: baseURL! },
    maxRedirects: 0,
  });
  expect(signedIn.status()).toBe(302);
  const violations = await watchViolations(page);
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  const editorPage = await page.goto(`/desk/fact-checks/${id}`);
  await expectEnginePreloads(editorPage!, await expectNoncePolicy(editorPage!));
  await expect(page.getByRole("textbox", { name: "Section 1 body" })).toHaveAttribute("contenteditable", "true", { timeout: 15_000 });
  for (const href of engineChunks()) expect(requested.filter((url) => url === href)).toHaveLength(1);
  expect(violations).toEqual([]);
  for (const p of [writer, page]) await p.context().close();
});

test("text that looks like a script stays text: a published check's hashes are only the app's own scripts", async ({ browser, request }) => {
  const writer = await signedInPage(browser, DEMO.writer);
  const reviewer = await signedInPage(browser, DEMO.reviewer);
  const editor = await signedInPage(browser, DEMO.editor);
  const tag = crypto.randomBytes(4).toString("hex");
  const attack = `</script><script>alert("${tag}")</script><img src=x onerror=alert(1)>`;
  const id = await approvedCheck(writer, reviewer, { question: `Is this a script? ${tag} ${attack}`, summary: attack, body: `"]);alert(1);//${attack}` });
  const published = await editor.request.post(`/api/v1/fact-checks/${id}/publish`, { data: {} });
  expect(published.status()).toBe(201);
  const { version } = (await published.json()) as { version: { slug: string } };

  const answer = await request.get(`/fact-checks/${version.slug}`);
  const html = await answer.text();
  await expectHashPolicy(answer);
  expect(html).not.toContain(`<script>alert("${tag}")`);
  expect(html).not.toContain("<img src=x");
  // As many inline scripts as a demo check's page has: the app's, none from the text.
  const demo = await request.get(await publishedCheckPath(request));
  expect(inlineScriptHashes(html)).toHaveLength(inlineScriptHashes(await demo.text()).length);

  const reader = await (await browser.newContext()).newPage();
  const violations = await watchViolations(reader);
  let dialogs = 0;
  reader.on("dialog", (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  await reader.goto(`/fact-checks/${version.slug}`);
  await expect(reader.getByRole("heading", { level: 1 })).toContainText(`<script>alert("${tag}")</script>`);
  await expectHydrated(reader);
  expect([dialogs, violations]).toEqual([0, []]);
  for (const p of [writer, reviewer, editor, reader]) await p.context().close();
});

test("the build's scripts and styles: compressed at build time (Brotli, or gzip), the scripts marked for eager compilation, with every response's headers", async ({ request }) => {
  const html = await (await request.get("/about")).text();
  const files = [...new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"?]+\.(?:js|css))"/g)].map((match) => match[1]!))];
  expect(files.length).toBeGreaterThanOrEqual(4);
  const encodings: Record<string, string[]> = {};
  for (const file of files) {
    for (const accepted of ["gzip, deflate, br, zstd", "gzip"]) {
      const response = await request.get(file, { headers: { "accept-encoding": accepted } });
      expect(response.status(), file).toBe(200);
      const headers = response.headers();
      expectCommonHeaders(headers);
      expect(headers["content-security-policy"], file).toBe("default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'");
      expect(headers["cache-control"], file).toBe("public, max-age=31536000, immutable");
      expect(headers["content-type"], file).toMatch(file.endsWith(".css") ? /^text\/css/ : /^application\/javascript/);
      const body = await response.body();
      expect(body.length, file).toBeGreaterThan(0);
      // Whichever copy is sent, a script starts with the compile hint (lib/compile-hints.mjs).
      if (file.endsWith(".js")) expect(body.subarray(0, 29).toString(), file).toBe("//# allFunctionsCalledOnLoad\n");
      (encodings[accepted] ??= []).push(headers["content-encoding"] ?? "none");
    }
  }
  // Every file of any size has its copies; only a tiny one may go as it is.
  expect(encodings["gzip, deflate, br, zstd"]!.filter((e) => e === "br").length).toBeGreaterThanOrEqual(files.length - 2);
  expect(encodings["gzip"]!.filter((e) => e === "br")).toEqual([]);
  expect(encodings["gzip"]!.filter((e) => e === "gzip").length).toBeGreaterThanOrEqual(files.length - 2);
});
