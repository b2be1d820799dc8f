/**
 * The error model every transport carries unchanged: `{code, message, details}`.
 *
 * `message` is the text users and scripts see; where Podman has a text for the same
 * condition we use it verbatim, so habits and scripts carry over. `details.errors`
 * holds the per-container error map of a partial failure (container id -> message).
 */

export const ErrorCode = {
  NoSuchContainer: 'no_such_container',
  NoSuchPod: 'no_such_pod',
  NoSuchImage: 'no_such_image',
  InvalidArgument: 'invalid_argument',
  NameInUse: 'name_in_use',
  StateImproper: 'state_improper',
  ContainerStopped: 'container_stopped',
  ImageInUse: 'image_in_use',
  PartialFailure: 'partial_failure',
  PodRemoved: 'pod_removed',
  DependencyCycle: 'dependency_cycle',
  NoRootContainers: 'no_root_containers',
  InitContainerFailed: 'init_container_failed',
  Runtime: 'runtime_error',
  HostSetup: 'host_setup',
  Validation: 'validation',
  Unauthorized: 'unauthorized',
  Internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Per-container failures of a bulk operation: container id -> message. */
export type ContainerErrors = Record<string, string>;

export interface ErrorDetails {
  /** Per-container error map of a partial failure. */
  errors?: ContainerErrors;
  /** Warnings that did not make the operation fail (e.g. resorted to SIGKILL). */
  warnings?: string[];
  [key: string]: unknown;
}

/** The serialisable shape of an error, as it crosses every transport. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class PodyardError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'PodyardError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromPayload(p: ErrorPayload): PodyardError {
    return new PodyardError(p.code, p.message, p.details);
  }
}

export function isPodyardError(e: unknown): e is PodyardError {
  return e instanceof PodyardError;
}

/** Wraps anything thrown into the transport error shape. */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (isPodyardError(e)) return e.toPayload();
  const message = e instanceof Error ? e.message : String(e);
  return { code: ErrorCode.Internal, message };
}

// Constructors for the texts users see. Keep them verbatim (Podman's wording).

export const errNoSuchContainer = (x: string) =>
  new PodyardError(ErrorCode.NoSuchContainer, `no such container ${x}`);
export const errNoSuchPod = (x: string) => new PodyardError(ErrorCode.NoSuchPod, `no such pod ${x}`);
export const errNoSuchImage = (x: string) =>
  new PodyardError(ErrorCode.NoSuchImage, `no such image ${x}`);
export const errInvalidName = () =>
  new PodyardError(
    ErrorCode.InvalidArgument,
    'names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument',
  );
export const errInvalidSignal = (x: string) =>
  new PodyardError(ErrorCode.InvalidArgument, `invalid signal: ${x}`);
