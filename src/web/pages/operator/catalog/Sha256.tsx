import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A SHA-256 shown whole, so it can be compared with the vendor's own, in a monospace that wraps
 * anywhere (64 characters do not fit a phone's width), with a button that copies it.
 */
export function Sha256({ value, label }: { value: string; label?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'manual'>('no');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard here (not HTTPS, or permission refused): select it, so one key press copies it.
      if (ref.current) getSelection()?.selectAllChildren(ref.current);
      setCopied('manual');
    }
  };
  return (
    <div className="sha256">
      <span id={id} className="sha256-label">
        {label ?? t('catalog.releases.sha256')}
      </span>
      <code ref={ref} className="sha256-value">
        {value}
      </code>
      <button type="button" onClick={() => void copy()} aria-describedby={id}>
        {copied === 'yes' ? t('catalog.copied') : t('catalog.copy')}
      </button>
      <small role="status" className={copied === 'manual' ? 'hint' : 'visually-hidden'}>
        {copied === 'manual' ? t('catalog.copyManually') : copied === 'yes' ? t('catalog.copied') : ''}
      </small>
    </div>
  );
}
