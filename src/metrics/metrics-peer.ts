import { peerExports } from '../optional-peer.js';

/** How an exporter's optional peer is loaded; a provider, so a test can stand in for a missing package. */
export type PeerPackageLoader = () => Promise<unknown>;

/** Loads an exporter's optional peer, turning "not installed" (or not the package expected) into the boot error the user can act on. */
export async function loadMetricsPeer<T>(load: PeerPackageLoader, usable: (peer: T | undefined) => boolean, missing: () => string): Promise<T> {
  let loaded: unknown;
  try {
    loaded = await load();
  } catch (error) {
    throw new Error(missing(), { cause: error });
  }
  const peer = peerExports<T>(loaded);
  if (!usable(peer)) throw new Error(missing());
  return peer;
}
