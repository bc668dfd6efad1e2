/**
 * A protocol's part of a frame: one shape per kind of technique, told apart by `kind` (and `technique`
 * naming the technique itself, for its descriptor). A technique adds its kind here when it needs a
 * shape of its own; one that shows nothing beyond the world's frame uses `none`. Types only.
 */
import type { MigrationFrame } from './migration-frame';
import type { ReplicationFrame } from './replication-frame';

/** No protocol part to show (the unprotected VM, or a technique that shows only the world). */
export interface NoProtocolFrame {
  readonly kind: 'none';
  readonly technique: string;
}

export type ProtocolFrame = NoProtocolFrame | MigrationFrame | ReplicationFrame;

export type { MigrationFrame, ReplicationFrame };
