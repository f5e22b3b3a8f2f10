import { parseInactiveAfter } from '../../domain/inactivity.ts';
import { inTransaction } from '../../store/database.ts';
import { findProduct } from '../../store/products.repository.ts';
import { setProductInactiveAfter } from '../../store/silent-devices.repository.ts';
import { closeOpenWarningsOfProduct } from '../../store/inactivity-warnings.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';

/** Refuses an `inactiveAfter` that is not one day … ten years in hours, days or weeks. */
export function checkInactiveAfter(value: string | null | undefined): void {
  if (value === undefined || value === null) return;
  if (parseInactiveAfter(value) === null)
    throw new AppError(
      'VALIDATION_FAILED',
      `"${value}" is not an inactiveAfter: a whole number of hours, days or weeks ("90d"), from one day to ten years`,
      { pointer: '/inactiveAfter' },
    );
}

/**
 * Sets (or, with null, removes) a product's `inactiveAfter`. Devices already silent longer than
 * the new value are not cut off at once: the silent-devices job warns their owners first and
 * gives them the warning period. Removing it closes the open warnings (their links stop working).
 */
export async function changeInactiveAfter(deps: Deps, productId: string, inactiveAfter: string | null) {
  checkInactiveAfter(inactiveAfter);
  await inTransaction(deps.db, async (tx) => {
    if (!(await findProduct(tx, productId))) throw notFound('Product');
    await setProductInactiveAfter(tx, productId, inactiveAfter);
    if (inactiveAfter === null) await closeOpenWarningsOfProduct(tx, productId, deps.clock.now());
  });
  return (await findProduct(deps.db, productId))!;
}
