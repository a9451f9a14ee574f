import { and, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditLog, staffUsers } from '../../db/schema/index.ts';
import { afterCursor, cursorKey, cursorOrder, cutPage, decodeCursor } from '../paging.ts';

export type AuditAction =
  | 'reservation.confirm'
  | 'reservation.cancel'
  | 'reservation.complete'
  | 'reservation.noShow'
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
  | 'complaint.close'
  /** Anything changed through the queue dashboard (bull-board): details hold the method, path and status. */
  | 'queue.action';

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

/** One line of the activity log, with the name of the staff member who did it (null: the system). */
export interface AuditLine {
  id: number;
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown> | null;
  createdAt: Date;
  staffName: string | null;
}

/** One page of the log; pass `nextCursor` back as `cursor` for the next (undefined: no more). */
export interface AuditLogPage {
  rows: AuditLine[];
  nextCursor: string | undefined;
}

export interface AuditFilter {
  /** Both together narrow the log to one record's history. */
  entityType?: string;
  entityId?: string | number;
  /** nextCursor of the previous page; anything else is CURSOR_INVALID. */
  cursor?: string | undefined;
  limit?: number;
}

/** The activity log newest first, keyset-paged on (created_at, id) so old lines stay reachable and fast. */
export async function listAuditPage(db: DbOrTx, options: AuditFilter = {}): Promise<AuditLogPage> {
  const limit = options.limit ?? 50;
  const conditions: SQL[] = [];
  if (options.entityType && options.entityId !== undefined) {
    conditions.push(eq(auditLog.entityType, options.entityType));
    conditions.push(eq(auditLog.entityId, String(options.entityId)));
  }
  if (options.cursor) {
    conditions.push(afterCursor(auditLog.createdAt, auditLog.id, decodeCursor(options.cursor), 'desc'));
  }
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      staffName: staffUsers.name,
      sortKey: cursorKey(auditLog.createdAt),
    })
    .from(auditLog)
    .leftJoin(staffUsers, eq(staffUsers.id, auditLog.staffId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...cursorOrder(auditLog.createdAt, auditLog.id, 'desc'))
    .limit(limit + 1);
  const page = cutPage(rows, limit, (row) => ({ key: row.sortKey, id: row.id }));
  return { rows: page.rows.map(({ sortKey: _sortKey, ...line }) => line), nextCursor: page.nextCursor };
}

/** The latest lines only, e.g. one booking's history on its page. */
export async function listAudit(db: DbOrTx, options: Omit<AuditFilter, 'cursor'> = {}): Promise<AuditLine[]> {
  return (await listAuditPage(db, options)).rows;
}
