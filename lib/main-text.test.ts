import { describe, expect, it } from "vitest";
import { decodeEntities, extractMainText, extractTitle, normalizeText } from "./main-text";

const page = ({ head = "", header = "", main, aside = "", footer = "" }: { head?: string; header?: string; main: string; aside?: string; footer?: string }) =>
  `<!doctype html><html><head><title>Report</title>${head}</head><body>${header}<main>${main}</main>${aside}${footer}</body></html>`;

describe("extractMainText", () => {
  it("keeps the text of <main>, one line per block, and leaves out the page's furniture", () => {
    const html = page({
      head: `<script>var ad = "<p>not text</p>";</script><style>p { color: red }</style>`,
      header: `<header><nav><a href="/">Home</a> <a href="/news">News</a></nav><p>Friday, 5 December 2026</p></header>`,
      main: `<h1>Unemployment fell to 4.1%</h1><p>The  agency's
        figures, published <em>today</em>, show a fall.</p><ul><li>Men: 4.0%</li><li>Women: 4.2%</li></ul>`,
      aside: `<aside><h2>Most read</h2><p>Something else</p></aside>`,
      footer: `<footer>© 2026 The Agency</footer>`,
    });
    expect(extractMainText(html)).toBe("Unemployment fell to 4.1%\nThe agency's figures, published today, show a fall.\nMen: 4.0%\nWomen: 4.2%");
  });

  it("gives the same text when only the ads, the date or the scripts change", () => {
    const base = (ad: string, date: string, script: string) =>
      page({
        header: `<header>${date}</header>`,
        main: `<article><p>The bridge will close for repairs in March.</p><div class="ad-slot">${ad}</div><time datetime="2026-12-05">${date}</time><script>${script}</script><div id="sponsored-content">${ad}</div></article>`,
      });
    const a = extractMainText(base("Buy shoes!", "December 5, 2026", "track(1)"));
    const b = extractMainText(base("Cheap flights to Lisbon", "December 6, 2026", "track(2); load()"));
    expect(a).toBe("The bridge will close for repairs in March.");
    expect(b).toBe(a);
  });

  it("changes when the text a reader reads changes", () => {
    const a = extractMainText(page({ main: "<p>The bridge will close for repairs in March.</p>" }));
    const b = extractMainText(page({ main: "<p>The bridge will close for repairs in May.</p>" }));
    expect(a).not.toBe(b);
  });

  it("falls back to <article>, then to <body>, when the page has no <main>", () => {
    expect(extractMainText("<body><nav>Menu</nav><article><p>Only this.</p></article><p>Not this.</p></body>")).toBe("Only this.");
    expect(extractMainText("<body><nav>Menu</nav><p>All of this.</p><p>And this.</p></body>")).toBe("All of this.\nAnd this.");
    expect(extractMainText("Just text, no tags")).toBe("Just text, no tags");
  });

  it("leaves out hidden elements, ARIA landmarks of furniture, forms and cookie notices", () => {
    const html = page({
      main: `<p>Kept.</p><div hidden>Hidden</div><div aria-hidden="true">Also hidden</div><div role="navigation">Breadcrumbs</div>
        <form><label>Email <input name="e"></label><button>Subscribe</button></form><div class="cookie-banner">We use cookies</div>
        <div class="share-bar">Share</div><section class="newsletter">Sign up</section><p>Also kept.</p>`,
    });
    expect(extractMainText(html)).toBe("Kept.\nAlso kept.");
  });

  it("reads comments, CDATA, raw-text elements and odd markup as a browser would", () => {
    const html = `<main><!-- <p>commented out</p> --><p>a &lt; b &amp;&amp; c &gt; d</p><textarea>typed &amp; kept</textarea>
      <p title="x > y">quoted attribute</p><p>1 < 2 and 3<4</p><![CDATA[ignored]]><p>unclosed<p>paragraphs</main>`;
    expect(extractMainText(html)).toBe("a < b && c > d\ntyped & kept\nquoted attribute\n1 < 2 and 3<4\nunclosed\nparagraphs");
  });

  it("does not let a script's text end early on a string that looks like a tag", () => {
    const html = `<main><script>document.write("<p>fake</p>")</script><p>Real.</p><SCRIPT type="x">"</main>"</SCRIPT><p>Still real.</p></main>`;
    expect(extractMainText(html)).toBe("Real.\nStill real.");
  });

  it("keeps an image's alternative text and stray end tags change nothing", () => {
    expect(extractMainText(`<main><p>Chart: <img src="c.png" alt="unemployment by month"></p></span></div><p>End.</p></main>`)).toBe(
      "Chart: unemployment by month\nEnd.",
    );
  });

  it("reads a large page in one pass", () => {
    const html = page({ main: "<p>Lorem ipsum dolor sit amet.</p><script>x()</script>".repeat(20_000) });
    const text = extractMainText(html);
    expect(text.split("\n")).toHaveLength(20_000);
  });
});

describe("helpers", () => {
  it("decodes named, decimal and hexadecimal references, and leaves unknown ones", () => {
    expect(decodeEntities("caf&eacute; &#8364;5 &#x1F600; &nbsp;&unknown; &amp")).toBe("café €5 😀  &unknown; &");
    expect(decodeEntities("&#0; &#xD800;")).toBe("\uFFFD \uFFFD");
  });

  it("collapses whitespace within lines and blank lines between them", () => {
    expect(normalizeText("  a \t b\u00a0c \n\n  \n d  ")).toBe("a b c\nd");
  });

  it("reads the title", () => {
    expect(extractTitle("<html><head><title> A &amp; B\n report </title></head></html>")).toBe("A & B report");
    expect(extractTitle("<p>no title</p>")).toBeNull();
  });
});
