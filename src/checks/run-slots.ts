import type { RunSlot } from './run-slot.js';

/**
 * The outstanding run of each check *name*. Kept by the registry rather than by each runner, so a check that
 * is unregistered and registered again while its dependency hangs still has at most one call outstanding.
 */
export class RunSlots {
  private readonly slots = new Map<string, RunSlot>();

  /** The run still outstanding for this name, if any. */
  get(name: string): RunSlot | undefined {
    const slot = this.slots.get(name);
    if (slot === undefined || !slot.settled) return slot;
    this.slots.delete(name);
    return undefined;
  }

  hold(name: string, slot: RunSlot): void {
    this.slots.set(name, slot);
  }
}
