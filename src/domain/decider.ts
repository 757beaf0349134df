/** The unit of business logic: pure, synchronous, no I/O. */
export interface Decider<State, Command, Event> {
  initialState: () => State;
  /** Returns the events the command produces, or throws a DomainError. */
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
}

/** Every command and event is a discriminated union member with a `type` and its `data`. */
export interface Message<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
