'use client';
import type { ComponentProps } from 'react';

/**
 * A select that submits its form as soon as the choice changes (switching company or language
 * needs no extra „OK”). Without JavaScript the form's <noscript> button still submits it.
 */
export function AutoSubmitSelect(props: Omit<ComponentProps<'select'>, 'onChange'>) {
  return <select {...props} onChange={(e) => e.currentTarget.form?.requestSubmit()} />;
}
