// Tables added by src/db/migrations for escalation; DB in schema.ts extends this interface.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EscalationTables {}
