/**
 * The editor's first view handed from the page's server render to the render
 * of its HTML (components/editor/first-view-handoff.ts), not through the
 * page's payload: taken once by its token, let go after a minute if never
 * taken, and drawn by the editor's component when the HTML is rendered.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { FactCheckEditor } from "@/components/editor/fact-check-editor";
import { firstViewOf } from "@/components/editor/first-view";
import { drawnOpeningState, handFirstView, OPENING_STATE_ID, takeFirstView } from "@/components/editor/first-view-handoff";
import { DEFAULT_VERDICT_SCALE } from "@/lib/verdicts";

// A server action's module: not what this test renders.
vi.mock("@/app/_actions/reviews", () => ({ withdrawFromReviewAction: vi.fn() }));

afterEach(() => {
  vi.useRealTimers();
});

const paragraph = (text: string) => ({ type: "doc" as const, content: [{ type: "paragraph" as const, content: [{ type: "text" as const, text }] }] });

const content = {
  question: "Do night buses pay for themselves?",
  topic: "Transport",
  summary: paragraph("Mostly not, the figures say."),
  sections: [{ id: "0b7a3c1e-1111-4c3e-9a55-2f6d1f2a9c01", heading: "Ridership", body: paragraph("Ridership rose by a fifth.") }],
  relatedQuestions: [],
  claimReviewed: null,
  verdict: null,
  claimAppearance: null,
};

function editorHtml(firstViewToken: string | null) {
  return renderToString(
    createElement(FactCheckEditor, {
      initial: { id: "5d9c2f4e-2222-4a1b-8c3d-7e6f5a4b3c21", question: content.question, status: "draft", version: 3 },
      me: { id: "u1", name: "Wren Writer" },
      verdicts: DEFAULT_VERDICT_SCALE,
      opening: { access: "write" },
      firstViewToken,
    }),
  );
}

describe("the first view's handoff", () => {
  it("gives the view kept under a token once, and nothing for a token it does not know", () => {
    const view = createElement("p", null, "the view");
    const token = handFirstView(view);
    expect(takeFirstView("no-such-token")).toBeNull();
    expect(takeFirstView(token)).toBe(view);
    expect(takeFirstView(token)).toBeNull();
  });

  it("lets go of a view never taken after a minute", () => {
    vi.useFakeTimers();
    const token = handFirstView(createElement("p", null, "never taken"));
    vi.advanceTimersByTime(59_000);
    const other = handFirstView(createElement("p", null, "taken late"));
    vi.advanceTimersByTime(2_000);
    expect(takeFirstView(token)).toBeNull();
    expect(takeFirstView(other)).not.toBeNull();
  });

  it("is drawn by the editor's render of the HTML, taken by the token the page gives it", () => {
    const { main } = firstViewOf({ content, state: "AQIDBA==", readOnly: false, verdicts: DEFAULT_VERDICT_SCALE, sources: [] });
    const token = handFirstView(main);
    const html = editorHtml(token);
    expect(html).toContain("data-first-view");
    // The live state to open on, in a data block after the main column's fields.
    const block = `<script type="application/octet-stream" id="${OPENING_STATE_ID}">AQIDBA==</script>`;
    expect(html).toContain(block);
    expect(html.indexOf(block)).toBeGreaterThan(html.indexOf("Ridership rose by a fifth."));
    expect(html).toContain("Ridership rose by a fifth.");
    expect(html).toContain('id="section-0b7a3c1e-1111-4c3e-9a55-2f6d1f2a9c01-body"');
    expect(html).not.toContain("Opening the editor");
    // Taken: a second render with the same token (never made by the page) draws no first view, and says the editor is coming.
    const again = editorHtml(token);
    expect(again).not.toContain("data-first-view");
    expect(again).not.toContain("Ridership rose by a fifth.");
    expect(again).toContain("Opening the editor");
  });

  it("refuses a state that is not base64 rather than write it into the page", () => {
    const { main } = firstViewOf({ content, state: "AQID</script><script>alert(1)</script>", readOnly: false, verdicts: DEFAULT_VERDICT_SCALE, sources: [] });
    expect(() => editorHtml(handFirstView(main))).toThrow("The opening state is not base64");
  });

  it("reads no state where there is no document", () => {
    expect(drawnOpeningState()).toBeNull();
  });
});
