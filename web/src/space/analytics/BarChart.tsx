import { VisuallyHidden } from '@mantine/core';
import { chartBars } from './chartBars';

/**
 * Bars of a series, scaled to the highest; its label sums it up for screen readers, and `table`
 * (hidden from sight) gives them the values one by one.
 */
export function BarChart({ series, label, color, size, table }: { series: { day: string; opens: number }[]; label: string; color: string; size: { width: number; height: number }; table?: { caption: string; headers: string[]; rows: { key: string; cells: (string | number)[] }[] } }) {
  const { bars, barWidth } = chartBars(series, size);
  return (
    <>
      <svg role="img" aria-label={label} viewBox={`0 0 ${size.width} ${size.height + 1}`} width="100%" preserveAspectRatio="none" style={{ maxHeight: size.height * 1.5 }}>
        <line x1={0} x2={size.width} y1={size.height + 0.5} y2={size.height + 0.5} stroke="currentColor" strokeOpacity={0.4} />
        {bars.map((bar) => (
          <rect key={bar.day} x={bar.x} y={bar.y} width={barWidth} height={bar.height} fill={color} />
        ))}
      </svg>
      {table && table.rows.length > 0 && (
        <VisuallyHidden>
          <table>
            <caption>{table.caption}</caption>
            <thead>
              <tr>
                {table.headers.map((header) => (
                  <th key={header} scope="col">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.cells[0]}</th>
                  {row.cells.slice(1).map((cell, index) => (
                    <td key={index}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </VisuallyHidden>
      )}
    </>
  );
}
