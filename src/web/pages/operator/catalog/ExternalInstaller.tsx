import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../../api.ts';
import { api, textField } from '../../../api.ts';
import { CatalogError } from './CatalogError.tsx';
import { ReleaseFields } from './ReleaseFields.tsx';
import type { Installer } from './catalog.ts';
import { problemOf } from './catalog.ts';

/** Registers an installer the vendor hosts itself: its address and the SHA-256 the vendor published. */
export function ExternalInstaller({
  productId,
  onAdded,
}: {
  productId: string;
  onAdded: (i: Installer) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const x = (key: string) => t(`catalog.external.${key}`);
  const u = (key: string) => t(`catalog.upload.${key}`);
  const invalid = (pointer: string) => (problem?.pointer === pointer ? true : undefined);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    setProblem(null);
    try {
      const installer = await api('POST', '/v1/staff/products/{id}/releases', {
        params: { id: productId },
        body: {
          platform: textField(form, 'platform') as Installer['platform'],
          version: textField(form, 'version').trim(),
          url: textField(form, 'url').trim(),
          sha256: textField(form, 'sha256').trim(),
        },
      });
      form.reset();
      onAdded(installer);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{x('title')}</h2>
      <p>{x('intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="catalog-form">
        <label htmlFor={`${id}-url`}>{x('url')}</label>
        <input
          id={`${id}-url`}
          name="url"
          type="url"
          required
          autoComplete="off"
          aria-invalid={invalid('/url')}
        />
        <label htmlFor={`${id}-sha`}>{x('sha256')}</label>
        <input
          id={`${id}-sha`}
          name="sha256"
          required
          pattern="[A-Fa-f0-9]{64}"
          autoComplete="off"
          spellCheck={false}
          className="sha256-input"
          aria-invalid={invalid('/sha256')}
          aria-describedby={`${id}-sha-hint`}
        />
        <p id={`${id}-sha-hint`} className="hint">
          {x('sha256Hint')}
        </p>
        <ReleaseFields id={id} invalid={invalid} />
        <p className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {x('submit')}
          </button>
        </p>
      </form>
      <CatalogError
        problem={problem}
        fields={{
          '/url': x('url'),
          '/sha256': x('sha256'),
          '/version': u('version'),
          '/fileName': u('fileName'),
        }}
      />
    </section>
  );
}
