import { describe, expect, it, onTestFinished } from 'vitest';
import { targetSecrets } from '../runner/targets/server-target.js';
import { REDACTED, Redactor } from '../runner/util/redact.js';
import { collectSecrets, isSecretName } from '../runner/util/secrets.js';
import { Transcript } from '../runner/util/transcript.js';

const R = REDACTED;

describe('Redactor', () => {
  it('replaces every occurrence of a secret, and leaves text without one as it is', () => {
    const redactor = Redactor.of(['hunter22']);
    expect(redactor.redact('a hunter22 b hunter22')).toBe(`a ${R} b ${R}`);
    const plain = 'nothing to see';
    expect(redactor.redact(plain)).toBe(plain);
    expect(Redactor.none.redact('hunter22')).toBe('hunter22');
    expect(Redactor.of([]).active).toBe(false);
  });

  it('redacts a secret that is a substring of another as part of the longer one, and alone elsewhere', () => {
    const redactor = Redactor.of(['abcd', 'xxabcdxx']);
    expect(redactor.redact('1 xxabcdxx 2 abcd 3')).toBe(`1 ${R} 2 ${R} 3`);
  });

  it('replaces overlapping secrets as one span, leaving no fragment of either', () => {
    const redactor = Redactor.of(['abcdef', 'defghi']);
    expect(redactor.redact('<abcdefghi>')).toBe(`<${R}>`);
    // Overlapping repetitions of one secret, and a flood of them.
    expect(Redactor.of(['aaaa']).redact('xaaaaaay')).toBe(`x${R}y`);
    expect(Redactor.of(['aaaa']).redact('a'.repeat(100_000))).toBe(R);
  });

  it('takes regular-expression characters literally', () => {
    const secret = 'a.b*c+(d)?[e]{2}^$|\\';
    const redactor = Redactor.of([secret]);
    expect(redactor.redact(`x${secret}y`)).toBe(`x${R}y`);
    expect(redactor.redact('aXb*c+(d)?[e]{2}^$|\\')).toBe('aXb*c+(d)?[e]{2}^$|\\');
  });

  it('finds JSON-escaped, slash-escaped, \\u-escaped and percent-encoded forms', () => {
    const secret = 'p"a\\s/s wörd';
    const redactor = Redactor.of([secret]);
    const frame = JSON.stringify({ echo: secret });
    expect(frame).not.toContain(secret);
    expect(redactor.redact(frame)).toBe(`{"echo":"${R}"}`);
    expect(redactor.redact('{"echo":"p\\"a\\\\s\\/s w\\u00f6rd"}')).toBe(`{"echo":"${R}"}`);
    expect(redactor.redact('{"echo":"p\\"a\\\\s/s w\\u00F6rd"}')).toBe(`{"echo":"${R}"}`);
    expect(redactor.redact(`?q=${encodeURIComponent(secret)}`)).toBe(`?q=${R}`);
  });

  it('redacts JSON values deeply, object keys included, without touching other types', () => {
    const redactor = Redactor.of(['sekret-1']);
    const value = { a: ['x sekret-1 y', 3, true, null], 'key-sekret-1': { deep: 'sekret-1' }, n: 7 };
    expect(redactor.redactDeep(value)).toEqual({ a: [`x ${R} y`, 3, true, null], [`key-${R}`]: { deep: R }, n: 7 });
    // A copy: the original is unchanged.
    expect(value.a[0]).toBe('x sekret-1 y');
  });

  it('ignores values too short to redact by value', () => {
    expect(Redactor.of(['ab', 'abc']).active).toBe(false);
    expect(Redactor.of(['ab', 'abcd']).redact('ab abc abcd')).toBe(`ab abc ${R}`);
  });
});

