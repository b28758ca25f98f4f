/**
 * robots.txt as RFC 9309 reads it, for the link checker: the group for our
 * product token (else the `*` group), then the longest matching rule, `Allow`
 * winning a tie; `*` matches any characters and a final `$` anchors the end.
 * Paths are compared percent-encoded as sent.
 */

export type RobotsRules = { rules: { allow: boolean; pattern: string }[] };

/** Rules that allow everything (no robots.txt, or one that could not be read as 4xx). */
export const ALLOW_ALL: RobotsRules = { rules: [] };
/** Rules that disallow everything (robots.txt answered a server error: RFC 9309, 2.3.1.4). */
export const DISALLOW_ALL: RobotsRules = { rules: [{ allow: false, pattern: "/" }] };

/**
 * The rules of `text` that apply to `productToken` (e.g. "Factdesk"), matched
 * case-insensitively against each group's user-agent lines.
 */
export function parseRobots(text: string, productToken: string): RobotsRules {
  const token = productToken.toLowerCase();
  type Group = { agents: string[]; rules: { allow: boolean; pattern: string }[] };
  const groups: Group[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, "").trim();
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "user-agent") {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if ((key === "allow" || key === "disallow") && current) {
      // An empty Disallow allows everything: it is no rule.
      if (value === "") continue;
      current.rules.push({ allow: key === "allow", pattern: value });
    }
  }
  const own = groups.filter((g) => g.agents.some((a) => a !== "*" && a.length > 0 && token.startsWith(a)));
  const chosen = own.length ? own : groups.filter((g) => g.agents.includes("*"));
  return { rules: chosen.flatMap((g) => g.rules) };
}

function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith("$");
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const regex = new RegExp(`^${body.split("*").map(escapeRegExp).join(".*")}${anchored ? "$" : ""}`);
  return regex.test(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether the rules allow fetching `pathAndQuery` ("/a/b?c=d"). */
export function robotsAllow(robots: RobotsRules, pathAndQuery: string): boolean {
  let best: { allow: boolean; length: number } | null = null;
  for (const rule of robots.rules) {
    if (!patternMatches(rule.pattern, pathAndQuery)) continue;
    const length = rule.pattern.length;
    if (!best || length > best.length || (length === best.length && rule.allow && !best.allow)) best = { allow: rule.allow, length };
  }
  return best ? best.allow : true;
}
