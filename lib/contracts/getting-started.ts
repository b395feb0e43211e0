// The console's getting-started panel (docs/console.md#getting-started-with-the-demo):
// which of the demo's steps the server has seen happen since `npm run demo`
// set the story up. Allowing notifications is the browser's own state and is
// read in the page, not here.

/** What `npm run demo` records when it sets its story up (settings key `demo_story`). */
export interface DemoStoryMarker {
  preparedAt: string;
  query: string;
}

export interface GettingStartedProgress {
  /** The search the panel asks for. */
  query: string;
  /** When the demo's story was set up (ISO); steps count from then. */
  since: string;
  /** A page of the store was viewed. */
  storeOpened: boolean;
  /** A search reached the server (`Products Searched`). */
  searched: boolean;
  /** A device reported a moment (`Moment Fired`), and for which rule. */
  momentFired: { ruleId: number | null } | null;
}

/** `null` when the database was not set up by the demo: there is no panel then. */
export interface GettingStartedAnswer {
  progress: GettingStartedProgress | null;
}
