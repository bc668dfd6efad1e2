/**
 * The protocol's part of a frame by its shape: a migration's, a replica's (Kemari's or a checkpointing
 * technique's), or null when the frame shows no such part. Pure.
 */
import type { Frame, MigrationFrame, ReplicationFrame } from '../world/frame';

export function migrationPart(frame: Frame): MigrationFrame | null {
  return frame.protocol.kind === 'migration' ? frame.protocol : null;
}

export function replicationPart(frame: Frame): ReplicationFrame | null {
  return frame.protocol.kind === 'kemari' || frame.protocol.kind === 'checkpoint' || frame.protocol.kind === 'lockstep' ? frame.protocol : null;
}
