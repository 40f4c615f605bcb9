// Tables added by src/db/migrations for reconciliation; DB in schema.ts extends this interface.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReconciliationTables {}
