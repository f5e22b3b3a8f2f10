import '../../../styles/catalog.css';
import { ProductList } from './ProductList.tsx';
import { ProductReleases } from './ProductReleases.tsx';

/** The console's catalogue (admin role): /operator/products and /operator/products/{id}. */
export function Catalog({ id }: { id?: string }) {
  return id ? <ProductReleases key={id} id={id} /> : <ProductList />;
}
