import { checkedOnLabel } from "@/lib/date-format";
import { localDateOf } from "@/lib/local-date";

/** "Checked on Month D, YYYY" in the site's time zone; the machine-readable date is that calendar day. */
export function CheckedOn({ at, timeZone, className }: { at: string; timeZone: string; className?: string }) {
  return (
    <time dateTime={localDateOf(new Date(at), timeZone)} className={className}>
      {checkedOnLabel(at, timeZone)}
    </time>
  );
}
