export type FoundNginx = { path: string; version: string };
export declare function findNginx(env?: NodeJS.ProcessEnv): FoundNginx | null;
