import { describe, expect, it } from 'vitest';
import { rewriteCurrentContext } from './currentContextRewrite';

/** Every line but the one at `changed` is byte-for-byte the same. */
function expectOnlyLineChanged(before: string, after: string, changed: number): void {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  for (let i = 0; i < a.length; i++) if (i !== changed) expect(b[i]).toBe(a[i]);
}

const KUBECONFIG = `apiVersion: v1
# clusters managed by the platform team
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTg==
    server: https://10.0.0.1:6443
  name: prod
contexts:
- context:
    cluster: prod
    user: admin   # break glass only
  name: prod-admin
- context: {cluster: prod, user: dev}
  name: dev
current-context: prod-admin # set by the installer
kind: Config
preferences: {}
users:
- name: admin
  user:
    token: abc
`;

describe('rewriteCurrentContext', () => {
  it('changes only the current-context line and keeps its comment', () => {
    const result = rewriteCurrentContext(KUBECONFIG, 'dev');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expectOnlyLineChanged(KUBECONFIG, result.text, 14);
    expect(result.text.split('\n')[14]).toBe('current-context: dev # set by the installer');
  });

  it('keeps CRLF line endings and a byte order mark', () => {
    const text = `\uFEFF${KUBECONFIG.replace(/\n/g, '\r\n')}`;
    const result = rewriteCurrentContext(text, 'dev');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text.startsWith('\uFEFF')).toBe(true);
    expectOnlyLineChanged(text, result.text, 14);
    expect(result.text.split('\n')[14]).toBe('current-context: dev # set by the installer\r');
  });

  it('keeps the quoting style of the value', () => {
    const single = "kind: Config\ncurrent-context: 'old'\nusers: []\n";
    const double = 'kind: Config\ncurrent-context: "old"\nusers: []\n';
    expect(rewriteCurrentContext(single, "it's")).toEqual({
      ok: true,
      text: "kind: Config\ncurrent-context: 'it''s'\nusers: []\n",
    });
    expect(rewriteCurrentContext(double, 'new')).toEqual({
      ok: true,
      text: 'kind: Config\ncurrent-context: "new"\nusers: []\n',
    });
  });

  it('quotes a name YAML would read as something else, and keeps an EKS ARN plain', () => {
    const text = 'kind: Config\ncurrent-context: a\n';
    expect(rewriteCurrentContext(text, 'true')).toEqual({ ok: true, text: 'kind: Config\ncurrent-context: "true"\n' });
    expect(rewriteCurrentContext(text, '1.20')).toEqual({ ok: true, text: 'kind: Config\ncurrent-context: "1.20"\n' });
    expect(rewriteCurrentContext(text, 'a #b')).toEqual({ ok: true, text: 'kind: Config\ncurrent-context: "a #b"\n' });
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
    expect(rewriteCurrentContext(text, arn)).toEqual({ ok: true, text: `kind: Config\ncurrent-context: ${arn}\n` });
  });

  it('fills an empty value', () => {
    const text = 'kind: Config\ncurrent-context:\nusers: []\n';
    expect(rewriteCurrentContext(text, 'b')).toEqual({
      ok: true,
      text: 'kind: Config\ncurrent-context: b\nusers: []\n',
    });
    const quoted = 'kind: Config\ncurrent-context: ""\n';
    expect(rewriteCurrentContext(quoted, 'b')).toEqual({ ok: true, text: 'kind: Config\ncurrent-context: "b"\n' });
  });

  it('adds the line at the end when the key is missing, with the file’s line ending', () => {
    const text = 'apiVersion: v1\r\nkind: Config\r\n';
    expect(rewriteCurrentContext(text, 'b')).toEqual({ ok: true, text: `${text}current-context: b\r\n` });
    const noFinalNewline = 'apiVersion: v1\nkind: Config';
    expect(rewriteCurrentContext(noFinalNewline, 'b')).toEqual({
      ok: true,
      text: 'apiVersion: v1\nkind: Config\ncurrent-context: b\n',
    });
    expect(rewriteCurrentContext('', 'b')).toEqual({ ok: true, text: 'current-context: b\n' });
  });

  it('leaves a nested current-context key (inside a value) alone', () => {
    const text = 'preferences:\n  current-context: keep\nkind: Config\n';
    const result = rewriteCurrentContext(text, 'b');
    expect(result).toEqual({ ok: true, text: `${text}current-context: b\n` });
  });

  it('refuses JSON and flow style, naming the kubectl command to run instead', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Config', 'current-context': 'a' }, null, 2);
    const result = rewriteCurrentContext(json, 'b');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain('JSON or flow-style');
    expect(result.reason).toContain('kubectl config use-context b');
    expect(rewriteCurrentContext('{kind: Config, current-context: a}\n', 'b').ok).toBe(false);
  });

  it('refuses files it cannot safely edit one line of', () => {
    // Several documents.
    expect(rewriteCurrentContext('kind: Config\n---\nkind: Config\n', 'b').ok).toBe(false);
    // A multi-line value.
    expect(rewriteCurrentContext('kind: Config\ncurrent-context:\n  a\n', 'b').ok).toBe(false);
    // A block scalar, an anchor, an alias.
    expect(rewriteCurrentContext('kind: Config\ncurrent-context: |\n  a\n', 'b').ok).toBe(false);
    expect(rewriteCurrentContext('name: &n a\ncurrent-context: *n\n', 'b').ok).toBe(false);
    // Duplicated key.
    expect(rewriteCurrentContext('current-context: a\ncurrent-context: a\n', 'b').ok).toBe(false);
    // Not YAML at all, or not a mapping.
    expect(rewriteCurrentContext('clusters: [\n', 'b').ok).toBe(false);
    expect(rewriteCurrentContext('- a\n- b\n', 'b').ok).toBe(false);
  });

  it('returns the same bytes when the name is already set', () => {
    expect(rewriteCurrentContext(KUBECONFIG, 'prod-admin')).toEqual({ ok: true, text: KUBECONFIG });
  });
});
