/**
 * The documents containing one term, with their quantised term frequency. Order does not
 * matter to score accumulation, so removal swaps the last entry into the hole.
 */
export class PostingList {
  slots: Int32Array;
  tfs: Uint8Array;
  length = 0;

  constructor(capacity = 4) {
    this.slots = new Int32Array(capacity);
    this.tfs = new Uint8Array(capacity);
  }

  add(slot: number, tf: number): void {
    if (this.length === this.slots.length) {
      const capacity = this.slots.length * 2;
      const slots = new Int32Array(capacity);
      slots.set(this.slots);
      const tfs = new Uint8Array(capacity);
      tfs.set(this.tfs);
      this.slots = slots;
      this.tfs = tfs;
    }
    this.slots[this.length] = slot;
    this.tfs[this.length] = tf;
    this.length++;
  }

  remove(slot: number): boolean {
    for (let i = 0; i < this.length; i++) {
      if (this.slots[i] !== slot) continue;
      this.length--;
      this.slots[i] = this.slots[this.length]!;
      this.tfs[i] = this.tfs[this.length]!;
      return true;
    }
    return false;
  }
}
