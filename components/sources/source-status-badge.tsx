import { SOURCE_STATUS_LABELS, type SourceStatus } from "@/lib/source-input";
import styles from "./sources.module.css";

/** The source's status as a coloured label (the word carries the meaning, not the colour). */
export function SourceStatusBadge({ status }: { status: SourceStatus }) {
  return <span className={`badge ${styles[`status_${status}`]}`}>{SOURCE_STATUS_LABELS[status]}</span>;
}
