import { and, gte, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { complaints } from '../../db/schema/index.ts';
import { parseInput } from '../validation.ts';
import { type PeriodInput, periodSchema, resolvePeriod } from './period.ts';

export interface ComplaintStats {
  /** Complaints opened in the period; the other figures are about these same complaints, as of now. */
  opened: number;
  /** Of those, how many got at least one staff reply. */
  answered: number;
  /** Of those, how many are closed. */
  closed: number;
  /** Of those, how many still wait for a first reply. */
  awaitingReply: number;
  /** Minutes from opening to the first staff reply, over the answered ones; null when none was answered. */
  averageFirstReplyMinutes: number | null;
  medianFirstReplyMinutes: number | null;
}

/**
 * Complaint figures for the complaints OPENED in the period (a cohort), so "answered" and the reply times
 * describe the same tickets as "opened" and never exceed it.
 */
export async function complaintStats(db: DbOrTx, input: PeriodInput): Promise<ComplaintStats> {
  const period = resolvePeriod(parseInput(periodSchema, input));
  const minutes = sql`extract(epoch from (${complaints.firstReplyAt} - ${complaints.createdAt})) / 60`;
  const [row] = await db
    .select({
      opened: sql<number>`count(*)::int`,
      answered: sql<number>`count(${complaints.firstReplyAt})::int`,
      closed: sql<number>`count(${complaints.closedAt})::int`,
      awaitingReply: sql<number>`count(*) filter (where ${complaints.firstReplyAt} is null and ${complaints.status} <> 'closed')::int`,
      average: sql<number | null>`round(avg(${minutes})::numeric, 1)`.mapWith(nullableNumber),
      median: sql<
        number | null
      >`round((percentile_cont(0.5) within group (order by ${minutes}))::numeric, 1)`.mapWith(nullableNumber),
    })
    .from(complaints)
    .where(and(gte(complaints.createdAt, period.start), lt(complaints.createdAt, period.end)));
  return {
    opened: row?.opened ?? 0,
    answered: row?.answered ?? 0,
    closed: row?.closed ?? 0,
    awaitingReply: row?.awaitingReply ?? 0,
    averageFirstReplyMinutes: row?.average ?? null,
    medianFirstReplyMinutes: row?.median ?? null,
  };
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
