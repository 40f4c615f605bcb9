import type { Api, ApiDeps } from '../types.ts';

/** Routes for account work (registered in server.ts under /api/v1). */
export function accountWorkRoutes(_app: Api, _deps: ApiDeps): void {}
