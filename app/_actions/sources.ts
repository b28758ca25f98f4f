"use server";
/** The source library. */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { DomainError } from "@/lib/server/errors";
import { formAction, text } from "@/lib/server/form";
import { checkSourceNow } from "@/lib/server/link-checks";
import { acceptSourceRedirect, createSource, deleteSource, updateSource } from "@/lib/server/sources";

const sourceFields = {
  url: text(),
  title: text(),
  publisher: text(),
  author: text(),
  publishedOn: text(),
  lastVerifiedOn: text(),
  archivedUrl: text(),
  notes: text(),
};

export const createSourceAction = formAction(z.object(sourceFields), async (input, actor) => {
  let created: { id: string };
  try {
    created = await createSource({ actor, input });
  } catch (error) {
    // The URL is already in the library: take the writer to that source instead.
    const existing = error instanceof DomainError ? error.details?.sourceId : undefined;
    if (typeof existing === "string") redirect(`/sources/${existing}?existing=1`);
    throw error;
  }
  revalidatePath("/sources");
  redirect(`/sources/${created.id}?added=1`);
});

export const updateSourceAction = formAction(z.object({ id: text(), ...sourceFields }), async ({ id, ...values }, actor) => {
  await updateSource({ actor, id, input: values });
  revalidatePath(`/sources/${id}`);
  revalidatePath("/sources");
  return { done: "Changes saved.", values };
});

export const changeSourceStatusAction = formAction(z.object({ id: text(), status: text(), statusNote: text() }), async ({ id, ...input }, actor) => {
  await updateSource({ actor, id, input });
  revalidatePath(`/sources/${id}`);
  revalidatePath("/sources");
  return { done: "Status changed." };
});

export const deleteSourceAction = formAction(z.object({ id: text() }), async ({ id }, actor) => {
  await deleteSource({ actor, id });
  revalidatePath("/sources");
  redirect("/sources?deleted=1");
});

export const acceptRedirectAction = formAction(z.object({ id: text() }), async ({ id }, actor) => {
  await acceptSourceRedirect({ actor, id });
  revalidatePath(`/sources/${id}`);
  revalidatePath("/sources");
  return { done: "The source now has its new address." };
});

export const checkLinkNowAction = formAction(z.object({ id: text() }), async ({ id }, actor) => {
  const result = await checkSourceNow({ actor, id });
  revalidatePath(`/sources/${id}`);
  const what = result.outcome === "ok" ? "It answered" : result.outcome === "blocked" ? "It was not fetched" : "It failed";
  return { done: `Checked just now. ${what}${result.httpStatus ? ` (HTTP ${result.httpStatus})` : ""}${result.error ? `: ${result.error}` : "."}` };
});
