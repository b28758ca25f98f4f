"use client";
import { ErrorNotice } from "@/components/error-notice";
import "./globals.css";

/** Errors no closer boundary catches (the public pages, sign-in, the newsroom's frame): it replaces the root layout. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className="standalone">
          <ErrorNotice title="Something went wrong" text="This page could not be loaded. Try again in a moment." reset={reset} />
        </main>
      </body>
    </html>
  );
}
