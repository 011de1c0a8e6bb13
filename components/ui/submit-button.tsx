'use client';
import { useFormStatus } from 'react-dom';
import type { ReactNode } from 'react';

export function SubmitButton({ children, variant = 'primary', small }: { children: ReactNode; variant?: 'primary' | 'default' | 'danger'; small?: boolean }) {
  const { pending } = useFormStatus();
  const cls = ['btn', variant === 'primary' ? 'btn-primary' : variant === 'danger' ? 'btn-danger' : '', small ? 'btn-small' : ''].join(' ');
  return (
    <button type="submit" className={cls} disabled={pending} aria-busy={pending}>
      {children}
    </button>
  );
}
