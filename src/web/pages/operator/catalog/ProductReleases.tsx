import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode } from '../../../api.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { Notice, StaffError } from '../StaffAction.tsx';
import type { Installer, Product } from './catalog.ts';
import { productsPath } from './catalog.ts';
import { ExternalInstaller } from './ExternalInstaller.tsx';
import { InstallerList } from './InstallerList.tsx';
import { ProductFacts } from './ProductFacts.tsx';
import { UploadInstaller } from './UploadInstaller.tsx';

/** /operator/products/{id}: a product's installers, and the two ways to add one. */
export function ProductReleases({ id }: { id: string }) {
  const { t } = useTranslation();
  const [product, setProduct] = useState<Product | null>(null);
  const [installers, setInstallers] = useState<Installer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const loadInstallers = useCallback(
    () =>
      api('GET', '/v1/staff/products/{id}/releases', { params: { id } }).then(
        (r) => setInstallers(r.installers),
        (e) => setError(errorCode(e)),
      ),
    [id],
  );
  useEffect(() => {
    // The list is short (a vendor's products), and it is the one read staff have of a product.
    api('GET', '/v1/staff/products').then(
      (r) => {
        const found = r.products.find((p) => p.id === id);
        if (found) setProduct(found);
        else setError('NOT_FOUND');
      },
      (e) => setError(errorCode(e)),
    );
    void loadInstallers();
  }, [id, loadInstallers]);

  if (error)
    return (
      <>
        <PageTitle>{t('catalog.title')}</PageTitle>
        <StaffError code={error} />
        <p>
          <AppLink to={productsPath}>{t('catalog.all')}</AppLink>
        </p>
      </>
    );
  if (!product || !installers) return <p>{t('catalog.loading')}</p>;
  return (
    <>
      <PageTitle>{product.name}</PageTitle>
      <ProductFacts product={product} />
      <Notice message={notice} />
      <section aria-labelledby="installers-title">
        <h2 id="installers-title">{t('catalog.releases.title')}</h2>
        <InstallerList installers={installers} />
      </section>
      <UploadInstaller productId={id} onAdded={() => void loadInstallers()} />
      <ExternalInstaller
        productId={id}
        onAdded={(i) => {
          setNotice(t('catalog.external.done', { file: i.fileName }));
          void loadInstallers();
        }}
      />
    </>
  );
}
