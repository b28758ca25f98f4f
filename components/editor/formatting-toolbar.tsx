"use client";

import { useEditorState, type Editor } from "@tiptap/react";
import { useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { BulletListIcon, LinkIcon, NumberedListIcon, QuoteIcon } from "./icons";
import { requestCitation } from "./citation-context";
import { isApplePlatform, shortcut } from "./shortcuts";
import citationStyles from "./citation.module.css";
import styles from "./editor.module.css";

type Item = {
  name: string;
  keys: string;
  icon: ReactNode;
  isActive: (state: ActiveState) => boolean;
  run: (editor: Editor) => void;
};

type ActiveState = { bold: boolean; italic: boolean; link: boolean; bulletList: boolean; orderedList: boolean; blockquote: boolean };

const ITEMS: Item[] = [
  {
    name: "Bold",
    keys: "Mod+B",
    icon: <span className={styles.glyphBold}>B</span>,
    isActive: (s) => s.bold,
    run: (e) => e.chain().focus().toggleBold().run(),
  },
  {
    name: "Italic",
    keys: "Mod+I",
    icon: <span className={styles.glyphItalic}>I</span>,
    isActive: (s) => s.italic,
    run: (e) => e.chain().focus().toggleItalic().run(),
  },
  {
    name: "Link",
    keys: "Mod+K",
    icon: <LinkIcon />,
    isActive: (s) => s.link,
    run: () => {}, // opens the link form; handled by the field
  },
  {
    name: "Bulleted list",
    keys: "Mod+Shift+8",
    icon: <BulletListIcon />,
    isActive: (s) => s.bulletList,
    run: (e) => e.chain().focus().toggleBulletList().run(),
  },
  {
    name: "Numbered list",
    keys: "Mod+Shift+7",
    icon: <NumberedListIcon />,
    isActive: (s) => s.orderedList,
    run: (e) => e.chain().focus().toggleOrderedList().run(),
  },
  {
    name: "Quote",
    keys: "Mod+Shift+B",
    icon: <QuoteIcon />,
    isActive: (s) => s.blockquote,
    run: (e) => e.chain().focus().toggleBlockquote().run(),
  },
  {
    name: "Cite",
    keys: "Mod+Shift+K",
    icon: <span className={citationStyles.glyphCite}>Cite</span>,
    isActive: () => false,
    run: (e) => requestCitation(e), // opens the source picker (citation-picker.tsx)
  },
];

/**
 * One tab stop (arrow keys move between buttons, as in the ARIA toolbar
 * pattern), so a check with many sections does not drown keyboard users in
 * formatting buttons.
 */
export function FormattingToolbar({
  editor,
  label,
  controls,
  linkOpen,
  onLink,
}: {
  editor: Editor;
  label: string;
  controls: string;
  linkOpen: boolean;
  onLink: () => void;
}) {
  const active = useEditorState({
    editor,
    selector: ({ editor: e }): ActiveState => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      link: e.isActive("link"),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      blockquote: e.isActive("blockquote"),
    }),
  });
  const [focusIndex, setFocusIndex] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const [apple] = useState(isApplePlatform);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = ITEMS.length - 1;
    const next =
      event.key === "ArrowRight" ? (focusIndex === last ? 0 : focusIndex + 1)
      : event.key === "ArrowLeft" ? (focusIndex === 0 ? last : focusIndex - 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    buttons.current[next]?.focus();
  };

  return (
    <div role="toolbar" aria-label={label} aria-controls={controls} className={styles.toolbar} onKeyDown={onKeyDown}>
      {ITEMS.map((item, index) => {
        const keys = shortcut(item.keys, apple);
        const pressed = active ? item.isActive(active) : false;
        return (
          <button
            key={item.name}
            ref={(el) => {
              buttons.current[index] = el;
            }}
            type="button"
            className={styles.toolButton}
            aria-pressed={item.name === "Link" || item.name === "Cite" ? undefined : pressed}
            aria-haspopup={item.name === "Cite" ? "dialog" : undefined}
            aria-expanded={item.name === "Link" ? linkOpen : undefined}
            data-active={pressed || undefined}
            aria-label={item.name}
            aria-keyshortcuts={keys.aria}
            title={`${item.name} (${keys.label})`}
            tabIndex={index === focusIndex ? 0 : -1}
            // Keep the text selection in the editor when clicking a button.
            onMouseDown={(event) => event.preventDefault()}
            onFocus={() => setFocusIndex(index)}
            onClick={() => (item.name === "Link" ? onLink() : item.run(editor))}
          >
            {item.icon}
          </button>
        );
      })}
    </div>
  );
}
