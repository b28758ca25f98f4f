import type { Metadata } from "next";
import { requirePageActor } from "@/lib/server/session";
import styles from "../../desk.module.css";
import { NewFactCheckForm } from "./new-fact-check-form";

export const metadata: Metadata = { title: "New fact-check" };

export default async function NewFactCheckPage() {
  await requirePageActor("/desk/new");
  return (
    <div className={styles.narrow}>
      <h1>New fact-check</h1>
      <NewFactCheckForm />
    </div>
  );
}
