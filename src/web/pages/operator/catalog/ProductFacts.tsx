import { useTranslation } from 'react-i18next';
import type { Product } from './catalog.ts';

/** A product's id, app, versions, regions and kind, in one short line each. */
export function ProductFacts({ product: p }: { product: Product }) {
  const { t } = useTranslation();
  const kinds = [p.business && t('catalog.business'), p.perUserService && t('catalog.perUserService')].filter(
    Boolean,
  );
  return (
    <ul className="meta product-facts">
      <li>
        <code>{p.id}</code>
      </li>
      <li>{t('catalog.facts', { app: p.app, versions: p.appVersions })}</li>
      <li>
        {p.regions.length > 0
          ? t('catalog.regions', { regions: p.regions.join(', ') })
          : t('catalog.everywhere')}
      </li>
      {kinds.length > 0 && <li>{kinds.join(' · ')}</li>}
      {p.inactiveAfter && <li>{t('catalog.inactiveAfter', { period: p.inactiveAfter })}</li>}
    </ul>
  );
}
