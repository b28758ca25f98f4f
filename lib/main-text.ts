/**
 * The main text of an HTML page, for the link checker's change detection and
 * the archived copies (lib/server/link-checks.ts): what a reader reads, without
 * what changes on every visit around it. A hash of this text, not of the HTML,
 * tells whether a source changed, so a new ad, a rotated "most read" box or
 * today's date in the header does not count as a change.
 *
 * - Only the page's `<main>` (or, without one, its `<article>`s, or else its
 *   `<body>`) is read.
 * - Left out with everything inside them: scripts, styles and other non-text
 *   elements (`script`, `style`, `noscript`, `template`, `svg`, `iframe`,
 *   `canvas`, `form`, …), the page's furniture (`nav`, `header`, `footer`,
 *   `aside`, and the ARIA roles `navigation`, `banner`, `contentinfo`,
 *   `complementary`, `search`), anything `hidden`, `<time>` elements, and
 *   elements whose class or id names an ad, a promotion, a cookie notice or a
 *   share bar (`ad`, `ads`, `advert…`, `sponsor…`, `promo…`, `cookie…`, `share…`, …).
 * - Entities are decoded, whitespace runs collapse to one space (a paragraph
 *   break to one newline), and the text is trimmed.
 *
 * A small tokenizer rather than a full HTML parser: it reads tags, comments,
 * CDATA and raw-text elements as browsers do, and recovers from unclosed or
 * stray tags by closing back to the matching open element. It never builds a
 * tree, so a page costs one pass over its characters.
 */

const SKIPPED_TAGS = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "math",
  "iframe",
  "object",
  "embed",
  "canvas",
  "video",
  "audio",
  "picture",
  "form",
  "select",
  "button",
  "nav",
  "header",
  "footer",
  "aside",
  "time",
  "head",
  "title",
  "dialog",
]);

const SKIPPED_ROLES = new Set(["navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert", "alertdialog"]);

/** Class or id words that name page furniture rather than content. */
const FURNITURE = /(?:^|[\s_-])(?:ad|ads|adv|advert\w*|advertisement\w*|sponsor\w*|promo\w*|cookie\w*|consent\w*|share|sharing|social|newsletter|related|recommended|most-read|outbrain|taboola|banner)(?:$|[\s_-])/i;

/** Elements whose content is raw text up to their end tag. */
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"]);

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);

/** Elements that end a line of text. */
const BLOCK = new Set([
  "p",
  "div",
  "section",
  "article",
  "main",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "table",
  "tr",
  "td",
  "th",
  "caption",
  "figure",
  "figcaption",
  "br",
  "hr",
  "address",
  "details",
  "summary",
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  hellip: "…",
  copy: "©",
  reg: "®",
  trade: "™",
  euro: "€",
  pound: "£",
  eacute: "é",
  egrave: "è",
  agrave: "à",
  ccedil: "ç",
  uuml: "ü",
  ouml: "ö",
  auml: "ä",
  szlig: "ß",
  shy: "",
  zwj: "",
  zwnj: "",
};

/** Decodes character references: named (the common ones), decimal and hexadecimal. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});?/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[ref.toLowerCase()];
    return named ?? whole;
  });
}

type Tag = { name: string; closing: boolean; selfClosing: boolean; attributes: Map<string, string>; end: number };

/** Reads the tag starting at `start` (the `<`); null when the `<` starts no tag (it is text then). */
function readTag(html: string, start: number): Tag | null {
  let i = start + 1;
  const closing = html[i] === "/";
  if (closing) i += 1;
  const nameMatch = /^[a-zA-Z][a-zA-Z0-9:-]*/.exec(html.slice(i, i + 64));
  if (!nameMatch) return null;
  const name = nameMatch[0].toLowerCase();
  i += nameMatch[0].length;
  const attributes = new Map<string, string>();
  const length = html.length;
  while (i < length) {
    while (i < length && /\s/.test(html[i]!)) i += 1;
    if (i >= length) break;
    if (html[i] === ">") return { name, closing, selfClosing: false, attributes, end: i + 1 };
    if (html[i] === "/" && html[i + 1] === ">") return { name, closing, selfClosing: true, attributes, end: i + 2 };
    if (html[i] === "/") {
      i += 1;
      continue;
    }
    const attrStart = i;
    while (i < length && !/[\s=>]/.test(html[i]!) && !(html[i] === "/" && html[i + 1] === ">")) i += 1;
    const attrName = html.slice(attrStart, i).toLowerCase();
    while (i < length && /\s/.test(html[i]!)) i += 1;
    let value = "";
    if (html[i] === "=") {
      i += 1;
      while (i < length && /\s/.test(html[i]!)) i += 1;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close === -1 ? length : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const valueStart = i;
        while (i < length && !/[\s>]/.test(html[i]!)) i += 1;
        value = html.slice(valueStart, i);
      }
    }
    if (attrName && !attributes.has(attrName)) attributes.set(attrName, decodeEntities(value));
  }
  return { name, closing, selfClosing: false, attributes, end: length };
}

