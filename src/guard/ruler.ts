// An ordered list of named rules, after markdown-it's Ruler: the guard runs its detectors in
// this order, and a caller can add, place or switch off a detector without editing a switch.

export class Ruler<T> {
  private readonly rules: { name: string; fn: T; enabled: boolean }[] = [];

  /** Adds a rule at the end. */
  push(name: string, fn: T): this {
    this.insert(this.rules.length, name, fn);
    return this;
  }

  /** Adds a rule just before the rule called `other`. */
  before(other: string, name: string, fn: T): this {
    this.insert(this.indexOf(other), name, fn);
    return this;
  }

  /** Adds a rule just after the rule called `other`. */
  after(other: string, name: string, fn: T): this {
    this.insert(this.indexOf(other) + 1, name, fn);
    return this;
  }

  /** Switches a rule off (a public build should never do this; tests and tools may). */
  disable(name: string): this {
    const rule = this.rules[this.indexOf(name)];
    if (rule !== undefined) rule.enabled = false;
    return this;
  }

  /** The enabled rules, in order, with their names. */
  list(): { name: string; fn: T }[] {
    return this.rules.filter((r) => r.enabled).map(({ name, fn }) => ({ name, fn }));
  }

  names(): string[] {
    return this.list().map((r) => r.name);
  }

  private indexOf(name: string): number {
    const index = this.rules.findIndex((r) => r.name === name);
    if (index === -1) throw new Error(`guard: no detector called "${name}"`);
    return index;
  }

  private insert(at: number, name: string, fn: T): void {
    if (this.rules.some((r) => r.name === name)) {
      throw new Error(`guard: a detector called "${name}" is already registered`);
    }
    this.rules.splice(at, 0, { name, fn, enabled: true });
  }
}
