/**
 * The server actions' wrapper (lib/server/form.ts): the form read with a schema,
 * the signed-in actor, the domain call, and what went wrong per field.
 * The actor comes from `actionWrappers(loadActor)`, as the session gives it to the app.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { z } from "zod";
import { factChecks } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { createFactCheck } from "@/lib/server/fact-checks";
import { actionWrappers, repeated, text } from "@/lib/server/form";
import { useTestDatabase } from "../db";
import { createWriter, type TestUser } from "../factories";

const getDb = useTestDatabase();

let writer: TestUser;
beforeAll(async () => {
  writer = await createWriter();
});

const signedIn = () => actionWrappers(async () => writer.actor);
const signedOut = () => actionWrappers(async (): Promise<Actor | null> => null);

const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) data.append(name, one);
  return data;
};

const storedQuestions = async (question: string) =>
  (await getDb().select({ question: factChecks.question, ownerId: factChecks.ownerId }).from(factChecks).where(eq(factChecks.question, question)));

const newCheckForm = z.object({ question: text(), topic: text() });

describe("formAction", () => {
  it("runs the action with the form's fields and the signed-in actor, and answers what it returns", async () => {
    const received: unknown[] = [];
    const action = signedIn().formAction(newCheckForm, async (input, actor) => {
      received.push(input);
      const check = await createFactCheck({ actor, input });
      return { done: `Created ${check.question}` };
    });

    expect(await action({}, form({ question: "Is the valid form stored?", extra: "ignored" }))).toEqual({ done: "Created Is the valid form stored?" });
    // A text field the form did not send is "", a field the schema does not name is not read.
    expect(received).toEqual([{ question: "Is the valid form stored?", topic: "" }]);
    expect(await storedQuestions("Is the valid form stored?")).toEqual([{ question: "Is the valid form stored?", ownerId: writer.id }]);
  });

  it("reads a repeated field as a list, in order", async () => {
    const received: unknown[] = [];
    const action = signedIn().formAction(z.object({ ids: repeated(), none: repeated() }), async (input) => {
      received.push(input);
      return {};
    });
    await action({}, form({ ids: ["b", "a", "b"] }));
    expect(received).toEqual([{ ids: ["b", "a", "b"], none: [] }]);
  });

  it("answers the schema's errors per field, with the values sent but the secret ones, and never runs the action", async () => {
    let ran = false;
    const action = signedIn().formAction(
      z.object({
        email: text().pipe(z.email("Enter an email address")),
        password: text().pipe(z.string().min(8, "At least 8 characters")),
        role: z.enum(["writer", "editor"], { error: "Choose a role" }),
        ids: repeated(),
      }),
      async () => {
        ran = true;
        return {};
      },
      { secret: ["password"] },
    );

    expect(await action({}, form({ email: "not an address", password: "short", role: "owner", ids: ["x"] }))).toEqual({
      message: "Check the highlighted fields",
      fields: { email: "Enter an email address", password: "At least 8 characters", role: "Choose a role" },
      values: { email: "not an address", role: "owner" },
      lists: { ids: ["x"] },
    });
    expect(ran).toBe(false);
  });

  it("answers a domain error with every value sent, repeated fields as lists (ticked checkboxes, in order)", async () => {
    const action = signedIn().formAction(
      z.object({ ids: repeated(), assigneeId: text(), nextRefreshAt: text() }),
      async (input, actor) => {
        await createFactCheck({ actor, input: { question: "" } });
        return { done: "never" };
      },
    );
    expect(await action({}, form({ ids: ["c2", "c1"], assigneeId: "u7", nextRefreshAt: "" }))).toEqual({
      message: "Check the highlighted fields",
      fields: { question: "Enter the question" },
      values: { assigneeId: "u7", nextRefreshAt: "" },
      lists: { ids: ["c2", "c1"] },
    });
  });

  it("answers the domain's errors per field the same way, and stores nothing", async () => {
    const action = signedIn().formAction(newCheckForm, async (input, actor) => {
      await createFactCheck({ actor, input });
      return { done: "created" };
    });
    expect(await action({}, form({ question: "   ", topic: "Transport" }))).toEqual({
      message: "Check the highlighted fields",
      fields: { question: "Enter the question" },
      values: { question: "   ", topic: "Transport" },
    });
  });

  it("asks a signed-out visitor to sign in, before reading anything, and runs nothing", async () => {
    let ran = false;
    const action = signedOut().formAction(newCheckForm, async (input, actor) => {
      ran = true;
      await createFactCheck({ actor, input });
      return {};
    });
    expect(await action({}, form({ question: "Is a signed-out form stored?" }))).toEqual({
      message: "Sign in to continue",
      values: { question: "Is a signed-out form stored?" },
    });
    expect(ran).toBe(false);
    expect(await storedQuestions("Is a signed-out form stored?")).toEqual([]);
  });

  it("lets Next.js's redirect through, and answers anything unexpected with a generic message, logged", async () => {
    const redirecting = signedIn().formAction(newCheckForm, async () => redirect("/desk/elsewhere"));
    await expect(redirecting({}, form({}))).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/desk\/elsewhere;/) });

    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const failing = signedIn().formAction(newCheckForm, async () => {
        throw new Error("a bug with a secret in it");
      });
      expect(await failing({}, form({ question: "Q" }))).toEqual({ message: "Something went wrong on our side. Try again.", values: { question: "Q" } });
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ message: "a bug with a secret in it" }));
    } finally {
      logged.mockRestore();
    }
  });
});

describe("inputAction and formSubmit", () => {
  it("give a client component the value, or the message and the errors per field", async () => {
    const create = signedIn().inputAction(z.object({ question: z.string() }), async (input, actor) => (await createFactCheck({ actor, input })).question);
    expect(await create({ question: "Is the input action stored?" })).toEqual({ ok: true, value: "Is the input action stored?" });
    expect(await create({ question: "" })).toEqual({ ok: false, message: "Check the highlighted fields", fields: { question: "Enter the question" } });
    // What a client sends is parsed, whatever its type says.
    expect(await create({ question: 42 } as unknown as { question: string })).toMatchObject({ ok: false, fields: { question: expect.any(String) } });
    expect(await signedOut().inputAction(z.object({}), async () => "ran")({})).toEqual({ ok: false, message: "Sign in to continue" });
  });

  it("run a plain form's action as the signed-in actor", async () => {
    const submit = signedIn().formSubmit(newCheckForm, async (input, actor) => {
      await createFactCheck({ actor, input });
    });
    await submit(form({ question: "Is the plain form stored?" }));
    expect(await storedQuestions("Is the plain form stored?")).toEqual([{ question: "Is the plain form stored?", ownerId: writer.id }]);
    await signedOut().formSubmit(newCheckForm, async (input, actor) => {
      await createFactCheck({ actor, input });
    })(form({ question: "Is a signed-out plain form stored?" }));
    expect(await storedQuestions("Is a signed-out plain form stored?")).toEqual([]);
  });
});
