import { describe, expect, it } from 'vitest';
import { formatPorts } from './ports';

describe('formatPorts', () => {
  it('shows published ports once, even when bound on IPv4 and IPv6', () => {
    expect(
      formatPorts([
        { ip: '0.0.0.0', privatePort: 80, publicPort: 8080, type: 'tcp' },
        { ip: '::', privatePort: 80, publicPort: 8080, type: 'tcp' },
      ]),
    ).toEqual(['8080→80/tcp']);
  });
  it('keeps a specific host address and lists exposed-only ports', () => {
    expect(
      formatPorts([
        { privatePort: 443, type: 'tcp' },
        { ip: '127.0.0.1', privatePort: 53, publicPort: 5353, type: 'udp' },
      ]),
    ).toEqual(['127.0.0.1:5353→53/udp', '443/tcp']);
  });
  it('is empty without ports', () => {
    expect(formatPorts([])).toEqual([]);
  });
});
