import { useTranslation } from 'react-i18next';
import { formatDate, locale } from '../../../i18n.ts';
import { PlatformName } from '../../../components/Platform.tsx';
import type { Installer } from './catalog.ts';
import { Sha256 } from './Sha256.tsx';

/** A product's installers: platform, version, file, size, where it is kept, and its SHA-256 in full. */
export function InstallerList({ installers }: { installers: Installer[] }) {
  const { t } = useTranslation();
  if (installers.length === 0) return <p className="meta">{t('catalog.releases.none')}</p>;
  return (
    <ul className="catalog-installers">
      {installers.map((i) => (
        <li key={i.id} className="card">
          <h3>
            <PlatformName platform={i.platform} /> · {t('catalog.releases.version', { version: i.version })}
          </h3>
          <p className="file-name">
            <code>{i.fileName}</code>
          </p>
          <p className="meta">
            {i.size === null
              ? t('catalog.releases.sizeUnknown')
              : t('catalog.releases.size', { size: new Intl.NumberFormat(locale()).format(i.size) })}
            {' · '}
            {i.source === 'upload' ? t('catalog.releases.upload') : t('catalog.releases.external')}
            {' · '}
            {t('catalog.releases.added', { date: formatDate(i.createdAt, true) })}
          </p>
          <Sha256 value={i.sha256} />
        </li>
      ))}
    </ul>
  );
}
