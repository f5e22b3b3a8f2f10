import { isMigrated } from '../../store/database.ts';
import type { Deps } from './deps.ts';

/** Ready to serve: the database is reachable and migrated. */
export async function isReady(deps: Deps): Promise<boolean> {
  return isMigrated(deps.db);
}
