/**
 * The site settings' "Learn more" link after the disclaimer: what is accepted
 * (a path on this site, an http(s) address), what is refused per field, and
 * that leaving it out of an update keeps it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { settings } from "@/db/schema";
import { DEFAULT_SITE_SETTINGS, getSiteSettings, parseDisclaimerLink, updateSiteSettings } from "@/lib/server/settings";
import { domainErrorOf } from "../assertions";
import { useTestDatabase } from "../db";
import { createAdmin, type TestUser } from "../factories";

const getDb = useTestDatabase();

let admin: TestUser;
beforeAll(async () => {
  admin = await createAdmin();
});

const base = { siteName: "Test Desk", disclaimer: "We can make mistakes.", bannerText: "May be outdated.", defaultRefreshIntervalDays: 90, timeZone: "UTC" };

describe("the disclaimer's link", () => {
  it("leads to How we check until an admin changes it", async () => {
    expect(DEFAULT_SITE_SETTINGS.disclaimerLink).toBe("/about");
    expect((await getSiteSettings()).disclaimerLink).toBe("/about");
  });

  it("accepts a path on this site or an http(s) address, and an empty value for no link", async () => {
    for (const [input, stored] of [
      ["/about", "/about"],
      [" /about#sources ", "/about#sources"],
      ["https://www.example.org/how-we-work", "https://www.example.org/how-we-work"],
      ["http://example.org", "http://example.org/"],
      ["", ""],
    ] as const) {
      const saved = await updateSiteSettings({ actor: admin.actor, input: { ...base, disclaimerLink: input } });
      expect(saved.disclaimerLink).toBe(stored);
      expect((await getSiteSettings()).disclaimerLink).toBe(stored);
    }
  });

  it("refuses anything else per field and keeps what was saved", async () => {
    await updateSiteSettings({ actor: admin.actor, input: { ...base, disclaimerLink: "/about" } });
    for (const input of ["javascript:alert(1)", "mailto:desk@example.org", "//evil.example/page", "/\\evil.example", "about", "https://", "ftp://example.org/file"]) {
      const error = await domainErrorOf(() => updateSiteSettings({ actor: admin.actor, input: { ...base, disclaimerLink: input } }));
      expect(error.status).toBe(400);
      expect(error.fields).toEqual({
        disclaimerLink: "Enter a path on this site such as /about, or a web address starting with http:// or https://",
      });
    }
    expect((await getSiteSettings()).disclaimerLink).toBe("/about");
  });

  it("stays as it was when an update leaves it out", async () => {
    await updateSiteSettings({ actor: admin.actor, input: { ...base, disclaimerLink: "https://www.example.org/method" } });
    const saved = await updateSiteSettings({ actor: admin.actor, input: { ...base, disclaimer: "Changed." } });
    expect(saved).toMatchObject({ disclaimer: "Changed.", disclaimerLink: "https://www.example.org/method" });
  });

  it("is never given to a page when what is stored is not a safe link", async () => {
    await getDb()
      .update(settings)
      .set({ value: { ...base, disclaimerLink: "javascript:alert(1)" } })
      .where(eq(settings.key, "site"));
    expect((await getSiteSettings()).disclaimerLink).toBe("");
  });

  it("is checked by one function the form and the page share", () => {
    expect(parseDisclaimerLink("/a/../b?x=1")).toEqual({ ok: true, href: "/b?x=1" });
    expect(parseDisclaimerLink("/\tjavascript:alert(1)").ok).toBe(false);
    expect(parseDisclaimerLink(`/${"a".repeat(2048)}`)).toEqual({ ok: false, message: "The link must be at most 2048 characters" });
  });
});
