/** Secret-looking values stay hidden until the user reveals them, in every view of a container. */
export const MASK = '••••••••';

/**
 * A copy of a raw `docker inspect` object with the values of the named environment
 * variables in `Config.Env` ("NAME=value") replaced by the mask. The input is not changed.
 */
export function maskInspectEnv(
  inspect: Record<string, unknown>,
  secretNames: ReadonlySet<string>,
): Record<string, unknown> {
  const config = inspect.Config;
  if (secretNames.size === 0 || typeof config !== 'object' || config === null) return inspect;
  const env = (config as Record<string, unknown>).Env;
  if (!Array.isArray(env)) return inspect;
  const masked = env.map((entry: unknown) => {
    if (typeof entry !== 'string') return entry;
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq);
    return eq >= 0 && secretNames.has(name) ? `${name}=${MASK}` : entry;
  });
  return { ...inspect, Config: { ...(config as Record<string, unknown>), Env: masked } };
}
