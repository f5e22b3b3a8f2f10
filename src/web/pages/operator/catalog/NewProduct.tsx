import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../../api.ts';
import { api, textField } from '../../../api.ts';
import { CatalogError } from './CatalogError.tsx';
import type { Product } from './catalog.ts';
import { problemOf } from './catalog.ts';

/** The form that adds a product; the server checks it as the operator's API does. */
export function NewProduct({ onAdded }: { onAdded: (product: Product) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const c = (key: string) => t(`catalog.create.${key}`);
  const fields: Record<string, string> = {
    '/id': c('id'),
    '/name': c('name'),
    '/app': c('app'),
    '/appVersions': c('appVersions'),
    '/inactiveAfter': c('inactiveAfter'),
  };
  const invalid = (pointer: string) => (problem?.pointer === pointer ? true : undefined);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const regions = textField(form, 'regions')
      .split(/[\s,]+/)
      .filter(Boolean);
    const inactiveAfter = textField(form, 'inactiveAfter').trim();
    setBusy(true);
    setProblem(null);
    try {
      const product = await api('POST', '/v1/staff/products', {
        body: {
          id: textField(form, 'id').trim(),
          name: textField(form, 'name').trim(),
          app: textField(form, 'app').trim(),
          appVersions: textField(form, 'appVersions').trim(),
          regions,
          business: data.get('business') === 'on',
          perUserService: data.get('perUserService') === 'on',
          ...(inactiveAfter ? { inactiveAfter } : {}),
        },
      });
      form.reset();
      onAdded(product);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string, hint?: boolean, required = true, pattern?: string) => (
    <>
      <label htmlFor={`${id}-${name}`}>{c(name)}</label>
      <input
        id={`${id}-${name}`}
        name={name}
        required={required}
        pattern={pattern}
        autoComplete="off"
        aria-invalid={invalid(`/${name}`)}
        aria-describedby={hint ? `${id}-${name}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-${name}-hint`} className="hint">
          {c(`${name}Hint`)}
        </p>
      )}
    </>
  );

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{c('title')}</h2>
      <form onSubmit={(e) => void submit(e)} className="catalog-form">
        {field('id', true, true, '[a-z0-9][a-z0-9._\\-]*')}
        {field('name')}
        {field('app', true)}
        {field('appVersions', true)}
        {field('regions', true, false)}
        <label>
          <input type="checkbox" name="business" />
          {c('business')}
        </label>
        <label>
          <input type="checkbox" name="perUserService" />
          {c('perUserService')}
        </label>
        {field('inactiveAfter', true, false)}
        <p className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {c('submit')}
          </button>
        </p>
      </form>
      <CatalogError problem={problem} fields={fields} />
    </section>
  );
}
