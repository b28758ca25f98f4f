"use client";
import { useEffect, useState } from "react";

/**
 * What an error boundary shows. Server errors never reach the page (Next.js
 * keeps their details out of it in production; they are in the server's log),
 * so the notice asks the health check whether the service itself is down: when
 * the database cannot be reached (503) or the server does not answer, it says
 * the service is unavailable rather than that this page failed.
 */
export function ErrorNotice({ title, text, reset }: { title: string; text: string; reset: () => void }) {
  const [unavailable, setUnavailable] = useState(false);
  useEffect(() => {
    let current = true;
    fetch("/api/health", { cache: "no-store" }).then(
      (response) => current && setUnavailable(response.status === 503),
      () => current && setUnavailable(true),
    );
    return () => {
      current = false;
    };
  }, []);
  return (
    <div role="alert" className="card">
      <h1>{unavailable ? "Factdesk is unavailable right now" : title}</h1>
      <p>{unavailable ? "The service cannot reach its database. Nothing you saved is lost; try again in a few minutes." : text}</p>
      <button type="button" className="btn btn-primary" onClick={() => reset()}>
        Try again
      </button>
    </div>
  );
}
