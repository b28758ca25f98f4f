import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { fieldErrors } from "@/lib/validation";
import type { Actor } from "./actor";
import { databaseOutage, DomainError, invalid, unauthorized } from "./errors";
import { getActor } from "./session";

/**
 * The one wrapper every server action goes through (app/_actions): it reads the
 * input with a zod schema, loads the signed-in actor, runs the action, and turns
 * what went wrong into per-field errors. Three shapes of action share it:
 *  - `formAction`: a form with `useActionState`, `(state, formData) => FormState`;
 *  - `formSubmit`: a plain `<form action>`, `(formData) => void`;
 *  - `inputAction`: called by a client component with an object, `(input) => ActionResult`.
 * The schema describes the form or call (which fields, text or repeated, which
 * `intent`s); the rules of the content stay in the domain layer, whose
 * DomainErrors come back in the same shape.
 */

/**
 * What a form action returns to its form: a message, errors per field, and what
 * was sent, to show again (`values` for one-value fields, `lists` for repeated
 * ones such as ticked checkboxes).
 */
export type FormState = {
  message?: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
  lists?: Record<string, string[]>;
  done?: string;
};

/** What an action called with an object answers: its value, or a message and errors per field. */
export type ActionResult<T = undefined> = { ok: true; value: T } | { ok: false; message: string; fields?: Record<string, string> };

type Failure = { ok: false; message: string; fields?: Record<string, string> };

/** A text field of a form: what was typed, "" when the form did not send it. */
export const text = () => z.string().default("");

/** A field sent once per value (`<input name="ids">` repeated, a multiple select): every value, in order. */
export const repeated = () => z.array(z.string()).default([]);

const isRepeated = (schema: z.ZodType): boolean => {
  const def = (schema as z.ZodType & { def: { type: string; innerType?: z.ZodType } }).def;
  if (def.type === "array") return true;
  return def.innerType ? isRepeated(def.innerType) : false;
};

/** The fields `schema` names, read from `formData`: repeated ones as lists, the others as one value (absent: undefined). */
export function readForm(schema: z.ZodObject, formData: FormData): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema.shape).map(([name, field]) => [
      name,
      isRepeated(field as z.ZodType) ? formData.getAll(name) : (formData.get(name) ?? undefined),
    ]),
  );
}

/** What was sent among `read`, to show again in the form (never those named in `secret`; files never). */
function echo(read: Record<string, unknown>, secret: readonly string[]): Pick<FormState, "values" | "lists"> {
  const shown = Object.entries(read).filter(([name]) => !secret.includes(name));
  const values = Object.fromEntries(shown.filter(([, value]) => typeof value === "string")) as Record<string, string>;
  const lists = Object.fromEntries(
    shown.filter(([, value]) => Array.isArray(value)).map(([name, value]) => [name, (value as unknown[]).filter((v): v is string => typeof v === "string")]),
  );
  return Object.keys(lists).length ? { values, lists } : { values };
}

/** Parses `input` with `schema`: the data, or the errors per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.output<S> } | Failure {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, message: "Check the highlighted fields", fields: fieldErrors(parsed.error) };
}

/** A failure as the person should read it: a domain error as it is, a database outage in one line, anything else logged. */
function failureOf(error: unknown): Failure {
  // Next.js's redirect() and notFound() end an action by throwing: they pass through.
  unstable_rethrow(error);
  if (error instanceof DomainError) return { ok: false, message: error.message, fields: error.fields };
  const outage = databaseOutage(error);
  if (outage) return { ok: false, message: outage.message };
  console.error(error);
  return { ok: false, message: "Something went wrong on our side. Try again." };
}

type Action<S extends z.ZodType, T> = (data: z.output<S>, actor: Actor) => Promise<T>;

/**
 * The wrappers, given how to find the signed-in actor: the session's for the app
 * (below); tests give their own.
 */
export function actionWrappers(loadActor: () => Promise<Actor | null>) {
  /** The signed-in actor first (signed out: "Sign in to continue"), then the input, then the action. */
  async function run<S extends z.ZodType, T>(schema: S, input: unknown, action: Action<S, T>): Promise<{ ok: true; value: T } | Failure> {
    try {
      const actor = await loadActor();
      if (!actor) throw unauthorized();
      const parsed = parseInput(schema, input);
      if (!parsed.ok) throw invalid(parsed.message, parsed.fields);
      return { ok: true, value: await action(parsed.data, actor) };
    } catch (error) {
      return failureOf(error);
    }
  }

  return {
    /**
     * A form's action for `useActionState`. On success the form gets what `action`
     * returns; on failure the message, the errors per field and the values it sent
     * (but those named in `secret`, such as a password). A form shows them again
     * by rendering its fields with them as defaults, remounted (`formKey`): React
     * resets a form after its action, and a select or checkbox keeps the default
     * it was mounted with.
     */
    formAction<S extends z.ZodObject, R extends FormState>(
      schema: S,
      action: Action<S, R>,
      { secret = [] }: { secret?: readonly string[] } = {},
    ): (state: FormState, formData: FormData) => Promise<R | FormState> {
      return async (_state, formData) => {
        const read = readForm(schema, formData);
        const result = await run(schema, read, action);
        return result.ok ? result.value : { message: result.message, fields: result.fields, ...echo(read, secret) };
      };
    },

    /** A plain form's action (`<form action>`, no state to show): a failure is dropped, the page shows the outcome. */
    formSubmit<S extends z.ZodObject>(schema: S, action: Action<S, void>): (formData: FormData) => Promise<void> {
      return async (formData) => {
        await run(schema, readForm(schema, formData), action);
      };
    },

    /** An action a client component calls with an object. */
    inputAction<S extends z.ZodType, T = undefined>(schema: S, action: Action<S, T>): (input: z.input<S>) => Promise<ActionResult<T>> {
      return async (input) => {
        const result = await run(schema, input, action);
        return result.ok ? { ok: true, value: result.value } : result;
      };
    },
  };
}

export const { formAction, formSubmit, inputAction } = actionWrappers(getActor);
