import { describe, expect, it } from "vitest";
import { DISALLOW_ALL, parseRobots, robotsAllow } from "./robots";

describe("robots.txt", () => {
  it("applies our own group over the * group, case aside", () => {
    const robots = parseRobots("User-agent: *\nDisallow: /\n\nUser-agent: factdesk\nDisallow: /private\n", "Factdesk");
    expect(robotsAllow(robots, "/reports/2026")).toBe(true);
    expect(robotsAllow(robots, "/private/x")).toBe(false);
  });

  it("uses the * group when no group names us, and comments and unknown lines change nothing", () => {
    const robots = parseRobots("# hello\nUser-agent: Googlebot\nDisallow: /\n\nUser-agent: * # everyone\nDisallow: /search\nCrawl-delay: 10\nSitemap: /s.xml\n", "Factdesk");
    expect(robotsAllow(robots, "/search?q=x")).toBe(false);
    expect(robotsAllow(robots, "/article")).toBe(true);
  });

  it("picks the longest matching rule, Allow winning a tie, with * and $ patterns", () => {
    const robots = parseRobots("User-agent: *\nDisallow: /docs/\nAllow: /docs/public/\nDisallow: /*.pdf$\nAllow: /same\nDisallow: /same\n", "Factdesk");
    expect(robotsAllow(robots, "/docs/internal")).toBe(false);
    expect(robotsAllow(robots, "/docs/public/report")).toBe(true);
    expect(robotsAllow(robots, "/files/report.pdf")).toBe(false);
    expect(robotsAllow(robots, "/files/report.pdf?x=1")).toBe(true);
    expect(robotsAllow(robots, "/same")).toBe(true);
  });

  it("shares rules among user-agent lines of one group, and an empty Disallow allows all", () => {
    const robots = parseRobots("User-agent: other\nUser-agent: Factdesk\nDisallow:\n", "Factdesk");
    expect(robotsAllow(robots, "/anything")).toBe(true);
    const both = parseRobots("User-agent: a\nUser-agent: factdesk\nDisallow: /x\n", "Factdesk");
    expect(robotsAllow(both, "/x/y")).toBe(false);
  });

  it("allows everything without rules, and nothing under DISALLOW_ALL", () => {
    expect(robotsAllow(parseRobots("", "Factdesk"), "/")).toBe(true);
    expect(robotsAllow(DISALLOW_ALL, "/a")).toBe(false);
  });

  it("reads regular-expression characters in paths literally", () => {
    const robots = parseRobots("User-agent: *\nDisallow: /a+b(c)\n", "Factdesk");
    expect(robotsAllow(robots, "/a+b(c)/d")).toBe(false);
    expect(robotsAllow(robots, "/aab")).toBe(true);
  });
});
