"use client";

export default function SourcesError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="card" role="alert">
      <h1>The source library could not be loaded</h1>
      <p>Something went wrong on our side. Nothing you entered was lost.</p>
      <button type="button" className="btn btn-primary" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
