/** Types of db/lock.mjs (plain JavaScript: server.mjs runs without compilation). */
export declare class DataDirLockedError extends Error {
  constructor(dir: string, pid: number);
}
export declare function dataDir(): string;
export declare function acquireDataDirLock(dir: string): () => void;
export declare function reserveDataDirLock(dir: string): void;
export declare function claimDataDirLock(dir: string): () => void;
