export declare const SYSTEM_CHROMIUM: string;
export type FoundBrowser = { path: string; kind: "playwright" | "system" | "custom" };
export declare function findBrowser(): FoundBrowser | null;
export declare function chromiumArgs(executablePath: string): string[];
export declare function ensureBrowser(options?: { log?: (message: string) => void }): FoundBrowser | { error: string };
