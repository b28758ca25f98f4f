import { describe, expect, it } from "vitest";
import { claimReviewGaps, DEFAULT_VERDICT_SCALE, findVerdict } from "./verdicts";

describe("verdicts", () => {
  it("finds a verdict by its words, case and spacing aside", () => {
    expect(findVerdict(DEFAULT_VERDICT_SCALE, "  mostly TRUE ")).toEqual({ label: "Mostly true", rating: 4 });
    expect(findVerdict(DEFAULT_VERDICT_SCALE, "Not supported")).toBeNull();
    expect(findVerdict(DEFAULT_VERDICT_SCALE, null)).toBeNull();
  });

  it("says what ClaimReview lacks", () => {
    expect(claimReviewGaps({ claimReviewed: null, verdict: null }, DEFAULT_VERDICT_SCALE)).toEqual([
      "No claim reviewed is given: search engines get no ClaimReview for this check",
      "No verdict is chosen: ClaimReview needs one",
    ]);
    expect(claimReviewGaps({ claimReviewed: "A claim", verdict: "Not supported" }, DEFAULT_VERDICT_SCALE)).toEqual([
      "The verdict “Not supported” is not on the newsroom's list, so it has no rating",
    ]);
    expect(claimReviewGaps({ claimReviewed: "A claim", verdict: "False" }, DEFAULT_VERDICT_SCALE)).toEqual([]);
  });
});
