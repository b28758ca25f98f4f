import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { SourceForm } from "@/components/sources/source-form";
import styles from "@/components/sources/sources.module.css";
import { now } from "@/lib/server/clock";
import { requirePageActor } from "@/lib/server/session";
import { createSourceAction } from "@/app/_actions/sources";

export const metadata: Metadata = { title: "Add a source" };

export default async function NewSourcePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageActor("/sources/new");
  const { url } = await searchParams;
  return (
    <>
      <p>
        <IntentLink href="/sources">← Source library</IntentLink>
      </p>
      <h1>Add a source</h1>
      <p className={`muted ${styles.formIntro}`}>
        One record per address: if the URL is already in the library, you are taken to it. “Last verified” is when someone last
        checked that the source says what we cite.
      </p>
      <div className={`card ${styles.formCard}`}>
        <SourceForm
          mode="create"
          action={createSourceAction}
          initial={{
            url: typeof url === "string" ? url.slice(0, 2048) : "",
            title: "",
            publisher: "",
            author: "",
            publishedOn: "",
            lastVerifiedOn: now().toISOString().slice(0, 10),
            archivedUrl: "",
            notes: "",
          }}
        />
      </div>
    </>
  );
}
