import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode } from '../../../api.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { Notice, StaffError } from '../StaffAction.tsx';
import type { Product } from './catalog.ts';
import { productPath } from './catalog.ts';
import { NewProduct } from './NewProduct.tsx';
import { ProductFacts } from './ProductFacts.tsx';

/** /operator/products: every product, each a link to its installers, and the form to add one. */
export function ProductList() {
  const { t } = useTranslation();
  const [products, setProducts] = useState<Product[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = () =>
    api('GET', '/v1/staff/products').then(
      (r) => setProducts(r.products),
      (e) => setError(errorCode(e)),
    );
  useEffect(() => {
    void load();
  }, []);

  return (
    <>
      <PageTitle>{t('catalog.title')}</PageTitle>
      <Notice message={notice} />
      <StaffError code={error} />
      {!products && !error && <p>{t('catalog.loading')}</p>}
      {products && products.length === 0 && <p className="meta">{t('catalog.none')}</p>}
      {products && products.length > 0 && (
        <ul className="catalog-products">
          {products.map((p) => (
            <li key={p.id} className="card">
              <h2>
                <AppLink to={productPath(p.id)}>{p.name}</AppLink>
              </h2>
              <ProductFacts product={p} />
            </li>
          ))}
        </ul>
      )}
      {!error && (
        <NewProduct
          onAdded={(p) => {
            setNotice(t('catalog.create.done', { name: p.name }));
            void load();
          }}
        />
      )}
    </>
  );
}
