/** A device known by its id alone: all that the device API's actions on deliveries need. */
export interface DeviceRef {
  id: string;
}

/**
 * A device as its app's own request finds it, by its token: only what the device API reads (its
 * id, what a check-in compares), with its apps' fingerprint and whether a delivery waits for it.
 */
export interface DeviceAtRequest extends DeviceRef {
  region: string | null;
  lastSeenAt: Date;
  /** `appsFingerprint()` of the apps last reported (null for a device connected before it was kept). */
  appsFingerprint: string | null;
  /** Whether an open delivery (still in its window at `now`) waits for the device. */
  waiting: boolean;
}
