export type FoundNginx = { path: string; version: string };
export declare function findNginx(env?: NodeJS.ProcessEnv): FoundNginx | null;
export declare function ensureNginx(options?: { log?: (message: string) => void }): FoundNginx | { error: string };
