import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { takeHeadingFocus } from '../router.ts';

/** A page's h1: it names the browser tab and, after a navigation, takes the focus. */
export function PageTitle({ children, id }: { children: string; id?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – ${t('app.name')}`;
  }, [children, t]);
  useEffect(() => {
    if (takeHeadingFocus()) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} id={id} tabIndex={-1}>
      {children}
    </h1>
  );
}
