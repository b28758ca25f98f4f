"use client";

import { lazy, Suspense, useState } from "react";
import styles from "./editor.module.css";

// Loaded the first time the list is opened.
const ShortcutList = lazy(() => import("./shortcut-list").then((m) => ({ default: m.ShortcutList })));

export function ShortcutHelp() {
  const [opened, setOpened] = useState(false);
  return (
    <details className={styles.shortcuts} onToggle={(event) => event.currentTarget.open && setOpened(true)}>
      <summary>Keyboard shortcuts</summary>
      {opened ? (
        <Suspense fallback={<p className={styles.hint}>Loading…</p>}>
          <ShortcutList />
        </Suspense>
      ) : null}
    </details>
  );
}
