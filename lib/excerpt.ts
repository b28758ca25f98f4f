/** Text on one line, cut to `max` characters with an ellipsis: for quotes in messages and timelines. */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
