/** Types of lib/engine-chunks.mjs (plain JavaScript: server.mjs and the build's scripts run it without compilation). */
export declare const ENGINE_STEPS: string[];
export declare const ENGINE_CHUNKS_FILE: string;
export declare function findEngineChunks(staticDir: string): string[];
export declare function writeEngineChunks(distDir: string): string[];
export declare function readEngineChunks(distDir: string): string[];
export declare function provideEngineChunks(files: string[]): void;
export declare function providedEngineChunks(): string[];
