"use client";
import { ErrorNotice } from "@/components/error-notice";

export default function DeskError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorNotice title="Something went wrong" text="This page could not be loaded. Your saved work is safe." reset={reset} />;
}
