/**
 * A dry run of an operator's heavy action (block, suspend, reinstate, a product's
 * `inactiveAfter`): what would happen to each device it touches. One list, for the API's schema.
 *
 * - `loses_use`: its app's current subscription would stop being usable (blocked, suspended);
 * - `regains_use`: it would be usable again (reinstated);
 * - `delivery_fails`: a delivery on its way to it would fail when the app applies it;
 * - `warned`: its owner would be emailed now that its seats free unless it checks in;
 * - `activation_ends`: an activation would end (see the activation's `endsAt`).
 */
export const DRY_RUN_EFFECTS = [
  'loses_use',
  'regains_use',
  'delivery_fails',
  'warned',
  'activation_ends',
] as const;
export type DryRunEffect = (typeof DRY_RUN_EFFECTS)[number];

/** The actions that answer `?dryRun=true`. */
export const DRY_RUN_ACTIONS = ['block', 'suspend', 'reinstate', 'inactiveAfter'] as const;
export type DryRunAction = (typeof DRY_RUN_ACTIONS)[number];
