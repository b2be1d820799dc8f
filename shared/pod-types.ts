import type { ContainerState, PodState } from './types.js';

/** What a pod verb returns on success; failures travel as errors with per-container details. */
export interface PodReport {
  Id: string;
  Name: string;
  /** Warnings that did not fail the operation (a container resorted to SIGKILL). */
  Warnings?: string[];
}

/** One row of `pod ps --format json`. */
export interface PodListEntry {
  Id: string;
  Name: string;
  Status: PodState;
  Created: string;
  InfraId: string;
  Labels: Record<string, string>;
  Containers: { Id: string; Names: string; Status: ContainerState }[];
}

export interface PodInfraConfig {
  PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
  HostNetwork: boolean;
  StaticIP: string;
  StaticMAC: string;
  NoManageResolvConf: boolean;
  DNSServer: string[] | null;
  DNSSearch: string[] | null;
  DNSOption: string[] | null;
  NoManageHosts: boolean;
  HostAdd: string[] | null;
  Networks: string[] | null;
  NetworkOptions: Record<string, string[]> | null;
  pid_ns?: string;
  userns?: string;
  uts_ns?: string;
}

/** `pod inspect`: Podman's keys. */
export interface PodInspect {
  Id: string;
  Name: string;
  Namespace: string;
  Created: string;
  CreateCommand: string[];
  ExitPolicy: 'continue' | 'stop';
  State: PodState;
  Hostname: string;
  Labels: Record<string, string>;
  CreateCgroup: boolean;
  CgroupParent: string;
  CgroupPath: string;
  CreateInfra: boolean;
  InfraContainerID: string;
  InfraConfig: PodInfraConfig;
  SharedNamespaces: string[];
  NumContainers: number;
  Containers: { Id: string; Name: string; State: ContainerState }[];
  cpu_period?: number;
  cpu_quota?: number;
  memory_limit?: number;
}
