import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, errorCode, textField } from '../../api.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { navigate } from '../../router.ts';
import { StaffError } from './StaffAction.tsx';
import { customerPath } from './staff.ts';

/** Finds a customer by the address of their account, or by the short reference they quote. */
export function Search() {
  const { t } = useTranslation();
  const [notFound, setNotFound] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const query = textField(e.currentTarget, 'query').trim();
    if (!query) return;
    setBusy(true);
    setNotFound(null);
    setError(null);
    try {
      if (query.includes('@')) {
        const found = await api('GET', '/v1/staff/customers', { query: { email: query } });
        navigate(customerPath(found.account.id));
      } else {
        const found = await api('GET', '/v1/staff/references/{ref}', { params: { ref: query } });
        navigate(`${customerPath(found.accountId)}?ref=${encodeURIComponent(found.reference)}`);
      }
    } catch (err) {
      if (err instanceof ApiError && (err.problem.status === 404 || err.problem.status === 400))
        setNotFound(query);
      else setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('operator.title')}</PageTitle>
      <form role="search" onSubmit={(e) => void submit(e)} className="card inline">
        <label>
          {t('operator.search.label')}
          <input name="query" type="search" required aria-describedby="search-hint" autoComplete="off" />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t('operator.search.submit')}
        </button>
      </form>
      <p id="search-hint" className="hint">
        {t('operator.search.hint')}
      </p>
      {notFound && (
        <p role="alert" className="error">
          {t('operator.search.notFound', { query: notFound })}
        </p>
      )}
      <StaffError code={error} />
    </>
  );
}
