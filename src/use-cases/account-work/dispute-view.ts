import type { Db } from '../../db/database.ts';
import { disputeViewById, type DisputeRow, type DisputeView } from '../../stores/disputes.ts';

export type { DisputeRow, DisputeView };

export function disputeView(db: Db, organisationId: string, id: string): Promise<DisputeView> {
  return disputeViewById(db, organisationId, id);
}
