import type { ContainerInspectInfo } from 'dockerode';
import type { ContainerDetails, EnvVar } from '../../../shared/docker';
import { parseRfc3339Nano } from '../streams/timestamps';

const SECRET_NAME =
  /PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|APIKEY|API_KEY|ACCESS_KEY|PRIVATE|AUTH|COOKIE|SESSION|SALT|SIGNING|(^|[_.-])(PASS|PWD|KEY|KEYS|CERT|DSN)($|[_.-])|KEY$/i;
/** scheme://user:password@host — a credential inside a URL, whatever the variable is called. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

/**
 * Whether an environment variable probably holds a secret, so the UI masks it until the
 * user reveals it. Errs towards masking: a masked harmless value costs one click.
 */
export function isSecretLike(name: string, value: string): boolean {
  return SECRET_NAME.test(name) || URL_WITH_PASSWORD.test(value);
}

/** "NAME=value" (value may contain "="; a bare "NAME" has an empty value). */
export function parseEnv(entries: readonly string[] | null | undefined): EnvVar[] {
  return (entries ?? []).map((entry) => {
    const eq = entry.indexOf('=');
    const name = eq === -1 ? entry : entry.slice(0, eq);
    const value = eq === -1 ? '' : entry.slice(eq + 1);
    return { name, value, secretLike: isSecretLike(name, value) };
  });
}

function asList(value: string | string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Epoch ms (whole): the details panel shows dates, not nanoseconds. */
function time(text: string | undefined): number | undefined {
  const t = text ? parseRfc3339Nano(text) : undefined;
  return t === undefined ? undefined : Math.floor(t);
}

/** A readable view of `docker inspect` for the details panel. */
export function toContainerDetails(info: ContainerInspectInfo, engineId: string): ContainerDetails {
  const config = info.Config ?? ({} as ContainerInspectInfo['Config']);
  const host = info.HostConfig ?? ({} as ContainerInspectInfo['HostConfig']);
  const state = info.State ?? ({} as ContainerInspectInfo['State']);
  const health = (
    state as {
      Health?: {
        Status: string;
        FailingStreak: number;
        Log?: Array<{ Start: string; End: string; ExitCode: number; Output: string }>;
      };
    }
  ).Health;

  const ports: ContainerDetails['ports'] = [];
  for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
    const [port, protocol = 'tcp'] = key.split('/');
    const containerPort = Number(port);
    if (!bindings || bindings.length === 0) {
      ports.push({ containerPort, protocol });
      continue;
    }
    for (const b of bindings) {
      ports.push({
        containerPort,
        protocol,
        ...(b.HostIp ? { hostIp: b.HostIp } : {}),
        ...(b.HostPort ? { hostPort: Number(b.HostPort) } : {}),
      });
    }
  }

  const createdAt = time(info.Created);
  const startedAt = time(state.StartedAt);
  const finishedAt = time(state.FinishedAt);
  return {
    id: info.Id,
    engineId,
    name: (info.Name ?? '').replace(/^\//, ''),
    image: config.Image ?? '',
    imageId: info.Image ?? '',
    ...(createdAt !== undefined ? { createdAt } : {}),
    state: {
      status: state.Status ?? '',
      running: Boolean(state.Running),
      paused: Boolean(state.Paused),
      restarting: Boolean(state.Restarting),
      oomKilled: Boolean(state.OOMKilled),
      exitCode: state.ExitCode ?? 0,
      error: state.Error ?? '',
      pid: state.Pid ?? 0,
      ...(startedAt !== undefined ? { startedAt } : {}),
      ...(finishedAt !== undefined ? { finishedAt } : {}),
    },
    command: [info.Path, ...(info.Args ?? [])].filter((s): s is string => typeof s === 'string' && s.length > 0),
    entrypoint: asList(config.Entrypoint as string | string[] | null | undefined),
    cmd: asList(config.Cmd as string | string[] | null | undefined),
    workingDir: config.WorkingDir ?? '',
    user: config.User ?? '',
    hostname: config.Hostname ?? '',
    tty: Boolean(config.Tty),
    env: parseEnv(config.Env),
    mounts: (info.Mounts ?? []).map((m) => ({
      type: m.Type ?? 'bind',
      ...(m.Name ? { name: m.Name } : {}),
      source: m.Source ?? '',
      destination: m.Destination ?? '',
      mode: m.Mode ?? '',
      readOnly: m.RW === false,
    })),
    ports,
    networks: Object.entries(info.NetworkSettings?.Networks ?? {}).map(([name, n]) => ({
      name,
      ipAddress: n.IPAddress ?? '',
      gateway: n.Gateway ?? '',
      macAddress: n.MacAddress ?? '',
      aliases: n.Aliases ?? [],
    })),
    labels: config.Labels ?? {},
    restartPolicy: {
      name: host.RestartPolicy?.Name || 'no',
      maximumRetryCount: host.RestartPolicy?.MaximumRetryCount ?? 0,
    },
    ...(health
      ? {
          health: {
            status: health.Status,
            failingStreak: health.FailingStreak ?? 0,
            log: (health.Log ?? []).map((entry) => ({
              ...(time(entry.Start) !== undefined ? { start: time(entry.Start) } : {}),
              ...(time(entry.End) !== undefined ? { end: time(entry.End) } : {}),
              exitCode: entry.ExitCode,
              output: entry.Output,
            })),
          },
        }
      : {}),
    resources: {
      memory: host.Memory ?? 0,
      memoryReservation: host.MemoryReservation ?? 0,
      cpus: (host.NanoCpus ?? 0) / 1e9,
      cpuShares: host.CpuShares ?? 0,
      cpuQuota: host.CpuQuota ?? 0,
      cpuPeriod: host.CpuPeriod ?? 0,
      cpusetCpus: host.CpusetCpus ?? '',
      pidsLimit: host.PidsLimit ?? 0,
    },
  };
}
