import type { Api, ApiDeps } from '../types.ts';

/** Routes for escalation (registered in server.ts under /api/v1). */
export function escalationRoutes(_app: Api, _deps: ApiDeps): void {}
