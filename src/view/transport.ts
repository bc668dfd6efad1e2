/**
 * What the playback and fault controls show and do: the lab's row of controls and a phone's bottom
 * bar take the same props, so the page hands both one object.
 */
import type { HostId } from '../world/frame';

export interface TransportProps {
  readonly playing: boolean;
  readonly speed: number;
  readonly speeds: readonly number[];
  readonly speedLabel: (s: number) => string;
  readonly hostAUp: boolean;
  readonly hostBUp: boolean;
  readonly linkCut: boolean;
  /** The words on host A's crash button (Kemari powers it off through its management board). */
  readonly crashALabel?: string;
  readonly onToggle: () => void;
  readonly onStep: () => void;
  readonly onReset: () => void;
  readonly onSpeed: (s: number) => void;
  readonly onCrash: (host: HostId) => void;
  /** Whether each host is down (crashed or fenced): its "Restart host" button shows while it is. */
  readonly hostADown?: boolean;
  readonly hostBDown?: boolean;
  /** Powers a host that is down on again (it boots and rejoins as the standby). */
  readonly onRestart?: (host: HostId) => void;
  readonly onLink: (kind: 'cut' | 'heal') => void;
}
