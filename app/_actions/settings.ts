"use server";

import { revalidatePath } from "next/cache";
import { runFormAction, type FormState } from "@/lib/server/form";
import { deleteTopicPolicy, setTopicPolicy, updateSiteSettings } from "@/lib/server/settings";

export async function saveSiteSettingsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = {
    siteName: String(formData.get("siteName") ?? ""),
    disclaimer: String(formData.get("disclaimer") ?? ""),
    bannerText: String(formData.get("bannerText") ?? ""),
    defaultRefreshIntervalDays: String(formData.get("defaultRefreshIntervalDays") ?? ""),
    timeZone: String(formData.get("timeZone") ?? ""),
  };
  const result = await runFormAction(values, (actor) => updateSiteSettings({ actor, input: values }));
  if (!result.ok) return result.state;
  revalidatePath("/admin/settings");
  return { done: "Settings saved. Public pages show them now.", values };
}

export async function saveTopicPolicyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { topic: String(formData.get("topic") ?? ""), refreshIntervalDays: String(formData.get("refreshIntervalDays") ?? "") };
  if (formData.get("intent") === "delete") {
    const result = await runFormAction(values, (actor) => deleteTopicPolicy({ actor, topic: values.topic }));
    if (!result.ok) return result.state;
    revalidatePath("/admin/settings");
    return { done: `Policy for ${values.topic} removed; its checks follow the site default.` };
  }
  const result = await runFormAction(values, (actor) => setTopicPolicy({ actor, input: values }));
  if (!result.ok) return result.state;
  revalidatePath("/admin/settings");
  return { done: `${result.value.topic}: refresh every ${result.value.refreshIntervalDays} days.` };
}
