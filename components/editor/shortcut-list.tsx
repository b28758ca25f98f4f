"use client";

import { useState } from "react";
import { isApplePlatform, shortcut } from "./shortcuts";
import styles from "./editor.module.css";

const SHORTCUTS: [string, string][] = [
  ["Bold", "Mod+B"],
  ["Italic", "Mod+I"],
  ["Link", "Mod+K"],
  ["Cite a source", "Mod+Shift+K"],
  ["Bulleted list", "Mod+Shift+8"],
  ["Numbered list", "Mod+Shift+7"],
  ["Quote", "Mod+Shift+B"],
  ["Undo typing", "Mod+Z"],
  ["Move section up", "Alt+Shift+↑"],
  ["Move section down", "Alt+Shift+↓"],
];

/** The editor's keyboard shortcuts, as this platform writes them (shortcut-help.tsx loads it when opened). */
export function ShortcutList() {
  const [apple] = useState(isApplePlatform);
  return (
    <dl>
      {SHORTCUTS.map(([name, keys]) => (
        <div key={name} className={styles.shortcutRow}>
          <dt>{name}</dt>
          <dd>
            <kbd>{shortcut(keys, apple).label}</kbd>
          </dd>
        </div>
      ))}
    </dl>
  );
}
