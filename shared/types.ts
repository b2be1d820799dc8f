/**
 * Domain types shared by the engine, the transports, the CLI and the renderer.
 * JSON shapes use Podman's keys so scripts written for `podman ... --format json`
 * keep working.
 */

/** Container states, with Podman's strings. */
export const ContainerState = {
  Configured: 'created',
  Created: 'initialized',
  Running: 'running',
  Stopped: 'stopped',
  Paused: 'paused',
  Exited: 'exited',
  Removing: 'removing',
  Stopping: 'stopping',
  Unknown: 'unknown',
} as const;
export type ContainerState = (typeof ContainerState)[keyof typeof ContainerState];

export const CONTAINER_STATES: readonly ContainerState[] = Object.values(ContainerState);

/** Pod states, as Podman reports them. */
export const PodState = {
  Created: 'Created',
  Running: 'Running',
  Degraded: 'Degraded',
  Paused: 'Paused',
  Exited: 'Exited',
  Stopped: 'Stopped',
  Error: 'Error',
} as const;
export type PodState = (typeof PodState)[keyof typeof PodState];

export type InitContainerType = '' | 'once' | 'always';
export type RestartPolicyName = 'no' | 'always' | 'on-failure';

export interface RestartPolicy {
  Name: RestartPolicyName;
  MaximumRetryCount: number;
}

/** One row of `ps --format json`. */
export interface ContainerListEntry {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string[];
  State: ContainerState;
  Status: string;
  ExitCode: number;
  Exited: boolean;
  Pid: number;
  Pod: string;
  PodName: string;
  IsInfra: boolean;
  StartedAt: number;
  ExitedAt: number;
  Created: number;
  CreatedAt: string;
}

/** `inspect` of a container: the Podman keys Podyard supports. */
export interface ContainerInspect {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: {
    OciVersion: string;
    Status: ContainerState;
    Running: boolean;
    Paused: boolean;
    Restarting: boolean;
    OOMKilled: boolean;
    Dead: boolean;
    Pid: number;
    ConmonPid: number;
    ExitCode: number;
    Error: string;
    StartedAt: string;
    FinishedAt: string;
  };
  Image: string;
  ImageName: string;
  Rootfs: string;
  Pod: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  Name: string;
  RestartCount: number;
  Driver: string;
  OCIRuntime: string;
  ConmonPidFile: string;
  PidFile: string;
  Dependencies: string[];
  IsInfra: boolean;
  InitContainerType?: InitContainerType;
  Config: {
    Hostname: string;
    User: string;
    Env: string[];
    Cmd: string[];
    Image: string;
    WorkingDir: string;
    Labels: Record<string, string>;
    StopSignal: string;
    StopTimeout: number;
    CreateCommand: string[];
  };
  HostConfig: {
    RestartPolicy: RestartPolicy;
    Init: boolean;
    LogConfig: { Type: string; Path: string };
  };
}

/** One row of `images --format json`. */
export interface ImageListEntry {
  Id: string;
  Names: string[];
  Created: number;
  CreatedAt: string;
  Size: number;
}

/** An event, with the keys of `podman events --format json`. */
export interface PodyardEvent {
  /** Position in the event log; increases monotonically. */
  Seq: number;
  ID: string;
  Name: string;
  Image?: string;
  PodID?: string;
  Status: string;
  Type: 'container' | 'pod' | 'image' | 'system';
  Time: string;
  timeNano: number;
  ContainerExitCode?: number;
  Attributes?: Record<string, string>;
}

/** `podyard info`. */
export interface SystemInfo {
  version: string;
  mode: 'rootful' | 'rootless';
  runtime: { name: string; path: string; version: string };
  conmon: { path: string; version: string };
  cgroups: { version: string; manager: string; usable: boolean; problem?: string };
  storage: { driver: string; root: string; runroot: string; database: string };
  counts: { containers: number; running: number; pods: number; images: number };
  /** Rootless mode: the user and the subordinate id ranges containers map to. */
  rootless?: {
    user: string;
    uid: number;
    subuid: { start: number; count: number } | null;
    subgid: { start: number; count: number } | null;
    newuidmap: boolean;
  };
  problems: { what: string; fix: string }[];
}
