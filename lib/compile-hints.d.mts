/** Types of lib/compile-hints.mjs (plain JavaScript: the build's finishing step runs without compilation). */
export declare const EAGER_HINT: string;
export declare function markEagerScripts(staticDir: string): { scripts: number; marked: number };
