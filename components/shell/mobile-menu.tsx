'use client';
import { useState, type ReactNode } from 'react';

/** On narrow screens the sidebar becomes a toggled panel. */
export function MobileMenu({ label, title, children }: { label: string; title: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div className="topbar">
        <span className="brand">{title}</span>
        <button type="button" className="btn btn-small" aria-expanded={open} aria-controls="sidebar" onClick={() => setOpen(!open)}>
          {label}
        </button>
      </div>
      <aside id="sidebar" className={open ? 'sidebar open' : 'sidebar'}>
        {children}
      </aside>
    </>
  );
}
