import { IntentLink } from "@/components/ui/intent-link";

export default function SourceNotFound() {
  return (
    <div className="card">
      <h1>Source not found</h1>
      <p>It may have been deleted, or the address is wrong.</p>
      <p>
        <IntentLink href="/sources">Back to the source library</IntentLink>
      </p>
    </div>
  );
}
