/** Builds apps/server/src/cli.ts into `out`/cli.js (+ the SQL migrations beside it); resolves with the file. */
export function buildServerBundle(out: string): Promise<string>;
