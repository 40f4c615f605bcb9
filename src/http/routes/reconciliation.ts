import type { Api, ApiDeps } from '../types.ts';

/** Routes for reconciliation (registered in server.ts under /api/v1). */
export function reconciliationRoutes(_app: Api, _deps: ApiDeps): void {}
