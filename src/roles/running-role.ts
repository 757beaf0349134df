/** A started process of any role: the port it answers on (its API, or /health, /ready and /metrics) and how to stop it. */
export interface RunningRole {
  port: number;
  /** Stops taking requests and work, lets what is in flight finish, closes the stores. */
  close(): Promise<void>;
}
