/**
 * Input schemas for fact-checks, shared by the API, server actions and forms.
 * Field paths in errors use the API's names (`sections.2.heading`).
 */
import { z } from "zod";
import { LIMITS, parseRichDoc, type RichDoc } from "./document";
export { fieldErrors } from "./validation";

/**
 * Each rich text object already parsed, with its result: the live server
 * validates its whole document at every store, and a field that did not
 * change is the same object as at the last one (`ContentMemo` in
 * lib/collab/document.ts), so it is not walked again. Results are shared and
 * never changed, as the inputs they were parsed from.
 */
const parsedDocs = new WeakMap<object, ReturnType<typeof parseRichDoc>>();

function parseRichDocOnce(value: unknown): ReturnType<typeof parseRichDoc> {
  if (!value || typeof value !== "object") return parseRichDoc(value);
  let result = parsedDocs.get(value);
  if (!result) parsedDocs.set(value, (result = parseRichDoc(value)));
  return result;
}

const richDoc = z.unknown().transform((value, ctx): RichDoc => {
  const result = parseRichDocOnce(value);
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: result.message });
    return z.NEVER;
  }
  return result.value;
});

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "Ids are 1–64 letters, digits, dashes or underscores");

export const questionSchema = z
  .string({ error: "Enter the question" })
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .min(1, "Enter the question")
      .max(LIMITS.question, `The question must be at most ${LIMITS.question} characters`),
  );

export const topicSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(z.string().max(LIMITS.topic, `The topic must be at most ${LIMITS.topic} characters`))
  .transform((s) => (s.length ? s : null))
  .nullable();

export const sectionInputSchema = z
  .object({
    id: idSchema.optional(),
    heading: z
      .string()
      .transform((s) => s.replace(/\s+/g, " ").trim())
      .pipe(z.string().max(LIMITS.heading, `Headings must be at most ${LIMITS.heading} characters`)),
    body: richDoc,
  })
  .strict();

export const relatedQuestionInputSchema = z.union([
  z.string().transform((text) => ({ id: undefined as string | undefined, text })),
  z.object({ id: idSchema.optional(), text: z.string() }).strict(),
]).transform((q) => ({ id: q.id, text: q.text.replace(/\s+/g, " ").trim() }))
  .pipe(
    z.object({
      id: z.string().or(z.undefined()),
      text: z
        .string()
        .min(1, "Enter the related question or remove it")
        .max(LIMITS.relatedQuestion, `Related questions must be at most ${LIMITS.relatedQuestion} characters`),
    }),
  );

function noDuplicateIds(list: { id?: string }[], ctx: z.RefinementCtx, what: string) {
  const seen = new Set<string>();
  list.forEach((item, index) => {
    if (!item.id) return;
    if (seen.has(item.id)) ctx.addIssue({ code: "custom", message: `Duplicate ${what}`, path: [index, "id"] });
    seen.add(item.id);
  });
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().max(max, `${label} must be at most ${max} characters`))
    .transform((s) => (s.length ? s : null))
    .nullable();

export const factCheckFieldsSchema = z.object({
  question: questionSchema,
  topic: topicSchema,
  summary: richDoc,
  sections: z
    .array(sectionInputSchema)
    .max(LIMITS.sections, `A check can have at most ${LIMITS.sections} sections`)
    .superRefine((list, ctx) => noDuplicateIds(list, ctx, "section")),
  relatedQuestions: z
    .array(relatedQuestionInputSchema)
    .max(LIMITS.relatedQuestions, `At most ${LIMITS.relatedQuestions} related questions`)
    .superRefine((list, ctx) => noDuplicateIds(list, ctx, "related question")),
  refreshIntervalDays: z
    .number({ error: "The refresh interval is a number of days" })
    .int("The refresh interval is a whole number of days")
    .min(1, "The refresh interval is at least 1 day")
    .max(3650, "The refresh interval is at most 3650 days")
    .nullable(),
  claimReviewed: optionalText(500, "The claim"),
  verdict: optionalText(100, "The verdict"),
  claimAppearance: z
    .string()
    .trim()
    .max(2048)
    .refine((s) => s === "" || /^https?:\/\/[^\s]+$/i.test(s), "The claim's appearance must be an http(s) URL")
    .transform((s) => (s.length ? s : null))
    .nullable(),
});

export const createFactCheckSchema = factCheckFieldsSchema
  .partial()
  .extend({ question: questionSchema })
  .strict();

export const updateFactCheckSchema = factCheckFieldsSchema
  .partial()
  .extend({ version: z.number({ error: "Send the version this edit started from" }).int().positive() })
  .strict();

export type CreateFactCheckInput = z.infer<typeof createFactCheckSchema>;
export type UpdateFactCheckInput = z.infer<typeof updateFactCheckSchema>;

