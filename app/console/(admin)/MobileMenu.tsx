'use client';
// The console's sections folded into a native disclosure on narrow screens;
// it closes again once a section is chosen (the layout, and so the menu, stays),
// and with Escape, as a keyboard user expects of a menu (focus back on its button).
import { usePathname } from 'next/navigation';
import { useEffect, useRef, type ReactNode } from 'react';

export function MobileMenu({ children }: { children: ReactNode }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  return (
    <details
      ref={menu}
      className="relative flex-1 sm:hidden"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !menu.current?.open) return;
        menu.current.open = false;
        menu.current.querySelector('summary')?.focus();
      }}
    >
      <summary className="w-fit cursor-pointer rounded-lg border border-slate-300 px-3 py-1 text-sm">Menu</summary>
      {children}
    </details>
  );
}
