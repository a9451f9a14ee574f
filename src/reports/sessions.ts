import { and, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { reservations } from '../../db/schema/index.ts';
import { parseInput } from '../validation.ts';
import { type PeriodInput, periodSchema, resolvePeriod } from './period.ts';

export interface SessionOutcomes {
  /** Sessions marked done. */
  completed: number;
  /** Sessions the customer did not come to. */
  noShow: number;
  /** Confirmed sessions nobody has marked yet (still ahead, or waiting for staff to say how it went). */
  confirmed: number;
  /** noShow out of the sessions whose outcome is known, 0–100, one decimal; null when none is known. */
  noShowRate: number | null;
}

/** How the period's paid sessions went, by session date (local), as the revenue report counts them. */
export async function sessionOutcomes(db: DbOrTx, input: PeriodInput): Promise<SessionOutcomes> {
  const period = resolvePeriod(parseInput(periodSchema, input));
  const count = (status: string) =>
    sql<number>`count(*) filter (where ${reservations.status} = ${status})::int`;
  const [row] = await db
    .select({ completed: count('completed'), noShow: count('no_show'), confirmed: count('confirmed') })
    .from(reservations)
    .where(
      and(
        inArray(reservations.status, ['completed', 'no_show', 'confirmed']),
        gte(reservations.startAt, period.start),
        lt(reservations.startAt, period.end),
      ),
    );
  const completed = row?.completed ?? 0;
  const noShow = row?.noShow ?? 0;
  const known = completed + noShow;
  return {
    completed,
    noShow,
    confirmed: row?.confirmed ?? 0,
    noShowRate: known > 0 ? Math.round((1000 * noShow) / known) / 10 : null,
  };
}
