import { useEffect, useRef } from 'react';

/**
 * A screen's h1. After an in-app navigation focus moves here, so a screen reader announces
 * the new screen and Tab continues from its top; the document title follows.
 */
export function ScreenTitle({ children }: { children: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · Workspace booking`;
    if (document.activeElement !== document.body) heading.current?.focus();
  }, [children]);
  return (
    <h1 tabIndex={-1} ref={heading}>
      {children}
    </h1>
  );
}
