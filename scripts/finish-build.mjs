// `npm run build`, after `next build`: the build's scripts marked for eager compilation (lib/compile-hints.mjs), the compressed copies of its scripts and styles (lib/static-files.mjs), and the list of the editing engine's files the editor page preloads (lib/engine-chunks.mjs).
import { finishBuild } from "./lib.mjs";

await finishBuild();
