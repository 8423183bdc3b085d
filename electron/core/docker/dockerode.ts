import { createRequire } from 'node:module';
import type DockerodeClass from 'dockerode';

/**
 * dockerode, loaded without ssh2 until an ssh:// engine needs it. docker-modem requires ssh2
 * as it loads, and ssh2 instantiates a 16 MB WebAssembly heap (its poly1305) as it loads
 * (mscdex/ssh2#1494): on every start, for a kind of engine most users never add (web mode's
 * RSS when listening went from 79.9 to 76.9 MB without it). While dockerode loads,
 * docker-modem is handed a stand-in for ssh2 whose Client loads the real one when
 * docker-modem makes its first ssh connection.
 */

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
type SshClient = new (...args: unknown[]) => object;

// Not named `require`: the bundler declares its own in the chunk this lands in.
const requireHere = createRequire(import.meta.url);

/** ssh2 as docker-modem resolves it, loaded on first use. */
function realSshClient(): SshClient {
  return (createRequire(requireHere.resolve('docker-modem'))('ssh2') as { Client: SshClient }).Client;
}

/** What docker-modem reads of ssh2: `new Client()` (in its ssh agent, per ssh connection). */
const deferredSsh2 = {
  Client: function Client(...args: unknown[]): object {
    const Real = realSshClient();
    return new Real(...args);
  } as unknown as SshClient,
};

function loadDockerode(): typeof DockerodeClass {
  // Node's CommonJS loader: the one hook that reaches a require made inside a dependency.
  const modules = requireHere('node:module') as { _load: Loader };
  const load = modules._load;
  modules._load = function (this: unknown, request, parent, isMain) {
    return request === 'ssh2' ? deferredSsh2 : load.call(this, request, parent, isMain);
  };
  try {
    return requireHere('dockerode') as typeof DockerodeClass;
  } finally {
    modules._load = load;
  }
}

export const Dockerode = loadDockerode();
