const LABELS = { draft: "Draft", in_review: "In review", approved: "Approved", published: "Published" } as const;

export function StatusBadge({ status }: { status: keyof typeof LABELS }) {
  return <span className={`badge badge-${status}`}>{LABELS[status]}</span>;
}
