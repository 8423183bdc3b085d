import { describe, expect, it } from 'vitest';
import { describeConnectionError, toDockerError } from './dockerErrors';

function sysError(code: string, message = `connect ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

/** What docker-modem rejects with for an HTTP error from the engine. */
function apiError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), {
    statusCode,
    json: { message },
  });
}

describe('connection problems, in words a user can act on', () => {
  it('engine not running (socket refused or missing)', () => {
    for (const code of ['ECONNREFUSED', 'ENOENT']) {
      const p = describeConnectionError(sysError(code), 'unix:///var/run/docker.sock');
      expect(p.message).toBe('Docker engine at /var/run/docker.sock is not running.');
      expect(p.hint).toContain('Start Docker Desktop / dockerd');
      expect(p.hint).toContain('DOCKER_HOST');
      expect(p.detail).toContain(code);
    }
  });

  it('permission denied on the socket', () => {
    const p = describeConnectionError(sysError('EACCES'), 'unix:///var/run/docker.sock');
    expect(p.code).toBe('permission_denied');
    expect(p.message).toBe('Permission denied on the Docker socket /var/run/docker.sock.');
    expect(p.hint).toContain('docker group');
  });

  it('TLS failures say which side gave up and why', () => {
    const at = 'tcp://build:2376';
    const cases: Array<[code: string, text: string, reason: string, hint: string]> = [
      ['CERT_HAS_EXPIRED', 'certificate has expired', 'the engine’s certificate has expired', 'Renew'],
      [
        'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        'unable to verify',
        'Berth does not trust the engine’s certificate',
        'ca.pem',
      ],
      [
        'ERR_TLS_CERT_ALTNAME_INVALID',
        "Host: build. is not in the cert's altnames",
        'for another host name',
        'host name',
      ],
      [
        'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
        'sslv3 alert bad certificate',
        'the engine refused Berth’s client certificate',
        'cert.pem',
      ],
      ['EPROTO', 'wrong version number', 'the handshake did not complete', 'DOCKER_CERT_PATH'],
    ];
    for (const [code, text, reason, hint] of cases) {
      const p = describeConnectionError(sysError(code, text), at);
      expect(p.code).toBe('unauthorized');
      expect(p.message).toContain(`The TLS connection to ${at} failed: `);
      expect(p.message).toContain(reason);
      expect(p.hint).toContain(hint);
    }
  });

  it('a tcp host that cannot be reached', () => {
    for (const code of ['EHOSTUNREACH', 'ETIMEDOUT', 'ENOTFOUND']) {
      expect(describeConnectionError(sysError(code), 'tcp://10.9.9.9:2375').message).toBe(
        'Cannot reach the Docker host tcp://10.9.9.9:2375.',
      );
    }
  });

  it('a timeout', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
      code: 23,
    });
    expect(describeConnectionError(timeout, 'tcp://h:2375').code).toBe('timeout');
  });
});

describe('engine API errors on actions', () => {
  const ctx = { verb: 'pause', what: 'container “web”', endpoint: 'unix:///var/run/docker.sock' };

  it('409 "already paused" names the container, not its 64-hex id', () => {
    const id = 'a'.repeat(64);
    expect(toDockerError(apiError(409, `Container ${id} is already paused`), ctx)).toEqual({
      code: 'conflict',
      message: 'Container “web” is already paused.',
      detail: `Container ${id} is already paused`,
    });
  });

  it('409 other conflicts keep the engine’s words, with short ids', () => {
    const e = toDockerError(
      apiError(
        409,
        `You cannot remove a running container ${'b'.repeat(64)}. Stop the container before attempting removal or force remove`,
      ),
      { ...ctx, verb: 'remove' },
    );
    expect(e.code).toBe('conflict');
    expect(e.message).toBe(
      `Could not remove container “web”: You cannot remove a running container ${'b'.repeat(12)}. Stop the container before attempting removal or force remove`,
    );
  });

  it('304 not modified says what it already is', () => {
    expect(
      toDockerError(apiError(304, 'container already started'), { ...ctx, verb: 'start', alreadyState: 'running' })
        .message,
    ).toBe('Container “web” is already running.');
  });

  it('404 says it is gone', () => {
    expect(toDockerError(apiError(404, 'No such container: web'), ctx)).toMatchObject({
      code: 'not_found',
      message: 'Container “web” no longer exists.',
    });
  });

  it('a connection error during an action', () => {
    expect(toDockerError(sysError('ECONNREFUSED'), ctx).message).toBe(
      'Could not pause container “web”: Docker engine at /var/run/docker.sock is not running.',
    );
  });
});
