import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditLog, staffUsers } from '../../db/schema/index.ts';

export type AuditAction =
  | 'reservation.confirm'
  | 'reservation.cancel'
  | 'reservation.complete'
  | 'reservation.reschedule'
  | 'points.adjust'
  | 'customer.create'
  | 'customer.update'
  | 'customer.anonymize'
  | 'customer.membership'
  | 'customer.linkChat'
  | 'customer.export'
  | 'broadcast.create'
  | 'broadcast.start'
  | 'broadcast.cancel'
  | 'staff.create'
  | 'staff.update'
  | 'staff.password'
  | 'staff.login'
  | 'settings.update'
  | 'complaint.reply'
  | 'complaint.close';

export interface AuditEntry {
  staffId: number | null;
  action: AuditAction;
  entityType: string;
  entityId?: string | number | null;
  details?: Record<string, unknown>;
}

/** Who did what to which record. Pass the transaction that made the change, so both land or neither. */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    staffId: entry.staffId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    details: entry.details ?? null,
  });
}

export async function listAudit(
  db: DbOrTx,
  options: { entityType?: string; entityId?: string | number; limit?: number } = {},
) {
  const query = db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      staffName: staffUsers.name,
    })
    .from(auditLog)
    .leftJoin(staffUsers, eq(staffUsers.id, auditLog.staffId))
    .where(
      options.entityType && options.entityId !== undefined
        ? and(eq(auditLog.entityType, options.entityType), eq(auditLog.entityId, String(options.entityId)))
        : undefined,
    )
    .orderBy(desc(auditLog.id))
    .limit(options.limit ?? 50);
  return query;
}