function isFurniture(tag: Tag): boolean {
  if (SKIPPED_TAGS.has(tag.name)) return true;
  if (tag.attributes.has("hidden") || tag.attributes.get("aria-hidden") === "true") return true;
  const role = tag.attributes.get("role")?.trim().toLowerCase();
  if (role && SKIPPED_ROLES.has(role)) return true;
  const names = `${tag.attributes.get("class") ?? ""} ${tag.attributes.get("id") ?? ""}`.trim();
  return names.length > 0 && FURNITURE.test(names);
}

type Region = "main" | "article" | "body";

/**
 * The text of the page within the first region that has any: `<main>`, then
 * `<article>`, then `<body>` (the whole document when it has no body tag).
 */
export function extractMainText(html: string): string {
  const texts: Record<Region, string[]> = { main: [], article: [], body: [] };
  /** Open elements, each marked when it (or an ancestor) is furniture. */
  const stack: { name: string; skip: boolean; region: Region | null }[] = [];
  let skipDepth = 0;
  let mainDepth = 0;
  let articleDepth = 0;
  const length = html.length;
  const lower = html.toLowerCase();
  let i = 0;

  const emit = (text: string) => {
    if (skipDepth > 0) return;
    texts.body.push(text);
    if (mainDepth > 0) texts.main.push(text);
    if (articleDepth > 0) texts.article.push(text);
  };
  // Line breaks in the HTML's text are spaces: only elements break lines.
  const emitText = (text: string) => emit(text.replace(/\s+/g, " "));
  const open = (name: string, skip: boolean) => {
    const region: Region | null = name === "main" ? "main" : name === "article" ? "article" : null;
    stack.push({ name, skip, region });
    if (skip) skipDepth += 1;
    if (region === "main") mainDepth += 1;
    if (region === "article") articleDepth += 1;
  };
  const closeTo = (index: number) => {
    while (stack.length > index) {
      const top = stack.pop()!;
      if (top.skip) skipDepth -= 1;
      if (top.region === "main") mainDepth -= 1;
      if (top.region === "article") articleDepth -= 1;
      if (BLOCK.has(top.name)) emit("\n");
    }
  };

  while (i < length) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      emitText(html.slice(i));
      break;
    }
    if (lt > i) emitText(html.slice(i, lt));
    if (html.startsWith("<!--", lt)) {
      const close = html.indexOf("-->", lt + 4);
      i = close === -1 ? length : close + 3;
      continue;
    }
    if (html.startsWith("<![CDATA[", lt)) {
      const close = html.indexOf("]]>", lt + 9);
      i = close === -1 ? length : close + 3;
      continue;
    }
    if (html[lt + 1] === "!" || html[lt + 1] === "?") {
      const close = html.indexOf(">", lt + 2);
      i = close === -1 ? length : close + 1;
      continue;
    }
    const tag = readTag(html, lt);
    if (!tag) {
      emit("<");
      i = lt + 1;
      continue;
    }
    i = tag.end;
    if (tag.closing) {
      // Close back to the nearest open element of that name; a stray end tag is ignored.
      for (let k = stack.length - 1; k >= 0; k -= 1) {
        if (stack[k]!.name === tag.name) {
          closeTo(k);
          break;
        }
      }
      if (tag.name === "br" || tag.name === "p") emit("\n");
      continue;
    }
    const skip = isFurniture(tag);
    if (RAW_TEXT.has(tag.name)) {
      // Raw text up to the end tag: never markup, and only textarea's is text a reader sees.
      const close = lower.indexOf(`</${tag.name}`, i);
      const stop = close === -1 ? length : close;
      if (tag.name === "textarea" && !skip) emitText(html.slice(i, stop));
      const end = close === -1 ? length : html.indexOf(">", close);
      i = end === -1 ? length : end + 1;
      continue;
    }
    if (VOID.has(tag.name) || tag.selfClosing) {
      if (BLOCK.has(tag.name)) emit("\n");
      if (tag.name === "img" && skipDepth === 0) {
        const alt = tag.attributes.get("alt");
        if (alt) emit(` ${alt} `);
      }
      continue;
    }
    if (BLOCK.has(tag.name)) emit("\n");
    open(tag.name, skip);
  }

  const region: Region = texts.main.length && hasWords(texts.main) ? "main" : texts.article.length && hasWords(texts.article) ? "article" : "body";
  return normalizeText(decodeEntities(texts[region].join("")));
}

function hasWords(parts: string[]): boolean {
  return parts.some((p) => /\S/.test(p));
}

/** Collapses whitespace: runs within a line to one space, line breaks (with what surrounds them) to one newline. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\u00a0\t\f\v \u2000-\u200b\u202f\u205f\u3000]+/g, " ")
    .replace(/ *\r?\n[\s]*/g, "\n")
    .trim();
}

/** The title of the page (`<title>`), whitespace collapsed; null without one. */
export function extractTitle(html: string): string | null {
  const match = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  if (!match) return null;
  const title = decodeEntities(match[1]!).replace(/\s+/g, " ").trim();
  return title || null;
}
