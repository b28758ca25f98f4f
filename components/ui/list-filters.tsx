import { IntentLink } from "@/components/ui/intent-link";

type Choice = { value: string; label: string };

/** One filter of a desk list: a labelled select whose first choice means "no filter". */
export function FilterSelect({ name, label, anyLabel, value, choices }: { name: string; label: string; anyLabel: string; value: string | null | undefined; choices: readonly Choice[] }) {
  const id = `filter-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{anyLabel}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Choices whose label is their value (topics). */
export const asChoices = (values: readonly string[]): Choice[] => values.map((value) => ({ value, label: value }));

/** What an empty page of a filtered, paged list says: past its end, nothing matching, or nothing at all. */
export function EmptyList({ total, filtered, firstPage, noun, noMatch, nothing }: { total: number; filtered: boolean; firstPage: string; noun: string; noMatch: string; nothing: string }) {
  return (
    <p className="empty">
      {total > 0 ? (
        <>
          This page is past the end of the {noun}. <IntentLink href={firstPage}>Go to the first page</IntentLink>.
        </>
      ) : filtered ? (
        noMatch
      ) : (
        nothing
      )}
    </p>
  );
}
