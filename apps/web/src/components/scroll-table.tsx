import type { ReactNode } from 'react';

/**
 * A table in a keyboard-scrollable region named by its caption (wide tables scroll on a
 * phone instead of the page); `children` are the body's rows.
 */
export function ScrollTable({
  id,
  caption,
  columns,
  busy,
  children,
}: {
  id: string;
  caption: ReactNode;
  columns: string[];
  busy?: boolean;
  children: ReactNode;
}) {
  const captionId = `${id}-caption`;
  return (
    <div
      className="table-scroll"
      role="region"
      aria-labelledby={captionId}
      aria-busy={busy}
      tabIndex={0}
    >
      <table>
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
