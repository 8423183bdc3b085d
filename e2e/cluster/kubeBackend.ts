import { Backend, type BackendOptions } from '../../electron/core/backend';
import { TEST_KUBECONFIG } from './testKubeconfig';

/**
 * A backend in web mode that sees the test clusters (or `kubeconfig`) and no Docker engine;
 * `options` add a home, drain or runtime knobs.
 */
export function kubeBackend(
  options: { kubeconfig?: string; env?: NodeJS.ProcessEnv } & Omit<BackendOptions, 'mode' | 'version' | 'env'> = {},
): Backend {
  const { kubeconfig, env, ...rest } = options;
  return new Backend({
    mode: 'web',
    version: 't',
    env: { KUBECONFIG: kubeconfig ?? TEST_KUBECONFIG, DOCKER_HOST: 'unix:///nonexistent.sock', ...env },
    ...rest,
  });
}
