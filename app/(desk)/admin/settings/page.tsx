import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { countOf } from "@/lib/plural";
import { can } from "@/lib/server/policies/newsroom";
import { requirePageActor } from "@/lib/server/session";
import { getSiteSettings, listKnownTopics, listTopicPolicies } from "@/lib/server/settings";
import { getVerdictScale, verdictLines } from "@/lib/server/verdicts";
import deskStyles from "../../desk.module.css";
import { NewTopicPolicyForm, SiteSettingsForm, TopicPolicyRow, VerdictScaleForm } from "./settings-forms";

export const metadata: Metadata = { title: "Settings" };

/** Admins edit the site settings; editors (and admins) the refresh policy of each topic. */
export default async function SettingsPage() {
  const actor = await requirePageActor("/admin/settings");
  if (!can(actor, "set_refresh_policies")) notFound();
  const [site, policies, topics, verdicts] = await Promise.all([getSiteSettings(), listTopicPolicies(), listKnownTopics(), getVerdictScale()]);
  const isAdmin = can(actor, "change_site_settings");
  const timeZones = Intl.supportedValuesOf("timeZone");
  if (!timeZones.includes("UTC")) timeZones.unshift("UTC");
  return (
    <>
      <div className={deskStyles.pageHeader}>
        <h1>Settings</h1>
      </div>
      <div className={deskStyles.stack}>
        {isAdmin ? (
          <section aria-labelledby="site-heading">
            <SiteSettingsForm site={site} timeZones={timeZones} />
          </section>
        ) : null}
        {isAdmin ? (
          <section aria-labelledby="verdicts-heading">
            <VerdictScaleForm worstRating={verdicts.worstRating} bestRating={verdicts.bestRating} lines={verdictLines(verdicts)} />
          </section>
        ) : null}
        <section aria-labelledby="policies-heading">
          <h2 id="policies-heading">Refresh policies by topic</h2>
          <p className="muted">
            A check is due for a refresh this many days after its “Checked on” date, unless the check sets its own interval. Other
            topics use the site default ({countOf(site.defaultRefreshIntervalDays, "day")}).
          </p>
          {policies.length ? (
            <table className="table space-after">
              <caption className="visually-hidden">Refresh interval by topic</caption>
              <thead>
                <tr>
                  <th scope="col">Topic</th>
                  <th scope="col">Refresh interval</th>
                </tr>
              </thead>
              <tbody>
                {policies.map((p) => (
                  <TopicPolicyRow key={p.topic} topic={p.topic} days={p.refreshIntervalDays} />
                ))}
              </tbody>
            </table>
          ) : (
            <p className="empty space-after">
              No topic has its own policy yet.
            </p>
          )}
          <NewTopicPolicyForm topics={topics.filter((t) => !policies.some((p) => p.topic.toLowerCase() === t.toLowerCase()))} />
        </section>
      </div>
    </>
  );
}
