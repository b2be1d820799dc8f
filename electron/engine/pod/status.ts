import { ContainerState, PodState } from '../../../shared/types.js';

/**
 * A pod's state from its containers' states (init containers left out, infra
 * counted), Podman's rules in order: no containers -> Created; all running ->
 * Running; some running -> Degraded; all paused -> Paused; all exited/stopped ->
 * Exited; some exited/stopped -> Stopped; any unknown/removing/stopping -> Error;
 * otherwise Created.
 */
export function podStatus(states: ContainerState[]): PodState {
  if (states.length === 0) return PodState.Created;
  const count = (...s: ContainerState[]) => states.filter((x) => s.includes(x)).length;
  const running = count(ContainerState.Running);
  const paused = count(ContainerState.Paused);
  const down = count(ContainerState.Exited, ContainerState.Stopped);
  const error = count(ContainerState.Unknown, ContainerState.Removing, ContainerState.Stopping);
  if (running === states.length) return PodState.Running;
  if (running > 0) return PodState.Degraded;
  if (paused === states.length) return PodState.Paused;
  if (down === states.length) return PodState.Exited;
  if (down > 0) return PodState.Stopped;
  if (error > 0) return PodState.Error;
  return PodState.Created;
}
