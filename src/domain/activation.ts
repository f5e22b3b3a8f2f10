/**
 * Why an activation ended (sending.md, "Additions (second round)"). Its seat is free from that
 * moment. `superseded`: another subscription of the same app took its place on the device (a
 * renewal or a change of plan), which the spec's list does not name because no seat is lost by it.
 */
export const ACTIVATION_END_REASONS = [
  'revoked',
  'replaced',
  'lost',
  'inactive',
  'expired',
  'disconnected',
  'subscription_ended',
  'superseded',
] as const;
export type ActivationEndReason = (typeof ACTIVATION_END_REASONS)[number];
