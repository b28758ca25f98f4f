"use server";
/** Site settings (admins) and refresh policies per topic (editors). */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { countOf } from "@/lib/plural";
import { formAction, text } from "@/lib/server/form";
import { deleteTopicPolicy, setTopicPolicy, updateSiteSettings } from "@/lib/server/settings";
import { updateVerdictScale } from "@/lib/server/verdicts";

export const saveSiteSettingsAction = formAction(
  z.object({ siteName: text(), disclaimer: text(), disclaimerLink: text(), bannerText: text(), defaultRefreshIntervalDays: text(), timeZone: text() }),
  async (values, actor) => {
    await updateSiteSettings({ actor, input: values });
    revalidatePath("/admin/settings");
    return { done: "Settings saved. Public pages show them now.", values };
  },
);

export const saveTopicPolicyAction = formAction(
  z.object({ topic: text(), refreshIntervalDays: text(), intent: z.enum(["save", "delete"]).default("save") }),
  async ({ intent, ...input }, actor) => {
    if (intent === "delete") {
      await deleteTopicPolicy({ actor, topic: input.topic });
      revalidatePath("/admin/settings");
      return { done: `Policy for ${input.topic} removed; its checks follow the site default.` };
    }
    const policy = await setTopicPolicy({ actor, input });
    revalidatePath("/admin/settings");
    return { done: `${policy.topic}: refresh every ${countOf(policy.refreshIntervalDays, "day")}.` };
  },
);

export const saveVerdictScaleAction = formAction(
  z.object({ worstRating: text(), bestRating: text(), verdicts: text() }),
  async (values, actor) => {
    const scale = await updateVerdictScale({ actor, input: values });
    revalidatePath("/admin/settings");
    return { done: `${scale.verdicts.length} verdicts saved. Editors choose from them now.`, values };
  },
);
