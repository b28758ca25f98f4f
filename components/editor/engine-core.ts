/**
 * The engine's second step (engine-base.ts says why there are steps):
 * ProseMirror's view and Tiptap's core, then the editor itself.
 */
import { Editor } from "@tiptap/core";
import { EditorView } from "@tiptap/pm/view";

const LOADED = [Editor, EditorView];

export function loadEditor() {
  if (LOADED.length === 0) throw new Error("The engine's second step did not load");
  return import("./live-editor");
}
