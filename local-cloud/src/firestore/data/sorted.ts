/** An array kept sorted by a comparator; binary-search insert and delete. */
export class SortedArray<T> {
  readonly items: T[] = [];
  private readonly compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.compare = compare;
  }

  get size(): number {
    return this.items.length;
  }

  /** Index of the first item >= value. */
  lowerBound(value: T): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.items[mid] as T, value) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(value: T): void {
    const i = this.lowerBound(value);
    if (i < this.items.length && this.compare(this.items[i] as T, value) === 0) return;
    this.items.splice(i, 0, value);
  }

  delete(value: T): void {
    const i = this.lowerBound(value);
    if (i < this.items.length && this.compare(this.items[i] as T, value) === 0)
      this.items.splice(i, 1);
  }
}
