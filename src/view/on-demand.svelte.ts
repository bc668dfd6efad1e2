/**
 * A module loaded the first time something needs it (a chunk of its own, so the page's first load
 * stays light): `const views = new OnDemand(() => import('./views'), 'the views')`, then `views.need()`
 * (in an effect, once a run needs it); `views.current` is the module once it has come, and `failed`
 * says it could not be loaded (the error goes to the console).
 */
export class OnDemand<T> {
  current = $state.raw<T | null>(null);
  failed = $state(false);
  #asked = false;
  readonly #load: () => Promise<T>;
  readonly #what: string;

  constructor(load: () => Promise<T>, what: string) {
    this.#load = load;
    this.#what = what;
  }

  /** Starts loading, once. */
  need(): void {
    if (this.#asked) return;
    this.#asked = true;
    this.#load().then(
      (m) => (this.current = m),
      (err: unknown) => {
        this.failed = true;
        console.error(`${this.#what} could not be loaded`, err);
      },
    );
  }
}
