import type { FC } from 'hono/jsx';
import type { PointsSummary } from '../../../src/loyalty/index.ts';
import type { FieldErrors } from '../../forms.ts';
import { Badge, Csrf, Field } from '../../ui/components.tsx';
import { shortWhen } from '../../ui/format.ts';
import { type PageContext, translateMaybe } from '../../ui/page-context.ts';
import { DataTable } from '../../ui/table.tsx';

export const PointsLedger: FC<{ ctx: PageContext; points: PointsSummary }> = ({ ctx, points }) => {
  const { t } = ctx;
  return (
    <DataTable count={points.history.length} empty={t('admin.points.noHistory')}>
      {points.history.map((e) => (
        <tr>
          <td class="small">{shortWhen(ctx, e.createdAt)}</td>
          <td>
            {translateMaybe(t, `admin.points.reason.${e.reason}`)}
            {e.note ? <div class="muted small">{e.note}</div> : null}
          </td>
          <td class="num">
            <Badge tone={e.delta > 0 ? 'green' : 'red'}>
              {e.delta > 0 ? '+' : ''}
              {e.delta}
            </Badge>
          </td>
        </tr>
      ))}
    </DataTable>
  );
};
export const PointsAdjustForm: FC<{
  ctx: PageContext;
  customerId: number;
  errors?: FieldErrors | undefined;
  values?: Record<string, string> | undefined;
  back?: 'rewards';
}> = ({ ctx, customerId, errors, values, back }) => (
  <form method="post" action={`/admin/customers/${customerId}/points`} class="stack">
    <Csrf ctx={ctx} />
    {back ? <input type="hidden" name="back" value={back} /> : null}
    <Field
      t={ctx.t}
      name="delta"
      label={ctx.t('admin.points.delta')}
      value={values?.delta}
      errors={errors}
      hint={ctx.t('admin.points.deltaHint')}
      inputmode="numeric"
      required
    />
    <Field
      t={ctx.t}
      name="note"
      label={ctx.t('admin.points.note')}
      value={values?.note}
      errors={errors}
      required
    />
    <div>
      <button type="submit" class="btn primary">
        {ctx.t('admin.points.submit')}
      </button>
    </div>
  </form>
);
