import type { Api, ApiDeps } from '../types.ts';

/** Routes for payment plans (registered in server.ts under /api/v1). */
export function paymentPlansRoutes(_app: Api, _deps: ApiDeps): void {}
