import { useCallback, useRef, useState } from 'react';

/** Focuses the element with this id once the next render is on screen. */
export function focusSoon(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/**
 * A screen's status line: announce() puts a message there and moves focus to it, so a
 * screen reader reads what was done and Tab continues from there.
 */
export function useStatus() {
  const [message, setMessage] = useState('');
  const line = useRef<HTMLParagraphElement>(null);
  const announce = useCallback((text: string) => {
    setMessage(text);
    requestAnimationFrame(() => line.current?.focus());
  }, []);
  const status = (
    <p className="status" role="status" tabIndex={-1} ref={line}>
      {message}
    </p>
  );
  return { status, announce, clear: () => setMessage('') };
}
