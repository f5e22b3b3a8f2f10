import { useTranslation } from 'react-i18next';
import type { Problem } from '../../../api.ts';
import { StaffError } from '../StaffAction.tsx';

/**
 * A refusal in the console's words, and, when the server named the field it refused (its
 * `pointer`), that field by the label the form gives it.
 */
export function CatalogError({
  problem,
  fields,
}: {
  problem: Problem | null;
  fields: Record<string, string>;
}) {
  const { t } = useTranslation();
  if (!problem) return null;
  const field = problem.pointer ? fields[problem.pointer] : undefined;
  return (
    <>
      <StaffError code={problem.code} />
      {field && (
        <p className="error" role="status">
          {t('catalog.checkField', { field })}
        </p>
      )}
    </>
  );
}
