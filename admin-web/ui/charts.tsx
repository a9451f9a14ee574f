import type { FC } from 'hono/jsx';

/** Horizontal bars drawn on the server: label, bar scaled to the largest value, formatted value. */
export const BarList: FC<{
  rows: Array<{ label: string; value: number; display: string }>;
  alt?: boolean;
}> = ({ rows, alt }) => {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <div class="bars">
      {rows.map((r) => (
        <div class="bar-row">
          <span>{r.label}</span>
          <span class="track">
            <span
              class={`fill${alt ? ' alt' : ''}`}
              style={`display:block;width:${((100 * r.value) / max).toFixed(1)}%`}
            />
          </span>
          <span class="small">{r.display}</span>
        </div>
      ))}
    </div>
  );
};

/** Vertical columns (e.g. revenue per month) with labels under them and the value as a tooltip. */
export const ColumnChart: FC<{ rows: Array<{ label: string; value: number; display: string }> }> = ({
  rows,
}) => {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <div>
      <div class="colchart" role="img">
        {rows.map((r) => (
          <div class="col" title={`${r.label}: ${r.display}`}>
            <span class="small muted">{r.value > 0 ? r.display : ''}</span>
            <div class="fill" style={`height:${((100 * r.value) / max).toFixed(1)}%`} />
          </div>
        ))}
      </div>
      <div class="colchart-labels">
        {rows.map((r) => (
          <span>{r.label}</span>
        ))}
      </div>
    </div>
  );
};
