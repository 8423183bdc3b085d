import { describe, expect, it } from 'vitest';
import { declaredPorts, parseRemotePort } from './declaredPorts';

describe('declaredPorts', () => {
  it('lists the ports of every container of a pod, once each, with their names', () => {
    const pod = {
      spec: {
        containers: [
          { name: 'web', ports: [{ name: 'http', containerPort: 80 }, { containerPort: 9090 }] },
          { name: 'sidecar', ports: [{ name: 'again', containerPort: 80 }] },
          { name: 'bare' },
        ],
      },
    };
    expect(declaredPorts('pod', pod)).toEqual([
      { port: 80, name: 'http', label: '80 (http)' },
      { port: 9090, label: '9090' },
    ]);
  });

  it('lists the ports of a Service and ignores what is not a port', () => {
    const service = { spec: { ports: [{ name: 'pg', port: 5432 }, { port: 'x' }, { port: 70000 }, null] } };
    expect(declaredPorts('service', service)).toEqual([{ port: 5432, name: 'pg', label: '5432 (pg)' }]);
    expect(declaredPorts('service', null)).toEqual([]);
  });
});

describe('parseRemotePort', () => {
  it('takes a port number or a port name, nothing else', () => {
    expect(parseRemotePort(' 8080 ')).toBe(8080);
    expect(parseRemotePort('http')).toBe('http');
    expect(parseRemotePort('0')).toBeNull();
    expect(parseRemotePort('65536')).toBeNull();
    expect(parseRemotePort('Not A Port')).toBeNull();
    expect(parseRemotePort('')).toBeNull();
  });
});
