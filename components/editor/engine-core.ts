/**
 * The engine's second step (engine-base.ts says why there are steps):
 * ProseMirror's view and Tiptap's core, then the editor itself.
 */
import { Editor } from "@tiptap/core";
import { EditorView } from "@tiptap/pm/view";
import { rememberExtensionOptions } from "./tiptap-options";

export const ENGINE_STEP = "factdesk-engine-step:core";

/** What this step loads (kept and evaluated here: engine-base.ts). */
export const LOADED = [Editor, EditorView];

rememberExtensionOptions();

export function loadEditor() {
  return import("./live-editor");
}
