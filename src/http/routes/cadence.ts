import type { Api, ApiDeps } from '../types.ts';

/** Routes for cadence (registered in server.ts under /api/v1). */
export function cadenceRoutes(_app: Api, _deps: ApiDeps): void {}