describe('secrets of a run', () => {
  it('knows credential-like names, case-insensitively', () => {
    for (const name of ['Authorization', 'proxy-authorization', 'Cookie', 'X-Api-Key', 'X-Auth-Token', 'API_TOKEN', 'DB_PASSWORD', 'PASSWD', 'GH_AUTH', 'PRIVATE_PEM', 'client_secret', 'x-session']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['Accept', 'X-Tenant', 'PATH', 'HOME', 'PWD', 'OLDPWD', 'GIT_AUTHOR_NAME', 'NODE_ENV']) expect(isSecretName(name), name).toBe(false);
  });

  it('takes header values, the credential after the scheme, and Basic and Cookie parts', () => {
    const basic = Buffer.from('alice:open-sesame').toString('base64');
    const { values, unredactable } = collectSecrets({
      headers: { Authorization: 'Bearer tok-123456', 'X-Tenant': 'acme-corp', 'Proxy-Authorization': `Basic ${basic}`, Cookie: 'sid=cookie-value; theme=ok' },
    });
    expect(values).toEqual(
      expect.arrayContaining(['Bearer tok-123456', 'tok-123456', `Basic ${basic}`, basic, 'alice:open-sesame', 'alice', 'open-sesame', 'cookie-value']),
    );
    expect(values).not.toContain('acme-corp');
    expect(unredactable).toEqual(['--header Cookie (cookie theme)']);
  });

  it('takes secret-named values of the inherited environment, silently dropping the short ones', () => {
    const { values, unredactable } = collectSecrets({ inheritedEnv: { GITHUB_TOKEN: 'ghp_inherited1', HOME: '/home/ci', CI_PASS: 'ab', USE_KEYCHAIN: 'true', UNSET_KEY: undefined } });
    expect(values).toEqual(['ghp_inherited1']);
    expect(unredactable).toEqual([]);
  });

  it('takes secret-named environment values, and credentials of URLs in any variable', () => {
    const { values, unredactable } = collectSecrets({
      env: { API_TOKEN: 'env-token-1', LOG_LEVEL: 'debug-all', DATABASE_URL: 'postgres://app:db%2Fpass@db/x', PIN_PASS: 'xyz' },
    });
    expect(values).toEqual(expect.arrayContaining(['env-token-1', 'db/pass', 'db%2Fpass', 'app:db/pass']));
    expect(values).not.toContain('debug-all');
    expect(unredactable).toEqual(['--env DATABASE_URL (user name)', '--env PIN_PASS']);
  });

  it("takes a URL's userinfo, its Basic encoding, and secret query parameters, with {port} in it", () => {
    const { values } = collectSecrets({ urls: ['http://user1:pa%20ss@127.0.0.1:{port}/mcp?api_key=k%2By+z&page=2'] });
    expect(values).toEqual(
      expect.arrayContaining(['user1', 'pa ss', 'pa%20ss', 'user1:pa ss', Buffer.from('user1:pa ss').toString('base64'), 'k%2By+z', 'k+y z']),
    );
    expect(values).not.toContain('2');
  });

  it('derives them from a target spec, with explicit ones', () => {
    // A launched command inherits the environment, whose secret-named variables count too: this
    // test must not depend on the machine's (a CI image may set TOX_TESTENV_PASSENV=OPENBLAS_*).
    const inherited = process.env;
    process.env = { PATH: inherited.PATH };
    onTestFinished(() => {
      process.env = inherited;
    });
    expect(targetSecrets({ kind: 'command', command: 'x', env: { MY_SECRET: 'abcdef' } }, ['explicit-1']).values).toEqual(['abcdef', 'explicit-1']);
    const http = targetSecrets({ kind: 'url', url: 'http://h/mcp', headers: { 'x-api-key': 'key-4567' }, launch: { command: 'y', env: { TOKEN: 'launch-tok' } } });
    expect(http.values).toEqual(['key-4567', 'launch-tok']);
    expect(targetSecrets({ kind: 'command', command: 'x' }, ['no']).unredactable).toEqual(['secrets[0]']);
  });
});

describe('Transcript with a redactor', () => {
  it('redacts frames, lanes, notes and header names and values before keeping them, and still hides credential headers by name', () => {
    const transcript = new Transcript('streamable-http', Redactor.of(['s3cret-value']));
    transcript.record('recv', 'POST-s3cret-value', '{"instructions":"you sent s3cret-value"}', {
      method: 'POST',
      headers: { 'x-echo': 'Bearer s3cret-value', 'x-s3cret-value': '1', 'set-cookie': 'other=1' },
    });
    transcript.note('about s3cret-value');
    const [frame, note] = transcript.entries;
    expect(frame).toMatchObject({ lane: `POST-${R}`, frame: `{"instructions":"you sent ${R}"}`, http: { headers: { 'x-echo': `Bearer ${R}`, [`x-${R}`]: '1', 'set-cookie': R } } });
    expect(note!.frame).toBe(`about ${R}`);
  });

  it('redacts before clipping, so a secret across the clip leaves no half behind', () => {
    const secret = 'split-secret-value';
    const transcript = new Transcript('stdio', Redactor.of([secret]));
    const frame = 'x'.repeat(64 * 1024 - 5) + secret + 'y'.repeat(10);
    transcript.record('recv', 'stdout', frame);
    expect(transcript.entries[0]!.frame).not.toContain('split');
  });
});

describe('secrets the run comes to hold', () => {
  it('are redacted from the moment they are added, in their encoded forms too', () => {
    const redactor = Redactor.of([]);
    expect(redactor.redact('code=abc/def+1')).toBe('code=abc/def+1');
    expect(redactor.add('abc/def+1', 'xy')).toBe(1);
    expect(redactor.redact('code=abc%2Fdef%2B1 and abc/def+1')).toBe('code=[redacted] and [redacted]');
    expect(() => Redactor.none.add('abcdef')).toThrow(/Redactor.of/);
  });
});
