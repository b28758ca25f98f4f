/**
 * The editing engine is loaded in three steps, each a chunk of its own
 * evaluated in a task of its own: this module (the live document, its
 * connection, and ProseMirror's document model), then engine-core.ts (the
 * view and Tiptap), then live-editor.tsx (the editor itself). Evaluating the
 * whole engine at once held the page's one thread for 200 ms and more on a
 * 2-core machine; in steps, the page paints and answers keys between them.
 * Each step's chunk holds only what the steps before it have not loaded.
 *
 * Each step exports its marker (ENGINE_STEP), by which the build finds the
 * step's files so that the editor's page can preload them
 * (lib/engine-chunks.mjs).
 */
import { HocuspocusProvider } from "@hocuspocus/provider";
import { Schema } from "@tiptap/pm/model";
import { EditorState } from "@tiptap/pm/state";
import { Transform } from "@tiptap/pm/transform";
import * as Y from "yjs";
import { LocalCopy } from "./local-copy";

export const ENGINE_STEP = "factdesk-engine-step:base";

/**
 * What this step loads. Exported, so that the bundler keeps these modules
 * and evaluates them with this step (a module loaded by `import()` keeps
 * every export) rather than leaving them to the later steps.
 */
export const LOADED = [Y.Doc, HocuspocusProvider, LocalCopy, Schema, EditorState, Transform];

/** The next step (engine-core.ts), and from it the editor (live-editor.tsx). */
export function loadCore() {
  return import("./engine-core").then((core) => core.loadEditor());
}
