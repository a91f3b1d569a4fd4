import { AUTH_TAG, authorizedRun, clientScenario, endOf, that } from '#api';

/**
 * Ours, beside the official iss-wrong-issuer: the authorization response is an error (the server
 * takes only the plain PKCE method while advertising S256) and its iss names another issuer. The
 * client must treat it as not coming from its authorization server: it must not show the error's
 * fields. The harness sees the client's output (the last lines of its stderr), and judges that
 * the error_description does not appear there.
 */
export default clientScenario({
  title: 'A client does not show an error response whose iss names another issuer',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'error-not-shown': 'authorization/client-iss-mismatch-error-ignored',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/iss-wrong-issuer-error', { server: { iss: 'wrong', pkceMethods: ['plain'] }, protection: { prmAt: ['path'], challengeNamesPrm: true } });
    // The error_description the server put in its redirect: what the client must not show.
    const description = run.authorizations.map((r) => (r.location === undefined ? null : new URL(r.location).searchParams.get('error_description'))).find((d) => d !== null && d !== '');
    if (description === undefined || description === null) return t.blocked(`no authorization request was answered with an error redirect that has an error_description (${endOf(run)})`);
    const shown = run.end.stderr.filter((line) => line.includes(description));
    t.check('error-not-shown', that(shown.length === 0, `the error_description ("${description}") of the response with the wrong iss does not appear in the client's output`, shown.length === 0 ? run.end.stderr.slice(-2) : shown));
  },
});
