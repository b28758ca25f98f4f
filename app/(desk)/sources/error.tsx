"use client";
import { ErrorNotice } from "@/components/error-notice";

export default function SourcesError({ reset }: { error: Error; reset: () => void }) {
  return (
    <ErrorNotice
      title="The source library could not be loaded"
      text="Something went wrong on our side. Nothing you entered was lost."
      reset={reset}
    />
  );
}
