import { navigate } from '../app/router';
import type { ReactNode } from 'react';

/** A real link (keyboard, middle-click, copy) that navigates inside the app on a plain click. */
export function AppLink({
  to,
  children,
  className,
  onClick,
  current,
}: {
  to: string;
  children: ReactNode;
  className?: string;
  onClick?: () => void;
  /** The link of the screen shown (said to assistive technology as the current page). */
  current?: boolean;
}) {
  return (
    <a
      href={to}
      className={className}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        onClick?.();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
