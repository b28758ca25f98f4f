/**
 * A count with its noun in the right number: "1 source", "0 sources", "3 sources".
 * English only, as the rest of the interface; `plural` for nouns that do not just take an "s".
 */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
